package dev.jtee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.TeeDefines;
import java.math.BigInteger;
import javax.crypto.interfaces.DHPublicKey;
import org.junit.jupiter.api.Test;

/** The engine's rules for the object types and algorithms that came with BouncyCastle. */
class CryptoCoverageTest {
    private static byte[] u(BigInteger v) {
        return KeyTypes.unsigned(v);
    }

    @Test
    void dhKeypairGeneratedInAGivenGroup() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("DH");
        g.initialize(2048);
        var params = ((DHPublicKey) g.generateKeyPair().getPublic()).getParams();
        TeeObject k = TeeObject.allocateTransient(TeeDefines.TYPE_DH_KEYPAIR, 2048);
        k.generateKey(2048, Attribute.ref(TeeDefines.ATTR_DH_PRIME, u(params.getP())), Attribute.ref(TeeDefines.ATTR_DH_BASE, u(params.getG())));
        BigInteger y = new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_DH_PUBLIC_VALUE));
        BigInteger x = new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_DH_PRIVATE_VALUE));
        assertEquals(params.getG().modPow(x, params.getP()), y);
    }

    /**
     * xtest 4007's last DH case: a 2048-bit prime with base 5, a "subprime" 2^256 + 2^248 that is no
     * order of the base's subgroup, and private bits 0. OP-TEE reduces 33 random bytes modulo the
     * subprime and raises the base to that, checking nothing; the engine refused it (GENERIC panic).
     */
    @Test
    void xtest4007DhWithASubprimeAndNoPrivateBitsFollowsOpTee() {
        BigInteger p = new BigInteger("8F3EC136CA60CED1C5FD2205D69438204FE1AFBCA682BD71FDD6C261E8C1BDA95EFD0251B61F3830447694B3267935C4"
                + "DF5180AF0D81CCA233D11E77B806D7E5833404F2962437FEBC209C664CEB4FFD1F995640D9E86B2A8D6B56B2B46D83474C18538BB1A351C2"
                + "07A336434B9410FD24A3777477FA984B430BB6EC7F5C7EBAB7C7AA72119F731445037A4EE5E75C64B86666CEEEF8FF610F5D4EF6EDB1E52F"
                + "52AC2B8F340D13F64A3A6C56B33C52A8B9BC27CA3BFB6EE752FBB02B4FC4BD2436E4710774695FE0B8595F742FCC03B06D90D8D37C5A3146"
                + "5C7D1CC80D18808E5AA85E4D112B76AC1E005180E3ED7AC04F80FA5FD5D74FA714E1603C9577CA3B", 16);
        BigInteger q = BigInteger.ONE.shiftLeft(256).add(BigInteger.ONE.shiftLeft(248));
        BigInteger g = BigInteger.valueOf(5);
        for (int i = 0; i < 8; i++) {
            TeeObject k = TeeObject.allocateTransient(TeeDefines.TYPE_DH_KEYPAIR, 2048);
            k.generateKey(2048, Attribute.ref(TeeDefines.ATTR_DH_PRIME, u(p)), Attribute.ref(TeeDefines.ATTR_DH_BASE, u(g)),
                    Attribute.value(TeeDefines.ATTR_DH_X_BITS, 0, 0), Attribute.ref(TeeDefines.ATTR_DH_SUBPRIME, u(q)));
            BigInteger x = new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_DH_PRIVATE_VALUE));
            assertTrue(x.signum() > 0 && x.compareTo(q) < 0, "0 < x < subprime");
            assertEquals(g.modPow(x, p), new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_DH_PUBLIC_VALUE)));
            assertArrayEquals(u(q), k.bufferAttribute(TeeDefines.ATTR_DH_SUBPRIME), "the domain is kept as given");
        }
    }

    /** xtest 4007_rsa generates from 256 bits (OP-TEE's minimum); the JDK's generator starts at 512. */
    @Test
    void rsaKeysFrom256BitsAsOpTeeGeneratesThem() {
        for (int bits : new int[] {256, 384, 448, 512}) {
            TeeObject k = TeeObject.allocateTransient(TeeDefines.TYPE_RSA_KEYPAIR, bits);
            k.generateKey(bits);
            BigInteger n = new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_RSA_MODULUS));
            BigInteger e = new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_RSA_PUBLIC_EXPONENT));
            BigInteger d = new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_RSA_PRIVATE_EXPONENT));
            BigInteger p = new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_RSA_PRIME1));
            BigInteger q = new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_RSA_PRIME2));
            assertEquals(bits, n.bitLength());
            assertEquals(n, p.multiply(q));
            assertEquals(BigInteger.valueOf(65537), e, "F4 unless an exponent is given");
            BigInteger m = BigInteger.valueOf(0x1234567);
            assertEquals(m, m.modPow(e, n).modPow(d, n), "d inverts e");
            assertEquals(d.mod(p.subtract(BigInteger.ONE)), new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_RSA_EXPONENT1)));
            assertEquals(q.modInverse(p), new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_RSA_COEFFICIENT)));
        }
    }

    /** xtest 4007_symmetric: GP 1.0's DES sizes (56, 112, 168) generate keys with their parity bytes. */
    @Test
    void legacyDesSizesGenerateKeysWithParityBytes() {
        int[][] cases = {{TeeDefines.TYPE_DES, 56, 8}, {TeeDefines.TYPE_DES3, 112, 16}, {TeeDefines.TYPE_DES3, 168, 24},
            {TeeDefines.TYPE_DES, 64, 8}, {TeeDefines.TYPE_DES3, 192, 24}};
        for (int[] c : cases) {
            TeeObject k = TeeObject.allocateTransient(c[0], c[1]);
            k.generateKey(c[1]);
            assertEquals(c[2], k.bufferAttribute(TeeDefines.ATTR_SECRET_VALUE).length, c[1] + " bits");
        }
    }

    /**
     * OP-TEE's hashless TEE_ALG_RSASSA_PKCS1_V1_5 (CFG_CRYPTO_RSASSA_NA1, xtest 4006's vect20): the
     * given bytes are padded as EMSA-PKCS1-v1_5 without a DigestInfo: 00 01 FF..FF 00 || bytes.
     */
    @Test
    void hashlessPkcs1SignsTheBytesWithoutADigestInfo() throws Exception {
        TeeObject k = TeeObject.allocateTransient(TeeDefines.TYPE_RSA_KEYPAIR, 1024);
        k.generateKey(1024);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest("payload".getBytes());
        assertTrue(TeeOperation.isAlgorithmSupported(TeeDefines.ALG_RSASSA_PKCS1_V1_5, TeeDefines.CRYPTO_ELEMENT_NONE));
        TeeOperation sign = TeeOperation.allocate(TeeDefines.ALG_RSASSA_PKCS1_V1_5, TeeDefines.MODE_SIGN, 1024);
        sign.setKey(k);
        byte[] sig = new byte[128];
        assertEquals(128, sign.asymmetricSignDigest(null, digest, sig));
        BigInteger n = new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_RSA_MODULUS));
        BigInteger e = new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_RSA_PUBLIC_EXPONENT));
        byte[] em = u(new BigInteger(1, sig).modPow(e, n)); // the leading 00 is dropped by the number
        assertEquals(1, em[0]);
        int zero = 1;
        while (em[zero] == (byte) 0xFF) {
            zero++;
        }
        assertEquals(0, em[zero]);
        assertEquals(127 - 1 - digest.length, zero, "FF padding up to the bytes, no DigestInfo");
        assertArrayEquals(digest, java.util.Arrays.copyOfRange(em, zero + 1, em.length));

        TeeObject pub = TeeObject.allocateTransient(TeeDefines.TYPE_RSA_PUBLIC_KEY, 1024);
        pub.populate(Attribute.ref(TeeDefines.ATTR_RSA_MODULUS, u(n)), Attribute.ref(TeeDefines.ATTR_RSA_PUBLIC_EXPONENT, u(e)));
        TeeOperation verify = TeeOperation.allocate(TeeDefines.ALG_RSASSA_PKCS1_V1_5, TeeDefines.MODE_VERIFY, 1024);
        verify.setKey(pub);
        verify.asymmetricVerifyDigest(null, digest, sig);
        TeeOperation withHash = TeeOperation.allocate(TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA256, TeeDefines.MODE_VERIFY, 1024);
        withHash.setKey(pub);
        TeeException bad = assertThrows(TeeException.class, () -> withHash.asymmetricVerifyDigest(null, digest, sig));
        assertEquals(TeeResult.SIGNATURE_INVALID, bad.result(), "the SHA-256 variant expects a DigestInfo");
    }

    @Test
    void newTypesRefuseWrongAttributeSets() {
        TeeObject ed = TeeObject.allocateTransient(TeeDefines.TYPE_ED25519_PUBLIC_KEY, 256);
        TeeException e = assertThrows(TeeException.class, () -> ed.populate(Attribute.ref(TeeDefines.ATTR_ED25519_PUBLIC_VALUE, new byte[31])));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
        TeeObject x = TeeObject.allocateTransient(TeeDefines.TYPE_X25519_KEYPAIR, 256);
        e = assertThrows(TeeException.class, () -> x.populate(Attribute.ref(TeeDefines.ATTR_X25519_PUBLIC_VALUE, new byte[32])));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
        // OP-TEE has no X25519 public-key object (no type properties for it)
        e = assertThrows(TeeException.class, () -> TeeObject.allocateTransient(TeeDefines.TYPE_X25519_PUBLIC_KEY, 256));
        assertEquals(TeeResult.NOT_SUPPORTED, e.result());
        e = assertThrows(TeeException.class, () -> TeeObject.allocateTransient(TeeDefines.TYPE_DSA_KEYPAIR, 1000));
        assertEquals(TeeResult.NOT_SUPPORTED, e.result());
    }

    @Test
    void shakeDigestUpdatesThenExtracts() {
        TeeOperation op = TeeOperation.allocate(TeeDefines.ALG_SHAKE256, TeeDefines.MODE_DIGEST, 0);
        op.digestUpdate(new byte[0]);
        byte[] out = new byte[8];
        assertEquals(8, op.digestDoFinal(new byte[0], out));
        // FIPS 202: SHAKE256("") begins 46b9dd2b0ba88d13
        assertArrayEquals(CryptoKnownAnswerTest.hex("46b9dd2b0ba88d13"), out);
        assertEquals(0, op.info().digestLength());
    }

    @Test
    void cmacInfoReportsTheBlockSizedMac() {
        TeeOperation op = TeeOperation.allocate(TeeDefines.ALG_AES_CMAC, TeeDefines.MODE_MAC, 128);
        assertEquals(16, op.info().digestLength());
        assertEquals(TeeDefines.OPERATION_MAC, op.info().operationClass());
    }
}
