package dev.jtee.examples;

import static dev.jtee.ta.TeeDefines.ALG_ECDH_DERIVE_SHARED_SECRET;
import static dev.jtee.ta.TeeDefines.ATTR_ECC_CURVE;
import static dev.jtee.ta.TeeDefines.ATTR_ECC_PUBLIC_VALUE_X;
import static dev.jtee.ta.TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y;
import static dev.jtee.ta.TeeDefines.ATTR_SECRET_VALUE;
import static dev.jtee.ta.TeeDefines.ECC_CURVE_NIST_P192;
import static dev.jtee.ta.TeeDefines.ECC_CURVE_NIST_P224;
import static dev.jtee.ta.TeeDefines.ECC_CURVE_NIST_P256;
import static dev.jtee.ta.TeeDefines.ECC_CURVE_NIST_P384;
import static dev.jtee.ta.TeeDefines.MODE_DERIVE;
import static dev.jtee.ta.TeeDefines.TYPE_ECDH_KEYPAIR;
import static dev.jtee.ta.TeeDefines.TYPE_GENERIC_SECRET;

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
import dev.jtee.ta.TeeAttribute;
import dev.jtee.ta.TrustedApplication;

/**
 * optee_examples' ecdh, as in its current ecdh_ta.h: DERIVE_SELFTEST (p0 VALUE_INPUT a = curve 0
 * P-192 .. 3 P-384; p3 MEMREF_OUTPUT the shared secret, SHORT_BUFFER with its size when too small):
 * generates two key pairs, derives the secret both ways, checks they agree and returns it (P-192
 * and P-224 on the engine's BouncyCastle curves, P-256 and P-384 on the JDK's).
 */
public final class EcdhTa implements TrustedApplication {
    public static final String UUID = "50c82425-94da-4072-a3e0-58ef063767c0";
    public static final int CMD_DERIVE_SELFTEST = 0;
    public static final int CURVE_NIST_P192 = 0;
    public static final int CURVE_NIST_P224 = 1;
    public static final int CURVE_NIST_P256 = 2;
    public static final int CURVE_NIST_P384 = 3;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "ecdh")
            .description("ECDH TA: key agreement self test").build();
    private static final int TYPES = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.NONE, ParamType.NONE,
            ParamType.MEMREF_OUTPUT);

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params p) {
        if (command != CMD_DERIVE_SELFTEST || p.types() != TYPES) {
            return TeeResult.BAD_PARAMETERS;
        }
        int curve;
        int bits;
        switch (p.value(0).a()) {
            case CURVE_NIST_P192 -> { curve = ECC_CURVE_NIST_P192; bits = 192; }
            case CURVE_NIST_P224 -> { curve = ECC_CURVE_NIST_P224; bits = 224; }
            case CURVE_NIST_P256 -> { curve = ECC_CURVE_NIST_P256; bits = 256; }
            case CURVE_NIST_P384 -> { curve = ECC_CURVE_NIST_P384; bits = 384; }
            default -> {
                return TeeResult.BAD_PARAMETERS;
            }
        }
        ObjectHandle a = null;
        ObjectHandle b = null;
        try {
            a = keypair(curve, bits);
            b = keypair(curve, bits);
            byte[] sa = derive(a, b, bits);
            byte[] sb = derive(b, a, bits);
            if (!java.security.MessageDigest.isEqual(sa, sb)) {
                return TeeResult.GENERIC;
            }
            Memref out = p.memref(3);
            if (out.size() < sa.length) {
                out.size(sa.length);
                return TeeResult.SHORT_BUFFER;
            }
            out.write(0, sa, 0, sa.length);
            out.size(sa.length);
            return TeeResult.SUCCESS;
        } catch (TeeException e) {
            return e.result();
        } finally {
            TeeApi.freeTransientObject(a);
            TeeApi.freeTransientObject(b);
        }
    }

    private static ObjectHandle keypair(int curve, int bits) {
        ObjectHandle k = TeeApi.allocateTransientObject(TYPE_ECDH_KEYPAIR, bits);
        TeeApi.generateKey(k, bits, TeeApi.initValueAttribute(ATTR_ECC_CURVE, curve, 0));
        return k;
    }

    /** The secret {@code mine} derives with {@code peer}'s public value, read back as GP does. */
    private static byte[] derive(ObjectHandle mine, ObjectHandle peer, int bits) {
        int len = (bits + 7) / 8;
        long buf = TeeApi.malloc(3L * len, TeeApi.MALLOC_FILL_ZERO);
        OperationHandle op = TeeApi.allocateOperation(ALG_ECDH_DERIVE_SHARED_SECRET, MODE_DERIVE, bits);
        ObjectHandle derived = null;
        try {
            int xl = TeeApi.getObjectBufferAttribute(peer, ATTR_ECC_PUBLIC_VALUE_X, buf, len);
            int yl = TeeApi.getObjectBufferAttribute(peer, ATTR_ECC_PUBLIC_VALUE_Y, buf + len, len);
            TeeApi.setOperationKey(op, mine);
            derived = TeeApi.allocateTransientObject(TYPE_GENERIC_SECRET, bits);
            TeeApi.deriveKey(op, new TeeAttribute[] {
                    TeeApi.initRefAttribute(ATTR_ECC_PUBLIC_VALUE_X, buf, xl),
                    TeeApi.initRefAttribute(ATTR_ECC_PUBLIC_VALUE_Y, buf + len, yl)}, derived);
            int n = TeeApi.getObjectBufferAttribute(derived, ATTR_SECRET_VALUE, buf + 2L * len, len);
            byte[] s = new byte[n];
            TeeApi.read(buf + 2L * len, s, 0, n);
            return s;
        } finally {
            TeeApi.freeTransientObject(derived);
            TeeApi.freeOperation(op);
            TeeApi.free(buf);
        }
    }
}
