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

    @Test
    void cmacNeedsAnAesKey(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_AES_CMAC, MODE_MAC, 128);
            // TEE_SetOperationKey with a key of another type is a panic: the session's TA dies
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> c.key(TYPE_HMAC_SHA256, 256, attrs(ATTR_SECRET_VALUE, new byte[32])));
        }
    }
}
