package dev.jtee.storage;

import dev.jtee.api.TeeResult;
import dev.jtee.ta.TeeDefines;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.DHBasicAgreement;
import org.bouncycastle.crypto.generators.DHKeyPairGenerator;
import org.bouncycastle.crypto.generators.DSAKeyPairGenerator;
import org.bouncycastle.crypto.params.DHKeyGenerationParameters;
import org.bouncycastle.crypto.params.DHParameters;
import org.bouncycastle.crypto.params.DHPrivateKeyParameters;
import org.bouncycastle.crypto.params.DHPublicKeyParameters;
import org.bouncycastle.crypto.params.DSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.DSAParameters;
import org.bouncycastle.crypto.params.DSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.DSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSASigner;

/**
 * Finite-field cryptography: DSA (FIPS 186, signatures raw r‖s of the subprime's size) and DH
 * (PKCS #3) with GP's domain attributes, on BouncyCastle.
 */
final class Ffc {
    private Ffc() {
    }

    private static BigInteger big(Map<Integer, Attribute> a, int id) {
        Attribute v = a.get(id);
        if (v == null) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, "missing attribute 0x" + Integer.toHexString(id));
        }
        return KeyTypes.big(v);
    }

    private static DSAParameters dsaDomain(Map<Integer, Attribute> a) {
        return new DSAParameters(big(a, TeeDefines.ATTR_DSA_PRIME), big(a, TeeDefines.ATTR_DSA_SUBPRIME), big(a, TeeDefines.ATTR_DSA_BASE));
    }

    static int dsaSignatureBytes(Map<Integer, Attribute> key) {
        return 2 * ((big(key, TeeDefines.ATTR_DSA_SUBPRIME).bitLength() + 7) / 8);
    }

    /** TEE_GenerateKey for a DSA keypair: the domain comes with the call (PRIME, SUBPRIME, BASE). */
    static Map<Integer, Attribute> generateDsa(Map<Integer, Attribute> params) {
        DSAParameters d = dsaDomain(params);
        DSAKeyPairGenerator g = new DSAKeyPairGenerator();
        g.init(new DSAKeyGenerationParameters(KeyTypes.RANDOM, d));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        Map<Integer, Attribute> out = new LinkedHashMap<>();
        copy(params, out, TeeDefines.ATTR_DSA_PRIME, TeeDefines.ATTR_DSA_SUBPRIME, TeeDefines.ATTR_DSA_BASE);
        put(out, TeeDefines.ATTR_DSA_PUBLIC_VALUE, ((DSAPublicKeyParameters) kp.getPublic()).getY());
        put(out, TeeDefines.ATTR_DSA_PRIVATE_VALUE, ((DSAPrivateKeyParameters) kp.getPrivate()).getX());
        return out;
    }

    static byte[] dsaSign(Map<Integer, Attribute> key, byte[] digest) {
        DSASigner s = new DSASigner();
        s.init(true, new ParametersWithRandom(new DSAPrivateKeyParameters(big(key, TeeDefines.ATTR_DSA_PRIVATE_VALUE), dsaDomain(key)),
                KeyTypes.RANDOM));
        BigInteger[] rs = s.generateSignature(digest);
        return BcEcc.rawPair(rs[0], rs[1], dsaSignatureBytes(key) / 2);
    }

    static boolean dsaVerify(Map<Integer, Attribute> key, byte[] digest, byte[] signature) {
        int n = dsaSignatureBytes(key) / 2;
        if (signature.length != 2 * n) {
            return false;
        }
        DSASigner s = new DSASigner();
        s.init(false, new DSAPublicKeyParameters(big(key, TeeDefines.ATTR_DSA_PUBLIC_VALUE), dsaDomain(key)));
        return s.verifySignature(digest, new BigInteger(1, Arrays.copyOfRange(signature, 0, n)),
                new BigInteger(1, Arrays.copyOfRange(signature, n, 2 * n)));
    }

    private static DHParameters dhDomain(Map<Integer, Attribute> a) {
        Attribute q = a.get(TeeDefines.ATTR_DH_SUBPRIME);
        Attribute xBits = a.get(TeeDefines.ATTR_DH_X_BITS);
        return new DHParameters(big(a, TeeDefines.ATTR_DH_PRIME), big(a, TeeDefines.ATTR_DH_BASE), q == null ? null : KeyTypes.big(q),
                xBits == null ? 0 : xBits.a());
    }

    /** TEE_GenerateKey for a DH keypair: PRIME and BASE required, SUBPRIME and X_BITS optional. */
    static Map<Integer, Attribute> generateDh(Map<Integer, Attribute> params) {
        Map<Integer, Attribute> out = new LinkedHashMap<>();
        copy(params, out, TeeDefines.ATTR_DH_PRIME, TeeDefines.ATTR_DH_BASE, TeeDefines.ATTR_DH_SUBPRIME, TeeDefines.ATTR_DH_X_BITS);
        Attribute xBits = params.get(TeeDefines.ATTR_DH_X_BITS);
        if (params.containsKey(TeeDefines.ATTR_DH_SUBPRIME) && (xBits == null || xBits.a() == 0)) {
            // OP-TEE's dh_make_key: x is random bytes of the subprime's length reduced modulo the
            // subprime (the prime if that is not shorter), y = g^x mod p, with no check that g
            // generates a subgroup of that order (xtest 4007's 2048-bit case gives one it does not)
            BigInteger p = big(params, TeeDefines.ATTR_DH_PRIME);
            BigInteger q = big(params, TeeDefines.ATTR_DH_SUBPRIME);
            BigInteger mod = q.bitLength() + 7 >> 3 < p.bitLength() + 7 >> 3 ? q : p;
            byte[] raw = new byte[Math.min(p.bitLength() + 7 >> 3, q.bitLength() + 7 >> 3)];
            BigInteger x;
            do {
                KeyTypes.RANDOM.nextBytes(raw);
                x = new BigInteger(1, raw).mod(mod);
            } while (x.signum() == 0);
            put(out, TeeDefines.ATTR_DH_PUBLIC_VALUE, big(params, TeeDefines.ATTR_DH_BASE).modPow(x, p));
            put(out, TeeDefines.ATTR_DH_PRIVATE_VALUE, x);
            return out;
        }
        DHKeyPairGenerator g = new DHKeyPairGenerator();
        g.init(new DHKeyGenerationParameters(KeyTypes.RANDOM, dhDomain(params)));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        put(out, TeeDefines.ATTR_DH_PUBLIC_VALUE, ((DHPublicKeyParameters) kp.getPublic()).getY());
        put(out, TeeDefines.ATTR_DH_PRIVATE_VALUE, ((DHPrivateKeyParameters) kp.getPrivate()).getX());
        return out;
    }

    /** The shared secret with the peer's {@code DH_PUBLIC_VALUE}, as an unsigned big-endian number. */
    static byte[] dhAgree(Map<Integer, Attribute> key, Attribute peer) {
        DHParameters d = dhDomain(key);
        DHBasicAgreement a = new DHBasicAgreement();
        a.init(new DHPrivateKeyParameters(big(key, TeeDefines.ATTR_DH_PRIVATE_VALUE), d));
        try {
            return KeyTypes.unsigned(a.calculateAgreement(new DHPublicKeyParameters(KeyTypes.big(peer), d)));
        } catch (IllegalArgumentException e) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "DH public value: " + e.getMessage());
        }
    }

    private static void copy(Map<Integer, Attribute> from, Map<Integer, Attribute> to, int... ids) {
        for (int id : ids) {
            if (from.containsKey(id)) {
                to.put(id, from.get(id));
            }
        }
    }

    private static void put(Map<Integer, Attribute> out, int id, BigInteger v) {
        out.put(id, Attribute.ref(id, KeyTypes.unsigned(v)));
    }
}
