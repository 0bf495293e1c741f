package dev.jtee.examples;

import static dev.jtee.ta.TeeDefines.ALG_HMAC_SHA1;
import static dev.jtee.ta.TeeDefines.ATTR_SECRET_VALUE;
import static dev.jtee.ta.TeeDefines.MODE_MAC;
import static dev.jtee.ta.TeeDefines.TYPE_HMAC_SHA1;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Memref;
import dev.jtee.ta.ObjectHandle;
import dev.jtee.ta.OperationHandle;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;

/**
 * optee_examples' hotp (RFC 4226): REGISTER_SHARED_KEY (p0 MEMREF_INPUT, at most 64 bytes; the
 * counter restarts at 0), GET_HOTP (p0 VALUE_OUTPUT a = the 6-digit code; then the counter
 * increments). HMAC-SHA1 through the GP MAC API.
 */
public final class HotpTa implements TrustedApplication {
    public static final String UUID = "484d4143-2d53-4841-3120-4a6f636b6542";
    public static final int CMD_REGISTER_SHARED_KEY = 0;
    public static final int CMD_GET_HOTP = 1;
    static final int MAX_KEY_SIZE = 64;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "hotp")
            .description("HOTP TA (RFC 4226)").build();
    private static final int KEY_TYPES = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.NONE, ParamType.NONE,
            ParamType.NONE);
    private static final int HOTP_TYPES = ParamTypes.pack(ParamType.VALUE_OUTPUT, ParamType.NONE, ParamType.NONE,
            ParamType.NONE);

    private byte[] key;
    private long counter;

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        try {
            switch (command) {
                case CMD_REGISTER_SHARED_KEY -> {
                    if (params.types() != KEY_TYPES) {
                        return TeeResult.BAD_PARAMETERS;
                    }
                    Memref k = params.memref(0);
                    if (k.size() > MAX_KEY_SIZE) {
                        return TeeResult.BAD_PARAMETERS;
                    }
                    key = k.toByteArray();
                    counter = 0;
                    return TeeResult.SUCCESS;
                }
                case CMD_GET_HOTP -> {
                    if (params.types() != HOTP_TYPES) {
                        return TeeResult.BAD_PARAMETERS;
                    }
                    if (key == null) {
                        return TeeResult.BAD_STATE;
                    }
                    params.value(0).a(hotp());
                    counter++;
                    return TeeResult.SUCCESS;
                }
                default -> {
                    return TeeResult.BAD_PARAMETERS;
                }
            }
        } catch (TeeException e) {
            return e.result();
        }
    }

    private int hotp() {
        long buf = TeeApi.malloc(8 + 20, TeeApi.MALLOC_FILL_ZERO);
        if (buf == 0) {
            throw new TeeException(TeeResult.OUT_OF_MEMORY, dev.jtee.api.Origin.TRUSTED_APP);
        }
        int bits = key.length * 8;
        ObjectHandle k = TeeApi.allocateTransientObject(TYPE_HMAC_SHA1, bits);
        OperationHandle op = TeeApi.allocateOperation(ALG_HMAC_SHA1, MODE_MAC, bits);
        try {
            TeeApi.populateTransientObject(k, TeeApi.initRefAttribute(ATTR_SECRET_VALUE, key));
            TeeApi.setOperationKey(op, k);
            TeeApi.macInit(op, 0, 0);
            for (int i = 0; i < 8; i++) {
                TeeApi.putByte(buf + i, (byte) (counter >>> (56 - 8 * i)));
            }
            TeeApi.macComputeFinal(op, buf, 8, buf + 8, 20);
            byte[] mac = new byte[20];
            TeeApi.read(buf + 8, mac, 0, 20);
            int offset = mac[19] & 0xf; // RFC 4226 dynamic truncation
            int binary = (mac[offset] & 0x7f) << 24 | (mac[offset + 1] & 0xff) << 16
                    | (mac[offset + 2] & 0xff) << 8 | (mac[offset + 3] & 0xff);
            return binary % 1_000_000;
        } finally {
            TeeApi.freeOperation(op);
            TeeApi.freeTransientObject(k);
            TeeApi.free(buf);
        }
    }
}
