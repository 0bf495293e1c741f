package dev.jtee.storage;

import dev.jtee.ta.TeeDefines;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.Ed25519ctxSigner;
import org.bouncycastle.crypto.signers.Ed25519phSigner;

/**
 * Ed25519 (RFC 8032, with OP-TEE's {@code EDDSA_CTX} and {@code EDDSA_PREHASH} for Ed25519ctx and
 * Ed25519ph) and X25519 (RFC 7748) on raw 32-byte keys, as GP's attributes hold them.
 */
final class Curve25519 {
    private Curve25519() {
    }

    static final int KEY_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;

    static Map<Integer, Attribute> generateEd25519() {
        Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(KeyTypes.RANDOM);
        Map<Integer, Attribute> out = new LinkedHashMap<>();
        out.put(TeeDefines.ATTR_ED25519_PRIVATE_VALUE, Attribute.ref(TeeDefines.ATTR_ED25519_PRIVATE_VALUE, k.getEncoded()));
        out.put(TeeDefines.ATTR_ED25519_PUBLIC_VALUE, Attribute.ref(TeeDefines.ATTR_ED25519_PUBLIC_VALUE, k.generatePublicKey().getEncoded()));
        return out;
    }

    static Map<Integer, Attribute> generateX25519() {
        X25519PrivateKeyParameters k = new X25519PrivateKeyParameters(KeyTypes.RANDOM);
        Map<Integer, Attribute> out = new LinkedHashMap<>();
        out.put(TeeDefines.ATTR_X25519_PRIVATE_VALUE, Attribute.ref(TeeDefines.ATTR_X25519_PRIVATE_VALUE, k.getEncoded()));
        out.put(TeeDefines.ATTR_X25519_PUBLIC_VALUE, Attribute.ref(TeeDefines.ATTR_X25519_PUBLIC_VALUE, k.generatePublicKey().getEncoded()));
        return out;
    }

    private static Signer signer(Map<Integer, Attribute> params) {
        Attribute ctx = params.get(TeeDefines.ATTR_EDDSA_CTX);
        Attribute ph = params.get(TeeDefines.ATTR_EDDSA_PREHASH);
        byte[] context = ctx == null ? new byte[0] : ctx.raw();
        if (context.length > 255) {
            throw Panics.fail(dev.jtee.api.TeeResult.BAD_PARAMETERS, "EdDSA context longer than 255 bytes");
        }
        if (ph != null && ph.a() != 0) {
            return new Ed25519phSigner(context);
        }
        return ctx == null ? new Ed25519Signer() : new Ed25519ctxSigner(context);
    }

    static byte[] sign(Map<Integer, Attribute> key, Map<Integer, Attribute> params, byte[] message) {
        Signer s = signer(params);
        s.init(true, new Ed25519PrivateKeyParameters(key.get(TeeDefines.ATTR_ED25519_PRIVATE_VALUE).raw(), 0));
        s.update(message, 0, message.length);
        try {
            return s.generateSignature();
        } catch (org.bouncycastle.crypto.CryptoException e) {
            throw Panics.panic(dev.jtee.api.TeeResult.BAD_PARAMETERS, e.toString());
        }
    }

    static boolean verify(Map<Integer, Attribute> key, Map<Integer, Attribute> params, byte[] message, byte[] signature) {
        Signer s = signer(params);
        s.init(false, new Ed25519PublicKeyParameters(key.get(TeeDefines.ATTR_ED25519_PUBLIC_VALUE).raw(), 0));
        s.update(message, 0, message.length);
        return signature.length == SIGNATURE_BYTES && s.verifySignature(signature);
    }

    /** X25519 with the peer's {@code X25519_PUBLIC_VALUE}. */
    static byte[] agree(Map<Integer, Attribute> key, byte[] peerPublic) {
        if (peerPublic.length != KEY_BYTES) {
            throw Panics.panic(dev.jtee.api.TeeResult.BAD_PARAMETERS, "X25519 public value of " + peerPublic.length + " bytes");
        }
        X25519Agreement a = new X25519Agreement();
        a.init(new X25519PrivateKeyParameters(key.get(TeeDefines.ATTR_X25519_PRIVATE_VALUE).raw(), 0));
        byte[] out = new byte[a.getAgreementSize()];
        a.calculateAgreement(new X25519PublicKeyParameters(peerPublic, 0), out, 0);
        return out;
    }
}
