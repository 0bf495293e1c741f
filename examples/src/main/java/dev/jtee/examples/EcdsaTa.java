package dev.jtee.examples;

import static dev.jtee.ta.TeeDefines.ALG_ECDSA_SHA1;
import static dev.jtee.ta.TeeDefines.ALG_ECDSA_SHA224;
import static dev.jtee.ta.TeeDefines.ALG_ECDSA_SHA256;
import static dev.jtee.ta.TeeDefines.ALG_ECDSA_SHA384;
import static dev.jtee.ta.TeeDefines.ALG_ECDSA_SHA512;
import static dev.jtee.ta.TeeDefines.ALG_SHA1;
import static dev.jtee.ta.TeeDefines.ALG_SHA224;
import static dev.jtee.ta.TeeDefines.ALG_SHA256;
import static dev.jtee.ta.TeeDefines.ALG_SHA384;
import static dev.jtee.ta.TeeDefines.ALG_SHA512;
import static dev.jtee.ta.TeeDefines.ATTR_ECC_CURVE;
import static dev.jtee.ta.TeeDefines.ECC_CURVE_NIST_P192;
import static dev.jtee.ta.TeeDefines.ECC_CURVE_NIST_P224;
import static dev.jtee.ta.TeeDefines.ECC_CURVE_NIST_P256;
import static dev.jtee.ta.TeeDefines.ECC_CURVE_NIST_P384;
import static dev.jtee.ta.TeeDefines.ECC_CURVE_NIST_P521;
import static dev.jtee.ta.TeeDefines.MODE_DIGEST;
import static dev.jtee.ta.TeeDefines.MODE_SIGN;
import static dev.jtee.ta.TeeDefines.MODE_VERIFY;
import static dev.jtee.ta.TeeDefines.TYPE_ECDSA_KEYPAIR;
import static dev.jtee.ta.TeeDefines.TYPE_ECDSA_PUBLIC_KEY;

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
 * optee_examples' ecdsa: COMPUTE_DIGEST (p0 message, p1 digest out, p2 a = TEE_ALG_ECDSA_* which
 * the session keeps), GEN_KEY (no params: the curve follows the algorithm), SIGN_VERIFY_DIGEST (p0
 * digest, p1 signature out, raw r‖s; signs, verifies with the public half, then returns it).
 * SHA-1/P-192, SHA-224/P-224, SHA-256/P-256, SHA-384/P-384 and SHA-512/P-521.
 */
public final class EcdsaTa implements TrustedApplication {
    public static final String UUID = "1945e8e7-0278-4bfb-bb99-af1080b2a934";
    public static final int CMD_COMPUTE_DIGEST = 0;
    public static final int CMD_GEN_KEY = 1;
    public static final int CMD_SIGN_VERIFY_DIGEST = 2;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "ecdsa")
            .description("ECDSA TA: digest, key generation, sign and verify").build();
    private static final int DIGEST_TYPES = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT,
            ParamType.VALUE_INPUT, ParamType.NONE);
    private static final int NONE = ParamTypes.pack(ParamType.NONE, ParamType.NONE, ParamType.NONE, ParamType.NONE);
    private static final int SIGN_TYPES = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT,
            ParamType.NONE, ParamType.NONE);

    private int algorithm;
    private int keyBits;
    private ObjectHandle keypair;
    private ObjectHandle publicKey;

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public void closeSession(TaSession session) {
        TeeApi.freeTransientObject(keypair);
        TeeApi.freeTransientObject(publicKey);
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params p) {
        try {
            return switch (command) {
                case CMD_COMPUTE_DIGEST -> digest(p);
                case CMD_GEN_KEY -> p.types() == NONE ? genKey() : TeeResult.BAD_PARAMETERS;
                case CMD_SIGN_VERIFY_DIGEST -> signVerify(p);
                default -> TeeResult.BAD_PARAMETERS;
            };
        } catch (TeeException e) {
            return e.result();
        }
    }

    private TeeResult digest(Params p) {
        if (p.types() != DIGEST_TYPES) {
            return TeeResult.BAD_PARAMETERS;
        }
        int hash = switch (p.value(2).a()) {
            case ALG_ECDSA_SHA1 -> ALG_SHA1;
            case ALG_ECDSA_SHA224 -> ALG_SHA224;
            case ALG_ECDSA_SHA256 -> ALG_SHA256;
            case ALG_ECDSA_SHA384 -> ALG_SHA384;
            case ALG_ECDSA_SHA512 -> ALG_SHA512;
            default -> 0;
        };
        if (hash == 0) {
            return TeeResult.BAD_PARAMETERS;
        }
        algorithm = p.value(2).a();
        Memref in = p.memref(0);
        Memref out = p.memref(1);
        OperationHandle op = TeeApi.allocateOperation(hash, MODE_DIGEST, 0);
        try {
            out.size(TeeApi.digestDoFinal(op, in.address(), in.size(), out.address(), out.size()));
            return TeeResult.SUCCESS;
        } catch (ShortBufferException e) {
            out.size(e.required());
            return TeeResult.SHORT_BUFFER;
        } finally {
            TeeApi.freeOperation(op);
        }
    }

    private TeeResult genKey() {
        int curve;
        int bits;
        switch (algorithm) {
            case ALG_ECDSA_SHA1 -> { curve = ECC_CURVE_NIST_P192; bits = 192; }
            case ALG_ECDSA_SHA224 -> { curve = ECC_CURVE_NIST_P224; bits = 224; }
            case ALG_ECDSA_SHA256 -> { curve = ECC_CURVE_NIST_P256; bits = 256; }
            case ALG_ECDSA_SHA384 -> { curve = ECC_CURVE_NIST_P384; bits = 384; }
            case ALG_ECDSA_SHA512 -> { curve = ECC_CURVE_NIST_P521; bits = 521; }
            default -> {
                return TeeResult.BAD_PARAMETERS;
            }
        }
        TeeApi.freeTransientObject(keypair);
        TeeApi.freeTransientObject(publicKey);
        keypair = null;
        publicKey = null;
        keypair = TeeApi.allocateTransientObject(TYPE_ECDSA_KEYPAIR, bits);
        TeeApi.generateKey(keypair, bits, TeeApi.initValueAttribute(ATTR_ECC_CURVE, curve, 0));
        publicKey = TeeApi.allocateTransientObject(TYPE_ECDSA_PUBLIC_KEY, bits);
        TeeApi.copyObjectAttributes1(publicKey, keypair);
        keyBits = bits;
        return TeeResult.SUCCESS;
    }

    private TeeResult signVerify(Params p) {
        if (p.types() != SIGN_TYPES) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (keypair == null) {
            return TeeResult.BAD_STATE;
        }
        Memref digest = p.memref(0);
        Memref out = p.memref(1);
        long sig = TeeApi.malloc(512, TeeApi.MALLOC_FILL_ZERO);
        OperationHandle sign = null;
        OperationHandle verify = null;
        try {
            sign = TeeApi.allocateOperation(algorithm, MODE_SIGN, keyBits);
            TeeApi.setOperationKey(sign, keypair);
            int n = TeeApi.asymmetricSignDigest(sign, null, digest.address(), digest.size(), sig, 512);
            verify = TeeApi.allocateOperation(algorithm, MODE_VERIFY, keyBits);
            TeeApi.setOperationKey(verify, publicKey);
            TeeApi.asymmetricVerifyDigest(verify, null, digest.address(), digest.size(), sig, n);
            if (out.size() < n) {
                out.size(n);
                return TeeResult.SHORT_BUFFER;
            }
            TeeApi.memMove(out.address(), sig, n);
            out.size(n);
            return TeeResult.SUCCESS;
        } finally {
            TeeApi.freeOperation(sign);
            TeeApi.freeOperation(verify);
            TeeApi.free(sig);
        }
    }
}
