package dev.jtee.storage;

import dev.jtee.api.TeeResult;
import dev.jtee.ta.TeeDefines;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * ECDSA and ECDH on the NIST curves the JDK's SunEC no longer has (P-192, P-224), on
 * BouncyCastle's curve arithmetic. Signatures are raw r‖s as GP has them.
 */
final class BcEcc {
    private BcEcc() {
    }

    static boolean handles(int curve) {
        return curve == TeeDefines.ECC_CURVE_NIST_P192 || curve == TeeDefines.ECC_CURVE_NIST_P224;
    }

    static ECDomainParameters domain(int curve) {
        X9ECParameters x = CustomNamedCurves.getByName(switch (curve) {
            case TeeDefines.ECC_CURVE_NIST_P192 -> "P-192";
            case TeeDefines.ECC_CURVE_NIST_P224 -> "P-224";
            default -> throw Panics.fail(TeeResult.NOT_SUPPORTED, "curve " + curve);
        });
        return new ECDomainParameters(x);
    }

    private static ECPrivateKeyParameters privateKey(Map<Integer, Attribute> a) {
        return new ECPrivateKeyParameters(KeyTypes.big(a.get(TeeDefines.ATTR_ECC_PRIVATE_VALUE)),
                domain(a.get(TeeDefines.ATTR_ECC_CURVE).a()));
    }

    static ECPublicKeyParameters publicKey(int curve, Attribute x, Attribute y) {
        ECDomainParameters d = domain(curve);
        try {
            return new ECPublicKeyParameters(d.getCurve().validatePoint(KeyTypes.big(x), KeyTypes.big(y)), d);
        } catch (IllegalArgumentException e) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, "not a point of the curve: " + e.getMessage());
        }
    }

    static Map<Integer, Attribute> generate(int curve) {
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(domain(curve), KeyTypes.RANDOM));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        var q = ((ECPublicKeyParameters) kp.getPublic()).getQ().normalize();
        Map<Integer, Attribute> out = new LinkedHashMap<>();
        put(out, TeeDefines.ATTR_ECC_PUBLIC_VALUE_X, q.getAffineXCoord().toBigInteger());
        put(out, TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y, q.getAffineYCoord().toBigInteger());
        put(out, TeeDefines.ATTR_ECC_PRIVATE_VALUE, ((ECPrivateKeyParameters) kp.getPrivate()).getD());
        out.put(TeeDefines.ATTR_ECC_CURVE, Attribute.value(TeeDefines.ATTR_ECC_CURVE, curve, 0));
        return out;
    }

    private static void put(Map<Integer, Attribute> out, int id, BigInteger v) {
        out.put(id, Attribute.ref(id, KeyTypes.unsigned(v)));
    }

    static byte[] sign(Map<Integer, Attribute> key, byte[] digest, int fieldBytes) {
        ECDSASigner s = new ECDSASigner();
        s.init(true, new ParametersWithRandom(privateKey(key), KeyTypes.RANDOM));
        BigInteger[] rs = s.generateSignature(digest);
        return rawPair(rs[0], rs[1], fieldBytes);
    }

    static boolean verify(Map<Integer, Attribute> key, byte[] digest, byte[] signature, int fieldBytes) {
        if (signature.length != 2 * fieldBytes) {
            return false;
        }
        ECDSASigner s = new ECDSASigner();
        s.init(false, publicKey(key.get(TeeDefines.ATTR_ECC_CURVE).a(), key.get(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X),
                key.get(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y)));
        return s.verifySignature(digest, new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, fieldBytes)),
                new BigInteger(1, java.util.Arrays.copyOfRange(signature, fieldBytes, 2 * fieldBytes)));
    }

    /** The shared x coordinate, left-padded to the field size as OP-TEE returns it. */
    static byte[] agree(Map<Integer, Attribute> key, Attribute x, Attribute y, int fieldBytes) {
        ECDHBasicAgreement a = new ECDHBasicAgreement();
        a.init(privateKey(key));
        return fixed(a.calculateAgreement(publicKey(key.get(TeeDefines.ATTR_ECC_CURVE).a(), x, y)), fieldBytes);
    }

    /** r‖s, each left-padded to {@code n} bytes. */
    static byte[] rawPair(BigInteger r, BigInteger s, int n) {
        byte[] out = new byte[2 * n];
        System.arraycopy(fixed(r, n), 0, out, 0, n);
        System.arraycopy(fixed(s, n), 0, out, n, n);
        return out;
    }

    static byte[] fixed(BigInteger v, int n) {
        byte[] u = KeyTypes.unsigned(v);
        byte[] out = new byte[n];
        System.arraycopy(u, 0, out, n - u.length, u.length);
        return out;
    }
}
