package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Crypt.attrs;
import static dev.jtee.examples.xtest.Crypt.hex;
import static dev.jtee.examples.xtest.Crypt.value;
import static dev.jtee.ta.TeeDefines.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.junit.JteeTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/**
 * xtest 4006 "Test TEE Internal API Asymmetric Cipher operations" for the new signature
 * algorithms: Ed25519 with RFC 8032's test vectors, ECDSA on P-192/P-224 verifying RFC 6979's
 * published signatures (and signing what then verifies), DSA sign/verify.
 */
@JteeTest
class Xtest4006AsymmetricTest {
    private static final byte[] NONE = new byte[0];

    @Test
    void ed25519Rfc8032TestVectors(Context ctx) {
        String[][] vectors = {
            {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
            {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
        };
        for (String[] v : vectors) {
            byte[] keypair = attrs(ATTR_ED25519_PRIVATE_VALUE, hex(v[0]), ATTR_ED25519_PUBLIC_VALUE, hex(v[1]));
            try (Crypt c = new Crypt(ctx)) {
                c.allocate(ALG_ED25519, MODE_SIGN, 256).key(TYPE_ED25519_KEYPAIR, 256, keypair);
                assertArrayEquals(hex(v[3]), c.sign(NONE, hex(v[2]), 64));
                Xtest.assertTeeError(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, () -> c.sign(NONE, hex(v[2]), 63));
                c.allocate(ALG_ED25519, MODE_VERIFY, 256).key(TYPE_ED25519_PUBLIC_KEY, 256, attrs(ATTR_ED25519_PUBLIC_VALUE, hex(v[1])));
                c.verify(NONE, hex(v[2]), hex(v[3]));
                byte[] bad = hex(v[3]);
                bad[0] ^= 1;
                Xtest.assertTeeError(TeeResult.SIGNATURE_INVALID, Origin.TRUSTED_APP, () -> c.verify(NONE, hex(v[2]), bad));
            }
        }
    }

    private static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static void ecdsa(Context ctx, int alg, int bits, int curve, String x, String ux, String uy, String r, String s) throws Exception {
        byte[] digest = sha256("sample");
        byte[] pub = attrs(ATTR_ECC_PUBLIC_VALUE_X, hex(ux), ATTR_ECC_PUBLIC_VALUE_Y, hex(uy), ATTR_ECC_CURVE, value(curve));
        byte[] pair = attrs(ATTR_ECC_PRIVATE_VALUE, hex(x), ATTR_ECC_PUBLIC_VALUE_X, hex(ux), ATTR_ECC_PUBLIC_VALUE_Y, hex(uy),
                ATTR_ECC_CURVE, value(curve));
        byte[] published = hex(r + s);
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(alg, MODE_VERIFY, bits).key(TYPE_ECDSA_PUBLIC_KEY, bits, pub);
            c.verify(NONE, digest, published);
            byte[] bad = published.clone();
            bad[bad.length - 1] ^= 1;
            Xtest.assertTeeError(TeeResult.SIGNATURE_INVALID, Origin.TRUSTED_APP, () -> c.verify(NONE, digest, bad));
            c.allocate(alg, MODE_SIGN, bits).key(TYPE_ECDSA_KEYPAIR, bits, pair);
            byte[] mine = c.sign(NONE, digest, 2 * published.length);
            assertEquals(published.length, mine.length);
            c.allocate(alg, MODE_VERIFY, bits).key(TYPE_ECDSA_PUBLIC_KEY, bits, pub);
            c.verify(NONE, digest, mine);
        }
    }

    @Test
    void ecdsaP192Rfc6979(Context ctx) throws Exception {
        // RFC 6979 A.2.3, SHA-256, message "sample"
        ecdsa(ctx, ALG_ECDSA_P192, 192, ECC_CURVE_NIST_P192, "6fab034934e4c0fc9ae67f5b5659a9d7d1fefd187ee09fd4",
                "ac2c77f529f91689fea0ea5efec7f210d8eea0b9e047ed56", "3bc723e57670bd4887ebc732c523063d0a7c957bc97c1c43",
                "4b0b8ce98a92866a2820e20aa6b75b56382e0f9bfd5ecb55", "ccdb006926ea9565cbadc840829d8c384e06de1f1e381b85");
    }

    @Test
    void ecdsaP224Rfc6979(Context ctx) throws Exception {
        // RFC 6979 A.2.4, SHA-256, message "sample"
        ecdsa(ctx, ALG_ECDSA_P224, 224, ECC_CURVE_NIST_P224, "f220266e1105bfe3083e03ec7a3a654651f45e37167e88600bf257c1",
                "00cf08da5ad719e42707fa431292dea11244d64fc51610d94b130d6c", "eeab6f3debe455e3dbf85416f7030cbd94f34f2d6f232c69f3c1385a",
                "61aa3da010e8e8406c656bc477a7a7189895e7e840cdfe8ff42307ba", "bc814050dab5d23770879494f9e0a680dc1af7161991bde692b10101");
    }

    @Test
    void ecdsaIdsAreTiedToTheirCurve(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            // libutee: TEE_ALG_ECDSA_SHA1 (P192) only with 192 bits, SHA224 (P224) with 224
            Xtest.assertTeeError(TeeResult.NOT_SUPPORTED, Origin.TRUSTED_APP, () -> c.allocate(ALG_ECDSA_P192, MODE_SIGN, 256));
            Xtest.assertTeeError(TeeResult.NOT_SUPPORTED, Origin.TRUSTED_APP, () -> c.allocate(ALG_ECDSA_P224, MODE_SIGN, 192));
        }
    }

    @Test
    void dsaSignsWhatItVerifies(Context ctx) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("DSA");
        g.initialize(2048);
        var k = g.generateKeyPair();
        var priv = (java.security.interfaces.DSAPrivateKey) k.getPrivate();
        var pub = (java.security.interfaces.DSAPublicKey) k.getPublic();
        var p = priv.getParams();
        byte[] domain = attrs(ATTR_DSA_PRIME, u(p.getP()), ATTR_DSA_SUBPRIME, u(p.getQ()), ATTR_DSA_BASE, u(p.getG()));
        // the JDK's 2048-bit DSA domain has a 224-bit subprime: FIPS 186-4's (L, N) = (2048, 224), OP-TEE's DSA_SHA224
        byte[] digest = MessageDigest.getInstance("SHA-224").digest("sample".getBytes(StandardCharsets.US_ASCII));
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_DSA_SHA224, MODE_SIGN, 2048).key(TYPE_DSA_KEYPAIR, 2048, concat(domain,
                    attrs(ATTR_DSA_PUBLIC_VALUE, u(pub.getY()), ATTR_DSA_PRIVATE_VALUE, u(priv.getX()))));
            byte[] sig = c.sign(NONE, digest, 56);
            assertEquals(56, sig.length);
            // the JDK (an independent DSA) verifies the TA's raw r‖s signature
            java.security.Signature v = java.security.Signature.getInstance("SHA224withDSAinP1363Format");
            v.initVerify(pub);
            v.update("sample".getBytes(StandardCharsets.US_ASCII));
            org.junit.jupiter.api.Assertions.assertTrue(v.verify(sig));
            c.allocate(ALG_DSA_SHA224, MODE_VERIFY, 2048).key(TYPE_DSA_PUBLIC_KEY, 2048, concat(domain, attrs(ATTR_DSA_PUBLIC_VALUE, u(pub.getY()))));
            c.verify(NONE, digest, sig);
            sig[5] ^= 1;
            Xtest.assertTeeError(TeeResult.SIGNATURE_INVALID, Origin.TRUSTED_APP, () -> c.verify(NONE, digest, sig));
        }
    }

    static byte[] u(java.math.BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
