package dev.jtee.storage;

import dev.jtee.ta.TeeDefines;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.agreement.X448Agreement;
import org.bouncycastle.crypto.params.X448PrivateKeyParameters;
import org.bouncycastle.crypto.params.X448PublicKeyParameters;

/**
 * X448 (RFC 7748) on raw 56-byte keys, as OP-TEE's {@code TEE_ATTR_X448_*} attributes hold them,
 * BouncyCastle's. (Ed448 is left out: OP-TEE lists its type and algorithm but no key attributes.)
 */
final class Curve448 {
    private Curve448() {
    }

    static final int KEY_BYTES = 56;

    static Map<Integer, Attribute> generateX448() {
        X448PrivateKeyParameters k = new X448PrivateKeyParameters(KeyTypes.RANDOM);
        Map<Integer, Attribute> out = new LinkedHashMap<>();
        out.put(TeeDefines.ATTR_X448_PRIVATE_VALUE, Attribute.ref(TeeDefines.ATTR_X448_PRIVATE_VALUE, k.getEncoded()));
        out.put(TeeDefines.ATTR_X448_PUBLIC_VALUE, Attribute.ref(TeeDefines.ATTR_X448_PUBLIC_VALUE, k.generatePublicKey().getEncoded()));
        return out;
    }

    /** X448 with the peer's {@code X448_PUBLIC_VALUE}. */
    static byte[] agree(Map<Integer, Attribute> key, byte[] peerPublic) {
        if (peerPublic.length != KEY_BYTES) {
            throw Panics.panic(dev.jtee.api.TeeResult.BAD_PARAMETERS, "X448 public value of " + peerPublic.length + " bytes");
        }
        X448Agreement a = new X448Agreement();
        a.init(new X448PrivateKeyParameters(key.get(TeeDefines.ATTR_X448_PRIVATE_VALUE).raw(), 0));
        byte[] out = new byte[a.getAgreementSize()];
        a.calculateAgreement(new X448PublicKeyParameters(peerPublic, 0), out, 0);
        return out;
    }
}
