package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Crypt.attrs;
import static dev.jtee.examples.xtest.Crypt.value;
import static dev.jtee.ta.TeeDefines.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.junit.JteeTest;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/**
 * xtest 4007 "Test TEE Internal API Generate key" for the new object types: a generated Ed25519,
 * P-192 and P-224 ECDSA and DSA keypair has its attributes of the right size and signs what its
 * public half verifies.
 */
@JteeTest
class Xtest4007KeyGenerationTest {
    private static final byte[] NONE = new byte[0];

    @Test
    void ed25519(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_ED25519, MODE_SIGN, 256).generate(TYPE_ED25519_KEYPAIR, 256, NONE);
            byte[] pub = c.attribute(ATTR_ED25519_PUBLIC_VALUE);
            assertEquals(32, pub.length);
            byte[] sig = c.sign(NONE, "message".getBytes(), 64);
            c.allocate(ALG_ED25519, MODE_VERIFY, 256).key(TYPE_ED25519_PUBLIC_KEY, 256, attrs(ATTR_ED25519_PUBLIC_VALUE, pub));
            c.verify(NONE, "message".getBytes(), sig);
            Xtest.assertTeeError(TeeResult.SIGNATURE_INVALID, Origin.TRUSTED_APP, () -> c.verify(NONE, "massage".getBytes(), sig));
        }
    }

    @Test
    void ecdsaOnP192AndP224(Context ctx) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-224").digest("m".getBytes());
        for (int[] v : new int[][] {{ALG_ECDSA_P192, 192, ECC_CURVE_NIST_P192}, {ALG_ECDSA_P224, 224, ECC_CURVE_NIST_P224}}) {
            try (Crypt c = new Crypt(ctx)) {
                c.allocate(v[0], MODE_SIGN, v[1]).generate(TYPE_ECDSA_KEYPAIR, v[1], attrs(ATTR_ECC_CURVE, value(v[2])));
                byte[] x = c.attribute(ATTR_ECC_PUBLIC_VALUE_X);
                byte[] y = c.attribute(ATTR_ECC_PUBLIC_VALUE_Y);
                byte[] sig = c.sign(NONE, digest, 2 * v[1] / 8);
                assertEquals(2 * v[1] / 8, sig.length);
                c.allocate(v[0], MODE_VERIFY, v[1]).key(TYPE_ECDSA_PUBLIC_KEY, v[1],
                        attrs(ATTR_ECC_PUBLIC_VALUE_X, x, ATTR_ECC_PUBLIC_VALUE_Y, y, ATTR_ECC_CURVE, value(v[2])));
                c.verify(NONE, digest, sig);
            }
        }
    }

    @Test
    void dsaNeedsItsDomain(Context ctx) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("DSA");
        g.initialize(1024);
        var p = ((java.security.interfaces.DSAPublicKey) g.generateKeyPair().getPublic()).getParams();
        byte[] domain = attrs(ATTR_DSA_PRIME, Xtest4006AsymmetricTest.u(p.getP()), ATTR_DSA_SUBPRIME, Xtest4006AsymmetricTest.u(p.getQ()),
                ATTR_DSA_BASE, Xtest4006AsymmetricTest.u(p.getG()));
        byte[] digest = MessageDigest.getInstance("SHA-1").digest("m".getBytes());
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_DSA_SHA1, MODE_SIGN, 1024).generate(TYPE_DSA_KEYPAIR, 1024, domain);
            byte[] sig = c.sign(NONE, digest, 40);
            byte[] y = c.attribute(ATTR_DSA_PUBLIC_VALUE);
            c.allocate(ALG_DSA_SHA1, MODE_VERIFY, 1024).key(TYPE_DSA_PUBLIC_KEY, 1024,
                    Xtest4006AsymmetricTest.concat(domain, attrs(ATTR_DSA_PUBLIC_VALUE, y)));
            c.verify(NONE, digest, sig);
            // without the domain there is nothing to generate in
            c.allocate(ALG_DSA_SHA1, MODE_SIGN, 1024);
            Xtest.assertTeeError(TeeResult.BAD_PARAMETERS, Origin.TRUSTED_APP, () -> c.generate(TYPE_DSA_KEYPAIR, 1024, NONE));
        }
    }
}
