package dev.jtee.examples;

import static dev.jtee.ta.TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA1;
import static dev.jtee.ta.TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA224;
import static dev.jtee.ta.TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA256;
import static dev.jtee.ta.TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA384;
import static dev.jtee.ta.TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA512;
import static dev.jtee.ta.TeeDefines.ALG_RSAES_PKCS1_V1_5;
import static dev.jtee.ta.TeeDefines.MODE_DECRYPT;
import static dev.jtee.ta.TeeDefines.MODE_ENCRYPT;
import static dev.jtee.ta.TeeDefines.TYPE_RSA_KEYPAIR;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Memref;
import dev.jtee.ta.ObjectHandle;
import dev.jtee.ta.OperationHandle;
import dev.jtee.ta.Params;
import dev.jtee.ta.ShortBufferException;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;

/**
 * optee_examples' acipher: GEN_KEY (p0 value a = RSA key size in bits) and ENCRYPT. ENCRYPT takes
 * the original layout (p0 in, p1 out: RSAES PKCS#1 v1.5) or the newer one (p0 value a = TA_ALG_*
 * 0 PKCS#1 v1.5, 1..5 OAEP MGF1 SHA-1/224/256/384/512; p1 in, p2 out), where value b = 1 decrypts
 * instead (a jtee addition, so a client can round-trip). No key yet → BAD_STATE; an output too
 * small → SHORT_BUFFER with the size needed.
 */
public final class AcipherTa implements TrustedApplication {
    public static final String UUID = "a734eed9-d6a1-4244-aa50-7c99719e7b7b";
    public static final int CMD_GEN_KEY = 0;
    public static final int CMD_ENCRYPT = 1;
    public static final int ALG_PKCS1_V1_5 = 0;
    public static final int ALG_OAEP_MGF1_SHA1 = 1;
    public static final int ALG_OAEP_MGF1_SHA224 = 2;
    public static final int ALG_OAEP_MGF1_SHA256 = 3;
    public static final int ALG_OAEP_MGF1_SHA384 = 4;
    public static final int ALG_OAEP_MGF1_SHA512 = 5;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "acipher")
            .description("Asymmetric cipher TA: RSA key generation, RSAES PKCS#1 v1.5 and OAEP").build();
    private static final int GEN_TYPES = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.NONE, ParamType.NONE,
            ParamType.NONE);
    private static final int ENC_TYPES = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT,
            ParamType.NONE, ParamType.NONE);
    private static final int ENC_ALG_TYPES = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.MEMREF_INPUT,
            ParamType.MEMREF_OUTPUT, ParamType.NONE);

    private ObjectHandle key;
    private int keyBits;

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public void closeSession(TaSession session) {
        TeeApi.freeTransientObject(key);
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        try {
            return switch (command) {
                case CMD_GEN_KEY -> genKey(params);
                case CMD_ENCRYPT -> encrypt(params);
                default -> TeeResult.NOT_SUPPORTED;
            };
        } catch (TeeException e) {
            return e.result();
        }
    }

    private TeeResult genKey(Params p) {
        if (p.types() != GEN_TYPES) {
            return TeeResult.BAD_PARAMETERS;
        }
        int bits = p.value(0).a();
        ObjectHandle k = TeeApi.allocateTransientObject(TYPE_RSA_KEYPAIR, bits);
        try {
            TeeApi.generateKey(k, bits);
        } catch (TeeException e) {
            TeeApi.freeTransientObject(k);
            throw e;
        }
        TeeApi.freeTransientObject(key);
        key = k;
        keyBits = bits;
        return TeeResult.SUCCESS;
    }

    private TeeResult encrypt(Params p) {
        int alg;
        int mode = MODE_ENCRYPT;
        Memref in;
        Memref out;
        if (p.types() == ENC_TYPES) {
            alg = ALG_RSAES_PKCS1_V1_5;
            in = p.memref(0);
            out = p.memref(1);
        } else if (p.types() == ENC_ALG_TYPES) {
            alg = switch (p.value(0).a()) {
                case ALG_PKCS1_V1_5 -> ALG_RSAES_PKCS1_V1_5;
                case ALG_OAEP_MGF1_SHA1 -> ALG_RSAES_PKCS1_OAEP_MGF1_SHA1;
                case ALG_OAEP_MGF1_SHA224 -> ALG_RSAES_PKCS1_OAEP_MGF1_SHA224;
                case ALG_OAEP_MGF1_SHA256 -> ALG_RSAES_PKCS1_OAEP_MGF1_SHA256;
                case ALG_OAEP_MGF1_SHA384 -> ALG_RSAES_PKCS1_OAEP_MGF1_SHA384;
                case ALG_OAEP_MGF1_SHA512 -> ALG_RSAES_PKCS1_OAEP_MGF1_SHA512;
                default -> 0;
            };
            if (alg == 0) {
                return TeeResult.BAD_PARAMETERS;
            }
            mode = p.value(0).b() == 1 ? MODE_DECRYPT : MODE_ENCRYPT;
            in = p.memref(1);
            out = p.memref(2);
        } else {
            return TeeResult.BAD_PARAMETERS;
        }
        if (key == null) {
            return TeeResult.BAD_STATE;
        }
        OperationHandle op = TeeApi.allocateOperation(alg, mode, keyBits);
        try {
            TeeApi.setOperationKey(op, key);
            int n = mode == MODE_ENCRYPT
                    ? TeeApi.asymmetricEncrypt(op, null, in.address(), in.size(), out.address(), out.size())
                    : TeeApi.asymmetricDecrypt(op, null, in.address(), in.size(), out.address(), out.size());
            out.size(n);
            return TeeResult.SUCCESS;
        } catch (ShortBufferException e) {
            out.size(e.required());
            return TeeResult.SHORT_BUFFER;
        } finally {
            TeeApi.freeOperation(op);
        }
    }
}
