package dev.jtee.examples;

import static dev.jtee.ta.TeeDefines.ALG_AES_CBC_NOPAD;
import static dev.jtee.ta.TeeDefines.ALG_AES_CCM;
import static dev.jtee.ta.TeeDefines.ALG_AES_CTR;
import static dev.jtee.ta.TeeDefines.ALG_AES_ECB_NOPAD;
import static dev.jtee.ta.TeeDefines.ALG_AES_GCM;
import static dev.jtee.ta.TeeDefines.ATTR_SECRET_VALUE;
import static dev.jtee.ta.TeeDefines.MODE_DECRYPT;
import static dev.jtee.ta.TeeDefines.MODE_ENCRYPT;
import static dev.jtee.ta.TeeDefines.TYPE_AES;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.AeEncryptResult;
import dev.jtee.ta.Memref;
import dev.jtee.ta.ObjectHandle;
import dev.jtee.ta.OperationHandle;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;

/**
 * optee_examples' aes: PREPARE (algo ECB/CBC/CTR/CCM/GCM, key size 16|32 bytes, mode 1 encrypt /
 * 0 decrypt), SET_KEY, SET_IV, CIPHER, and AUTHENC (CCM/GCM with the 12-byte nonce 00..0B and a
 * 128-bit tag). State is per session (per instance: the TA is multi-instance).
 */
public final class AesTa implements TrustedApplication {
    public static final String UUID = "5dbac793-f574-4871-8ad3-04331ec17f24";
    public static final int CMD_PREPARE = 0;
    public static final int CMD_SET_KEY = 1;
    public static final int CMD_SET_IV = 2;
    public static final int CMD_CIPHER = 3;
    public static final int CMD_AUTHENC = 4;
    public static final int ALGO_ECB = 0;
    public static final int ALGO_CBC = 1;
    public static final int ALGO_CTR = 2;
    public static final int ALGO_CCM = 3;
    public static final int ALGO_GCM = 4;
    public static final int MODE_ENCODE = 1;
    public static final int MODE_DECODE = 0;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "aes")
            .description("AES TA: ECB, CBC, CTR, CCM and GCM through the GP crypto API").build();
    private static final int PREPARE_TYPES = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.VALUE_INPUT,
            ParamType.VALUE_INPUT, ParamType.NONE);
    private static final int ONE_INPUT = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.NONE, ParamType.NONE,
            ParamType.NONE);
    private static final int CIPHER_TYPES = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT,
            ParamType.NONE, ParamType.NONE);
    private static final int AUTHENC_TYPES = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT,
            ParamType.VALUE_INPUT, ParamType.MEMREF_INOUT);

    private int algorithm;
    private int keySize;
    private int mode;
    private OperationHandle op;
    private ObjectHandle key;

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        try {
            return switch (command) {
                case CMD_PREPARE -> prepare(params);
                case CMD_SET_KEY -> setKey(params);
                case CMD_SET_IV -> setIv(params);
                case CMD_CIPHER -> cipher(params);
                case CMD_AUTHENC -> authenc(params);
                default -> TeeResult.NOT_SUPPORTED;
            };
        } catch (TeeException e) {
            return e.result();
        }
    }

    @Override
    public void closeSession(TaSession session) {
        TeeApi.freeOperation(op);
        TeeApi.freeTransientObject(key);
    }

    private static boolean authenticated(int algorithm) {
        return algorithm == ALG_AES_CCM || algorithm == ALG_AES_GCM;
    }

    private TeeResult prepare(Params p) {
        if (p.types() != PREPARE_TYPES) {
            return TeeResult.BAD_PARAMETERS;
        }
        int alg = switch (p.value(0).a()) {
            case ALGO_ECB -> ALG_AES_ECB_NOPAD;
            case ALGO_CBC -> ALG_AES_CBC_NOPAD;
            case ALGO_CTR -> ALG_AES_CTR;
            case ALGO_CCM -> ALG_AES_CCM;
            case ALGO_GCM -> ALG_AES_GCM;
            default -> 0;
        };
        int size = p.value(1).a();
        int m = switch (p.value(2).a()) {
            case MODE_ENCODE -> MODE_ENCRYPT;
            case MODE_DECODE -> MODE_DECRYPT;
            default -> -1;
        };
        if (alg == 0 || (size != 16 && size != 32) || m < 0) {
            return TeeResult.BAD_PARAMETERS;
        }
        TeeApi.freeOperation(op);
        TeeApi.freeTransientObject(key);
        op = null;
        key = null;
        algorithm = alg;
        keySize = size;
        mode = m;
        op = TeeApi.allocateOperation(alg, m, size * 8);
        key = TeeApi.allocateTransientObject(TYPE_AES, size * 8);
        // a placeholder key so the operation is usable at once, as the C TA does
        TeeApi.populateTransientObject(key, TeeApi.initRefAttribute(ATTR_SECRET_VALUE, new byte[size]));
        TeeApi.setOperationKey(op, key);
        return TeeResult.SUCCESS;
    }

    private TeeResult setKey(Params p) {
        if (p.types() != ONE_INPUT) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (op == null) {
            return TeeResult.BAD_STATE;
        }
        Memref k = p.memref(0);
        if (k.size() != keySize) {
            return TeeResult.BAD_PARAMETERS;
        }
        TeeApi.resetTransientObject(key);
        TeeApi.populateTransientObject(key, TeeApi.initRefAttribute(ATTR_SECRET_VALUE, k.address(), k.size()));
        TeeApi.resetOperation(op);
        TeeApi.setOperationKey(op, key);
        return TeeResult.SUCCESS;
    }

    private TeeResult setIv(Params p) {
        if (p.types() != ONE_INPUT) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (op == null) {
            return TeeResult.BAD_STATE;
        }
        if (authenticated(algorithm)) {
            return TeeResult.SUCCESS; // AUTHENC uses its fixed nonce
        }
        Memref iv = p.memref(0);
        TeeApi.cipherInit(op, iv.address(), iv.size());
        return TeeResult.SUCCESS;
    }

    private TeeResult cipher(Params p) {
        if (p.types() != CIPHER_TYPES) {
            return TeeResult.BAD_PARAMETERS;
        }
        Memref in = p.memref(0);
        Memref out = p.memref(1);
        if (out.size() < in.size()) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (op == null || authenticated(algorithm)) {
            return TeeResult.BAD_STATE;
        }
        int n = TeeApi.cipherUpdate(op, in.address(), in.size(), out.address(), out.size());
        out.size(n);
        return TeeResult.SUCCESS;
    }

    private TeeResult authenc(Params p) {
        if (p.types() != AUTHENC_TYPES) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (op == null || !authenticated(algorithm)) {
            return TeeResult.BAD_STATE;
        }
        Memref in = p.memref(0);
        Memref out = p.memref(1);
        Memref tag = p.memref(3);
        boolean encrypt = p.value(2).a() != 0;
        long nonce = TeeApi.malloc(12, TeeApi.MALLOC_FILL_ZERO);
        if (nonce == 0) {
            return TeeResult.OUT_OF_MEMORY;
        }
        OperationHandle ae = null;
        try {
            for (int i = 0; i < 12; i++) {
                TeeApi.putByte(nonce + i, (byte) i);
            }
            ae = TeeApi.allocateOperation(algorithm, encrypt ? MODE_ENCRYPT : MODE_DECRYPT, keySize * 8);
            TeeApi.setOperationKey(ae, key);
            TeeApi.aeInit(ae, nonce, 12, 128, 0, in.size());
            if (encrypt) {
                AeEncryptResult r = TeeApi.aeEncryptFinal(ae, in.address(), in.size(), out.address(), out.size(),
                        tag.address(), tag.size());
                out.size(r.written());
                tag.size(r.tagLength());
            } else {
                out.size(TeeApi.aeDecryptFinal(ae, in.address(), in.size(), out.address(), out.size(),
                        tag.address(), tag.size()));
            }
            return TeeResult.SUCCESS;
        } catch (dev.jtee.ta.ShortBufferException e) {
            (e.forTag() ? tag : out).size(e.required());
            return TeeResult.SHORT_BUFFER;
        } finally {
            TeeApi.freeOperation(ae);
            TeeApi.free(nonce);
        }
    }
}
