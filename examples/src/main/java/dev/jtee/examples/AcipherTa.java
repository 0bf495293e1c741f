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
import java.util.Set;

/**
 * optee_examples' acipher, as in its current acipher_ta.h: GEN_KEY (p0 VALUE_INPUT a = RSA key size
 * in bits) and ENCRYPT_DECRYPT (p0 MEMREF_INPUT data, p1 MEMREF_OUTPUT result, p2 VALUE_INPUT a = 0
 * decrypt / else encrypt, p3 VALUE_INPUT a = TA_ALG_*, the GP algorithm id: RSAES PKCS#1 v1.5 or
 * OAEP MGF1 SHA-1/224/256/384/512). The first acipher's ENCRYPT (p0 in, p1 out, PKCS#1 v1.5, same
 * command id) is still taken. No key yet → BAD_STATE; an output too small → SHORT_BUFFER with the
 * size needed; another algorithm → BAD_PARAMETERS.
 */
public final class AcipherTa implements TrustedApplication {
    public static final String UUID = "a734eed9-d6a1-4244-aa50-7c99719e7b7b";
    public static final int CMD_GEN_KEY = 0;
    public static final int CMD_ENCRYPT_DECRYPT = 1;
    public static final int MODE_DECRYPT_VALUE = 0;
    public static final int MODE_ENCRYPT_VALUE = 1;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "acipher")
            .description("Asymmetric cipher TA: RSA key generation, RSAES PKCS#1 v1.5 and OAEP").build();
    private static final int GEN_TYPES = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.NONE, ParamType.NONE,
            ParamType.NONE);
    private static final int ENC_DEC_TYPES = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT,
            ParamType.VALUE_INPUT, ParamType.VALUE_INPUT);
    private static final int ENC_V1_TYPES = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT,
            ParamType.NONE, ParamType.NONE);
    private static final Set<Integer> ALGORITHMS = Set.of(ALG_RSAES_PKCS1_V1_5, ALG_RSAES_PKCS1_OAEP_MGF1_SHA1,
            ALG_RSAES_PKCS1_OAEP_MGF1_SHA224, ALG_RSAES_PKCS1_OAEP_MGF1_SHA256, ALG_RSAES_PKCS1_OAEP_MGF1_SHA384,
            ALG_RSAES_PKCS1_OAEP_MGF1_SHA512);

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
                case CMD_ENCRYPT_DECRYPT -> encryptDecrypt(params);
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

    private TeeResult encryptDecrypt(Params p) {
        int alg = ALG_RSAES_PKCS1_V1_5;
        int mode = MODE_ENCRYPT;
        if (p.types() == ENC_DEC_TYPES) {
            alg = p.value(3).a();
            mode = p.value(2).a() == MODE_DECRYPT_VALUE ? MODE_DECRYPT : MODE_ENCRYPT;
            if (!ALGORITHMS.contains(alg)) {
                return TeeResult.BAD_PARAMETERS;
            }
        } else if (p.types() != ENC_V1_TYPES) {
            return TeeResult.BAD_PARAMETERS;
        }
        Memref in = p.memref(0);
        Memref out = p.memref(1);
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
