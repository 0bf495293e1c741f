package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Crypt.attrs;
import static dev.jtee.examples.xtest.Crypt.hex;
import static dev.jtee.examples.xtest.Crypt.value;
import static dev.jtee.examples.xtest.Xtest4006AsymmetricTest.concat;
import static dev.jtee.examples.xtest.Xtest4006AsymmetricTest.u;
import static dev.jtee.ta.TeeDefines.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.client.Context;
import dev.jtee.junit.JteeTest;
import java.math.BigInteger;
import javax.crypto.KeyAgreement;
import javax.crypto.interfaces.DHPrivateKey;
import javax.crypto.interfaces.DHPublicKey;
import org.junit.jupiter.api.Test;

/**
 * xtest 4008/4009 "Test TEE Internal API Derive key" for DH, ECDH on P-192/P-224, X25519 and X448:
 * RFC 7748 §6.1's X25519 and §6.2's X448 exchanges, DH against the JDK's own agreement, ECDH both ways round on
 * keys the TA generated (TEE_GenerateKey of the curve).
 */
@JteeTest
class Xtest4009DeriveTest {
    @Test
    void x25519Rfc7748Exchange(Context ctx) {
        byte[] alicePriv = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] alicePub = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        byte[] bobPub = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_X25519, MODE_DERIVE, 256)
                    .key(TYPE_X25519_KEYPAIR, 256, attrs(ATTR_X25519_PRIVATE_VALUE, alicePriv, ATTR_X25519_PUBLIC_VALUE, alicePub));
            assertArrayEquals(hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"),
                    c.derive(attrs(ATTR_X25519_PUBLIC_VALUE, bobPub), 256));
        }
    }

    @Test
    void x448Rfc7748Exchange(Context ctx) {
        byte[] alicePriv = hex("9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b");
        byte[] alicePub = hex("9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0");
        byte[] bobPriv = hex("1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d");
        byte[] bobPub = hex("3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609");
        byte[] shared = hex("07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d");
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_X448, MODE_DERIVE, 448)
                    .key(TYPE_X448_KEYPAIR, 448, attrs(ATTR_X448_PRIVATE_VALUE, alicePriv, ATTR_X448_PUBLIC_VALUE, alicePub));
            assertArrayEquals(shared, c.derive(attrs(ATTR_X448_PUBLIC_VALUE, bobPub), 448));
            c.allocate(ALG_X448, MODE_DERIVE, 448)
                    .key(TYPE_X448_KEYPAIR, 448, attrs(ATTR_X448_PRIVATE_VALUE, bobPriv, ATTR_X448_PUBLIC_VALUE, bobPub));
            assertArrayEquals(shared, c.derive(attrs(ATTR_X448_PUBLIC_VALUE, alicePub), 448));
        }
        try (Crypt a = new Crypt(ctx); Crypt b = new Crypt(ctx)) {
            a.allocate(ALG_X448, MODE_DERIVE, 448).generate(TYPE_X448_KEYPAIR, 448, new byte[0]);
            b.allocate(ALG_X448, MODE_DERIVE, 448).generate(TYPE_X448_KEYPAIR, 448, new byte[0]);
            byte[] ab = a.derive(attrs(ATTR_X448_PUBLIC_VALUE, b.attribute(ATTR_X448_PUBLIC_VALUE)), 448);
            assertArrayEquals(ab, b.derive(attrs(ATTR_X448_PUBLIC_VALUE, a.attribute(ATTR_X448_PUBLIC_VALUE)), 448));
        }
    }

    @Test
    void x25519GeneratedKeysAgree(Context ctx) {
        try (Crypt a = new Crypt(ctx); Crypt b = new Crypt(ctx)) {
            a.allocate(ALG_X25519, MODE_DERIVE, 256).generate(TYPE_X25519_KEYPAIR, 256, new byte[0]);
            b.allocate(ALG_X25519, MODE_DERIVE, 256).generate(TYPE_X25519_KEYPAIR, 256, new byte[0]);
            byte[] ab = a.derive(attrs(ATTR_X25519_PUBLIC_VALUE, b.attribute(ATTR_X25519_PUBLIC_VALUE)), 256);
            assertArrayEquals(ab, b.derive(attrs(ATTR_X25519_PUBLIC_VALUE, a.attribute(ATTR_X25519_PUBLIC_VALUE)), 256));
        }
    }

    @Test
    void ecdhOnP192AndP224(Context ctx) {
        for (int[] cb : new int[][] {{ECC_CURVE_NIST_P192, 192}, {ECC_CURVE_NIST_P224, 224}}) {
            byte[] curve = attrs(ATTR_ECC_CURVE, value(cb[0]));
            try (Crypt a = new Crypt(ctx); Crypt b = new Crypt(ctx)) {
                a.allocate(ALG_ECDH_DERIVE_SHARED_SECRET, MODE_DERIVE, cb[1]).generate(TYPE_ECDH_KEYPAIR, cb[1], curve);
                b.allocate(ALG_ECDH_DERIVE_SHARED_SECRET, MODE_DERIVE, cb[1]).generate(TYPE_ECDH_KEYPAIR, cb[1], curve);
                byte[] ab = a.derive(attrs(ATTR_ECC_PUBLIC_VALUE_X, b.attribute(ATTR_ECC_PUBLIC_VALUE_X),
                        ATTR_ECC_PUBLIC_VALUE_Y, b.attribute(ATTR_ECC_PUBLIC_VALUE_Y)), 528);
                byte[] ba = b.derive(attrs(ATTR_ECC_PUBLIC_VALUE_X, a.attribute(ATTR_ECC_PUBLIC_VALUE_X),
                        ATTR_ECC_PUBLIC_VALUE_Y, a.attribute(ATTR_ECC_PUBLIC_VALUE_Y)), 528);
                assertEquals(cb[1] / 8, ab.length);
                assertArrayEquals(ab, ba);
            }
        }
    }

    @Test
    void dhMatchesTheJdk(Context ctx) throws Exception {
        // the JDK's predefined 2048-bit group (RFC 7919 ffdhe2048) and its keys
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("DH");
        g.initialize(2048);
        var mine = g.generateKeyPair();
        var peer = g.generateKeyPair();
        var params = ((DHPublicKey) mine.getPublic()).getParams();
        KeyAgreement ka = KeyAgreement.getInstance("DH");
        ka.init(peer.getPrivate());
        ka.doPhase(mine.getPublic(), true);
        byte[] expected = u(new BigInteger(1, ka.generateSecret()));
        byte[] keypair = concat(attrs(ATTR_DH_PRIME, u(params.getP()), ATTR_DH_BASE, u(params.getG())),
                attrs(ATTR_DH_PUBLIC_VALUE, u(((DHPublicKey) mine.getPublic()).getY()),
                        ATTR_DH_PRIVATE_VALUE, u(((DHPrivateKey) mine.getPrivate()).getX())));
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_DH_DERIVE_SHARED_SECRET, MODE_DERIVE, 2048).key(TYPE_DH_KEYPAIR, 2048, keypair);
            assertArrayEquals(expected, c.derive(attrs(ATTR_DH_PUBLIC_VALUE, u(((DHPublicKey) peer.getPublic()).getY())), 2048));
            // and a keypair the TA generates in the same group agrees with the JDK's peer
            c.allocate(ALG_DH_DERIVE_SHARED_SECRET, MODE_DERIVE, 2048)
                    .generate(TYPE_DH_KEYPAIR, 2048, attrs(ATTR_DH_PRIME, u(params.getP()), ATTR_DH_BASE, u(params.getG())));
            byte[] taPublic = c.attribute(ATTR_DH_PUBLIC_VALUE);
            byte[] taSide = c.derive(attrs(ATTR_DH_PUBLIC_VALUE, u(((DHPublicKey) peer.getPublic()).getY())), 2048);
            KeyAgreement back = KeyAgreement.getInstance("DH");
            back.init(peer.getPrivate());
            back.doPhase(java.security.KeyFactory.getInstance("DH").generatePublic(
                    new javax.crypto.spec.DHPublicKeySpec(new BigInteger(1, taPublic), params.getP(), params.getG())), true);
            assertArrayEquals(u(new BigInteger(1, back.generateSecret())), taSide);
        }
    }
}
