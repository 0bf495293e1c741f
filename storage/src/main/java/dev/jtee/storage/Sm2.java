package dev.jtee.storage;

import dev.jtee.api.TeeResult;
import dev.jtee.ta.TeeDefines;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.SM2KeyExchange;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.SM2KeyExchangePrivateParameters;
import org.bouncycastle.crypto.params.SM2KeyExchangePublicParameters;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * SM2 on its curve sm2p256v1 (GB/T 32918 / GM/T 0003), as OP-TEE has it: {@code TEE_ALG_SM2_DSA_SM3} signs
 * the 32-byte digest e = SM3(Z_A ‖ M) the TA computed (the signature raw r ‖ s), {@code TEE_ALG_SM2_PKE}
 * encrypts to C1 ‖ C2 ‖ C3 (C1 the uncompressed point, OP-TEE's order). Keys are OP-TEE's SM2 objects:
 * {@code ECC_PUBLIC_VALUE_X/Y} and {@code ECC_PRIVATE_VALUE}, no curve attribute. BouncyCastle's curve
 * arithmetic and SM2 engine.
 */
final class Sm2 {
    private Sm2() {
    }

    static final int SIGNATURE_BYTES = 64;
    private static final int FIELD_BYTES = 32;
    /** C1 (0x04 ‖ x ‖ y) and C3 (an SM3 hash) around the message's length of C2. */
    static final int PKE_OVERHEAD = 1 + 2 * FIELD_BYTES + 32;
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(GMNamedCurves.getByName("sm2p256v1"));

    static Map<Integer, Attribute> generate() {
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(DOMAIN, KeyTypes.RANDOM));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        ECPoint q = ((ECPublicKeyParameters) kp.getPublic()).getQ().normalize();
        Map<Integer, Attribute> out = new LinkedHashMap<>();
        put(out, TeeDefines.ATTR_ECC_PUBLIC_VALUE_X, q.getAffineXCoord().toBigInteger());
        put(out, TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y, q.getAffineYCoord().toBigInteger());
        put(out, TeeDefines.ATTR_ECC_PRIVATE_VALUE, ((ECPrivateKeyParameters) kp.getPrivate()).getD());
        return out;
    }

    private static void put(Map<Integer, Attribute> out, int id, BigInteger v) {
        out.put(id, Attribute.ref(id, KeyTypes.unsigned(v)));
    }

    private static ECPoint publicPoint(Map<Integer, Attribute> key) {
        try {
            return DOMAIN.getCurve().validatePoint(KeyTypes.big(key.get(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X)),
                    KeyTypes.big(key.get(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y)));
        } catch (IllegalArgumentException e) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, "not a point of the SM2 curve: " + e.getMessage());
        }
    }

    private static BigInteger digest(byte[] e) {
        if (e.length != 32) {
            // libutee lets no BAD_PARAMETERS out of sign or verify: a panic, as for the other digests
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "SM2 signs a 32-byte SM3 digest, not " + e.length + " bytes");
        }
        return new BigInteger(1, e);
    }

    /** GB/T 32918.2 §6.1 A3..A7 on the digest e. */
    static byte[] sign(Map<Integer, Attribute> key, byte[] digest) {
        BigInteger e = digest(digest);
        BigInteger n = DOMAIN.getN();
        BigInteger d = KeyTypes.big(key.get(TeeDefines.ATTR_ECC_PRIVATE_VALUE));
        BigInteger dInv = d.add(BigInteger.ONE).modInverse(n);
        FixedPointCombMultiplier m = new FixedPointCombMultiplier();
        while (true) {
            BigInteger k = new BigInteger(n.bitLength(), KeyTypes.RANDOM);
            if (k.signum() == 0 || k.compareTo(n) >= 0) {
                continue;
            }
            BigInteger x1 = m.multiply(DOMAIN.getG(), k).normalize().getAffineXCoord().toBigInteger();
            BigInteger r = e.add(x1).mod(n);
            if (r.signum() == 0 || r.add(k).equals(n)) {
                continue;
            }
            BigInteger s = dInv.multiply(k.subtract(r.multiply(d))).mod(n);
            if (s.signum() != 0) {
                byte[] out = new byte[SIGNATURE_BYTES];
                byte[] rb = KeyTypes.unsigned(r);
                byte[] sb = KeyTypes.unsigned(s);
                System.arraycopy(rb, 0, out, FIELD_BYTES - rb.length, rb.length);
                System.arraycopy(sb, 0, out, SIGNATURE_BYTES - sb.length, sb.length);
                return out;
            }
        }
    }

    /** GB/T 32918.2 §7.1 B1..B7 on the digest e. */
    static boolean verify(Map<Integer, Attribute> key, byte[] digest, byte[] signature) {
        BigInteger e = digest(digest);
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        BigInteger n = DOMAIN.getN();
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, FIELD_BYTES));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, FIELD_BYTES, SIGNATURE_BYTES));
        if (r.signum() == 0 || r.compareTo(n) >= 0 || s.signum() == 0 || s.compareTo(n) >= 0) {
            return false;
        }
        BigInteger t = r.add(s).mod(n);
        if (t.signum() == 0) {
            return false;
        }
        ECPoint p = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), s, publicPoint(key), t).normalize();
        return !p.isInfinity() && e.add(p.getAffineXCoord().toBigInteger()).mod(n).equals(r);
    }

    static byte[] encrypt(Map<Integer, Attribute> key, byte[] message) {
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C2C3);
        engine.init(true, new ParametersWithRandom(new ECPublicKeyParameters(publicPoint(key), DOMAIN), KeyTypes.RANDOM));
        try {
            return engine.processBlock(message, 0, message.length);
        } catch (InvalidCipherTextException e) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, e.getMessage());
        }
    }

    /** BAD_PARAMETERS for a cipher text too short to hold C1 and C3 (OP-TEE's); CIPHERTEXT_INVALID when C3 does not match. */
    static byte[] decrypt(Map<Integer, Attribute> key, byte[] cipherText) {
        if (cipherText.length <= PKE_OVERHEAD) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, "SM2 cipher text of " + cipherText.length + " bytes");
        }
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C2C3);
        engine.init(false, new ECPrivateKeyParameters(KeyTypes.big(key.get(TeeDefines.ATTR_ECC_PRIVATE_VALUE)), DOMAIN));
        try {
            return engine.processBlock(cipherText, 0, cipherText.length);
        } catch (InvalidCipherTextException | IllegalArgumentException e) {
            throw Panics.fail(TeeResult.CIPHERTEXT_INVALID, "SM2 cipher text does not decrypt: " + e.getMessage());
        }
    }

    /**
     * SM2 key exchange (GB/T 32918.3, OP-TEE's TEE_ALG_SM2_KEP): this side's static and ephemeral
     * key pairs, and from {@code params} its role (TEE_ATTR_SM2_KEP_USER a: 0 initiator, 1
     * responder), the peer's static and ephemeral public points, both identities, and optionally the
     * peer's confirmation S to check (CONFIRMATION_IN) and a buffer for ours (CONFIRMATION_OUT).
     * Returns {@code length} bytes of shared key; a confirmation that does not match is a panic, as
     * TEE_DeriveKey's failures are.
     */
    static byte[] keyExchange(Map<Integer, Attribute> own, Map<Integer, Attribute> ownEphemeral, Map<Integer, Attribute> params,
                              int length) {
        Attribute user = params.get(TeeDefines.ATTR_SM2_KEP_USER);
        Attribute idI = params.get(TeeDefines.ATTR_SM2_ID_INITIATOR);
        Attribute idR = params.get(TeeDefines.ATTR_SM2_ID_RESPONDER);
        Attribute x = params.get(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X);
        Attribute y = params.get(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y);
        Attribute ex = params.get(TeeDefines.ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X);
        Attribute ey = params.get(TeeDefines.ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_Y);
        if (user == null || idI == null || idR == null || x == null || y == null || ex == null || ey == null || length <= 0) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "SM2 key exchange needs the role, both identities and the peer's two public points");
        }
        boolean initiator = user.a() == 0;
        Attribute confIn = params.get(TeeDefines.ATTR_SM2_KEP_CONFIRMATION_IN);
        Attribute confOut = params.get(TeeDefines.ATTR_SM2_KEP_CONFIRMATION_OUT);
        SM2KeyExchange kx = new SM2KeyExchange();
        kx.init(new ParametersWithID(new SM2KeyExchangePrivateParameters(initiator,
                new ECPrivateKeyParameters(KeyTypes.big(own.get(TeeDefines.ATTR_ECC_PRIVATE_VALUE)), DOMAIN),
                new ECPrivateKeyParameters(KeyTypes.big(ownEphemeral.get(TeeDefines.ATTR_ECC_PRIVATE_VALUE)), DOMAIN)),
                (initiator ? idI : idR).raw()));
        ParametersWithID peer = new ParametersWithID(new SM2KeyExchangePublicParameters(
                new ECPublicKeyParameters(point(x, y), DOMAIN), new ECPublicKeyParameters(point(ex, ey), DOMAIN)),
                (initiator ? idR : idI).raw());
        try {
            if (confIn == null && confOut == null) {
                return kx.calculateKey(length * 8, peer);
            }
            if (initiator && confIn == null) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, "the initiator's confirmation is computed with the responder's");
            }
            // initiator: {K, S_A} after checking S_B; responder: {K, S_B, the S_A expected}
            byte[][] r = kx.calculateKeyWithConfirmation(length * 8, initiator ? confIn.raw() : null, peer);
            if (!initiator && confIn != null && !org.bouncycastle.util.Arrays.constantTimeAreEqual(r[2], confIn.raw())) {
                throw Panics.panic(TeeResult.BAD_STATE, "SM2 key exchange: the initiator's confirmation does not match");
            }
            if (confOut != null) {
                byte[] out = confOut.raw();
                if (out.length < r[1].length) {
                    throw Panics.panic(TeeResult.SHORT_BUFFER, "SM2 confirmation out: " + r[1].length + " bytes needed");
                }
                System.arraycopy(r[1], 0, out, 0, r[1].length);
            }
            return r[0];
        } catch (IllegalStateException e) {
            throw Panics.panic(TeeResult.BAD_STATE, "SM2 key exchange: " + e.getMessage());
        }
    }

    private static ECPoint point(Attribute x, Attribute y) {
        try {
            return DOMAIN.getCurve().validatePoint(KeyTypes.big(x), KeyTypes.big(y));
        } catch (IllegalArgumentException e) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "not a point of the SM2 curve: " + e.getMessage());
        }
    }
}
