package dev.jtee.examples;

import static dev.jtee.ta.TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA1;
import static dev.jtee.ta.TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA224;
import static dev.jtee.ta.TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA256;
import static dev.jtee.ta.TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA384;
import static dev.jtee.ta.TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA512;
import static dev.jtee.ta.TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA1;
import static dev.jtee.ta.TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA224;
import static dev.jtee.ta.TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA256;
import static dev.jtee.ta.TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA384;
import static dev.jtee.ta.TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA512;
import static dev.jtee.ta.TeeDefines.ALG_SHA1;
import static dev.jtee.ta.TeeDefines.ALG_SHA224;
import static dev.jtee.ta.TeeDefines.ALG_SHA256;
import static dev.jtee.ta.TeeDefines.ALG_SHA384;
import static dev.jtee.ta.TeeDefines.ALG_SHA512;
import static dev.jtee.ta.TeeDefines.MODE_DIGEST;
import static dev.jtee.ta.TeeDefines.MODE_SIGN;
import static dev.jtee.ta.TeeDefines.MODE_VERIFY;
import static dev.jtee.ta.TeeDefines.TYPE_RSA_KEYPAIR;
import static dev.jtee.ta.TeeDefines.TYPE_RSA_PUBLIC_KEY;

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
 * optee_examples' sign_verify: SIGN_VERIFY (p0 message, p1 signature out, p2 a = algorithm 0..4
 * RSASSA-PSS MGF1 SHA-1..512, 5..9 PKCS#1 v1.5 SHA-1..512, p3 a = RSA key size in bits): generates
 * a key pair, hashes, signs, verifies with the public key and returns the signature.
 */
public final class SignVerifyTa implements TrustedApplication {
    public static final String UUID = "f066f150-42af-404f-ae32-c8e6cd117e70";
    public static final int CMD_SIGN_VERIFY = 0;

    private static final int[] ALGORITHMS = {
        ALG_RSASSA_PKCS1_PSS_MGF1_SHA1, ALG_RSASSA_PKCS1_PSS_MGF1_SHA224, ALG_RSASSA_PKCS1_PSS_MGF1_SHA256,
        ALG_RSASSA_PKCS1_PSS_MGF1_SHA384, ALG_RSASSA_PKCS1_PSS_MGF1_SHA512, ALG_RSASSA_PKCS1_V1_5_SHA1,
        ALG_RSASSA_PKCS1_V1_5_SHA224, ALG_RSASSA_PKCS1_V1_5_SHA256, ALG_RSASSA_PKCS1_V1_5_SHA384,
        ALG_RSASSA_PKCS1_V1_5_SHA512};
    private static final int[] HASHES = {ALG_SHA1, ALG_SHA224, ALG_SHA256, ALG_SHA384, ALG_SHA512};
    private static final int MAX_SIG_SIZE = 512;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "sign_verify")
            .description("RSA sign/verify TA: PSS and PKCS#1 v1.5").build();
    private static final int TYPES = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT,
            ParamType.VALUE_INPUT, ParamType.VALUE_INPUT);

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params p) {
        if (command != CMD_SIGN_VERIFY || p.types() != TYPES) {
            return TeeResult.BAD_PARAMETERS;
        }
        int sel = p.value(2).a();
        if (sel < 0 || sel >= ALGORITHMS.length) {
            return TeeResult.BAD_PARAMETERS;
        }
        int alg = ALGORITHMS[sel];
        int hash = HASHES[sel % 5];
        int bits = p.value(3).a();
        Memref msg = p.memref(0);
        Memref out = p.memref(1);
        ObjectHandle keypair = null;
        ObjectHandle pub = null;
        OperationHandle hashOp = null;
        OperationHandle sign = null;
        OperationHandle verify = null;
        long buf = TeeApi.malloc(64 + MAX_SIG_SIZE, TeeApi.MALLOC_FILL_ZERO);
        try {
            keypair = TeeApi.allocateTransientObject(TYPE_RSA_KEYPAIR, bits);
            TeeApi.generateKey(keypair, bits);
            pub = TeeApi.allocateTransientObject(TYPE_RSA_PUBLIC_KEY, bits);
            TeeApi.copyObjectAttributes1(pub, keypair);
            hashOp = TeeApi.allocateOperation(hash, MODE_DIGEST, 0);
            int dl = TeeApi.digestDoFinal(hashOp, msg.address(), msg.size(), buf, 64);
            sign = TeeApi.allocateOperation(alg, MODE_SIGN, bits);
            TeeApi.setOperationKey(sign, keypair);
            int sl = TeeApi.asymmetricSignDigest(sign, null, buf, dl, buf + 64, MAX_SIG_SIZE);
            verify = TeeApi.allocateOperation(alg, MODE_VERIFY, bits);
            TeeApi.setOperationKey(verify, pub);
            TeeApi.asymmetricVerifyDigest(verify, null, buf, dl, buf + 64, sl);
            if (out.size() < sl) {
                out.size(sl);
                return TeeResult.SHORT_BUFFER;
            }
            TeeApi.memMove(out.address(), buf + 64, sl);
            out.size(sl);
            return TeeResult.SUCCESS;
        } catch (TeeException e) {
            return e.result();
        } finally {
            TeeApi.freeOperation(verify);
            TeeApi.freeOperation(sign);
            TeeApi.freeOperation(hashOp);
            TeeApi.freeTransientObject(pub);
            TeeApi.freeTransientObject(keypair);
            TeeApi.free(buf);
        }
    }
}
