package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Crypt.attrs;
import static dev.jtee.examples.xtest.Crypt.hex;
import static dev.jtee.ta.TeeDefines.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * xtest 4002 "Test TEE Internal API MAC operations": AES-CMAC with RFC 4493's examples (NIST SP
 * 800-38B D.1); HMAC-SHA3-256 with NIST's HMAC_SHA3-256 example 1 (also Python's hmac); HMAC-SM3
 * on the same input as OpenSSL's {@code dgst -sm3 -mac HMAC} computes it (no published SM3 HMAC
 * vector at hand).
 */
@JteeTest
class Xtest4002MacTest {
    private static final byte[] KEY = hex("2b7e151628aed2a6abf7158809cf4f3c");

    @Test
    void aesCmacRfc4493Examples(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_AES_CMAC, MODE_MAC, 128).key(TYPE_AES, 128, attrs(ATTR_SECRET_VALUE, KEY));
            assertArrayEquals(hex("bb1d6929e95937287fa37d129b756746"), c.mac(new byte[0], 16));
            assertArrayEquals(hex("070a16b46b4d4144f79bdd9dd04a287c"), c.mac(hex("6bc1bee22e409f96e93d7e117393172a"), 16));
            byte[] m40 = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411");
            assertArrayEquals(hex("dfa66747de9ae63030ca32611497c827"), c.mac(m40, 16));
            c.macCompare(m40, hex("dfa66747de9ae63030ca32611497c827"));
            Xtest.assertTeeError(TeeResult.MAC_INVALID, Origin.TRUSTED_APP, () -> c.macCompare(m40, hex("dfa66747de9ae63030ca32611497c826")));
            Xtest.assertTeeError(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, () -> c.mac(m40, 15));
        }
    }

    @Test
    void hmacSha3AndSm3(Context ctx) {
        byte[] key = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] msg = "Sample message for keylen<blocklen".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_HMAC_SHA3_256, MODE_MAC, 256).key(TYPE_HMAC_SHA3_256, 256, attrs(ATTR_SECRET_VALUE, key));
            assertArrayEquals(hex("4fe8e202c4f058e8dddc23d8c34e467343e23555e24fc2f025d598f558f67205"), c.mac(msg, 32));
            c.allocate(ALG_HMAC_SM3, MODE_MAC, 256).key(TYPE_HMAC_SM3, 256, attrs(ATTR_SECRET_VALUE, key));
            assertArrayEquals(hex("dad342089a24eaa650975de2701754ff513b504f829bac67964915f9efb7c3f1"), c.mac(msg, 32));
            Xtest.assertTeeError(TeeResult.MAC_INVALID, Origin.TRUSTED_APP, () -> c.macCompare(msg, new byte[32]));
        }
    }

    /**
     * CBC-MAC, the last block of CBC encryption: AES NOPAD with NIST SP 800-38A F.2.1's CBC-AES128 example (its
     * IV, four blocks: the last cipher block), DES NOPAD with FIPS 113's example (zero IV, "7654321 Now is
     * the time for " zero-filled to 32 bytes); the PKCS5 and 3DES values as pyca/cryptography's (OpenSSL) CBC
     * computes them over the padded message.
     */
    @Test
    void cbcMacSp80038aAndFips113Examples(Context ctx) {
        byte[] aesIv = hex("000102030405060708090a0b0c0d0e0f");
        byte[] four = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52ef"
                + "f69f2445df4f9b17ad2b417be66c3710");
        byte[] text = "7654321 Now is the time for ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] zeroFilled = java.util.Arrays.copyOf(text, 32);
        byte[] desKey = hex("0123456789abcdef");
        byte[] des3Key = hex("0123456789abcdef23456789abcdef01456789abcdef0123");
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_AES_CBC_MAC_NOPAD, MODE_MAC, 128).key(TYPE_AES, 128, attrs(ATTR_SECRET_VALUE, KEY));
            assertArrayEquals(hex("7649abac8119b246cee98e9b12e9197d"), c.mac(aesIv, java.util.Arrays.copyOf(four, 16), 16));
            assertArrayEquals(hex("3ff1caa1681fac09120eca307586e1a7"), c.mac(aesIv, four, 16));
            Xtest.assertTeeError(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, () -> c.mac(aesIv, four, 15));
            c.allocate(ALG_AES_CBC_MAC_PKCS5, MODE_MAC, 128).key(TYPE_AES, 128, attrs(ATTR_SECRET_VALUE, KEY));
            assertArrayEquals(hex("8cb82807230e1321d3fae00d18cc2012"), c.mac(aesIv, four, 16));
            assertArrayEquals(hex("f8db671f4c688065ad607a1a5fe39f01"), c.mac(java.util.Arrays.copyOf(four, 20), 16));
            c.allocate(ALG_DES_CBC_MAC_NOPAD, MODE_MAC, 64).key(TYPE_DES, 64, attrs(ATTR_SECRET_VALUE, desKey));
            assertArrayEquals(hex("f1d30f6849312ca4"), c.mac(zeroFilled, 8));
            c.macCompare(zeroFilled, hex("f1d30f6849312ca4"));
            Xtest.assertTeeError(TeeResult.MAC_INVALID, Origin.TRUSTED_APP, () -> c.macCompare(zeroFilled, hex("f1d30f6849312ca5")));
            c.allocate(ALG_DES_CBC_MAC_PKCS5, MODE_MAC, 64).key(TYPE_DES, 64, attrs(ATTR_SECRET_VALUE, desKey));
            assertArrayEquals(hex("7045eecdcde48ff2"), c.mac(text, 8));
            c.allocate(ALG_DES3_CBC_MAC_NOPAD, MODE_MAC, 192).key(TYPE_DES3, 192, attrs(ATTR_SECRET_VALUE, des3Key));
            assertArrayEquals(hex("bcf91c9e0bffe6e9"), c.mac(zeroFilled, 8));
            c.allocate(ALG_DES3_CBC_MAC_PKCS5, MODE_MAC, 192).key(TYPE_DES3, 192, attrs(ATTR_SECRET_VALUE, des3Key));
            assertArrayEquals(hex("2082625946951149"), c.mac(text, 8));
        }
    }

    @Test
    void cbcMacNopadOfAPartialBlockIsAPanic(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_AES_CBC_MAC_NOPAD, MODE_MAC, 128).key(TYPE_AES, 128, attrs(ATTR_SECRET_VALUE, KEY));
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> c.mac(new byte[17], 16));
        }
    }

    @Test
    void cmacNeedsAnAesKey(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_AES_CMAC, MODE_MAC, 128);
            // TEE_SetOperationKey with a key of another type is a panic: the session's TA dies
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> c.key(TYPE_HMAC_SHA256, 256, attrs(ATTR_SECRET_VALUE, new byte[32])));
        }
    }
}
