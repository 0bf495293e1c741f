package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Crypt.attrs;
import static dev.jtee.examples.xtest.Crypt.hex;
import static dev.jtee.examples.xtest.Crypt.value;
import static dev.jtee.ta.TeeDefines.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.junit.JteeTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * xtest 8001 "Test TEE Internal API key derivation extensions": OP-TEE's HKDF (RFC 5869 test case
 * 1), PBKDF2 (RFC 6070's HMAC-SHA1 vectors, also Python's hashlib) and concat KDF (checked against
 * SP 800-56A's construction on the JDK's SHA-256: Hash(counter ‖ Z ‖ OtherInfo)).
 */
@JteeTest
class Xtest8001KeyDerivationTest {
    @Test
    void hkdfRfc5869TestCase1(Context ctx) {
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_HKDF_SHA256_DERIVE_KEY, MODE_DERIVE, 176).key(TYPE_HKDF_IKM, 176, attrs(ATTR_HKDF_IKM, ikm));
            assertArrayEquals(hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
                    c.derive(attrs(ATTR_HKDF_SALT, hex("000102030405060708090a0b0c"), ATTR_HKDF_INFO, hex("f0f1f2f3f4f5f6f7f8f9"),
                            ATTR_HKDF_OKM_LENGTH, value(42)), 42 * 8));
        }
    }

    @Test
    void pbkdf2HmacSha1Rfc6070(Context ctx) {
        byte[] password = "password".getBytes(StandardCharsets.US_ASCII);
        byte[] salt = "salt".getBytes(StandardCharsets.US_ASCII);
        String[][] vectors = {{"1", "0c60c80f961f0e71f3a9b524af6012062fe037a6"}, {"2", "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"},
            {"4096", "4b007901b765489abead49d926f721d065a429c1"}};
        try (Crypt c = new Crypt(ctx)) {
            for (String[] v : vectors) {
                c.allocate(ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY, MODE_DERIVE, 64)
                        .key(TYPE_PBKDF2_PASSWORD, 64, attrs(ATTR_PBKDF2_PASSWORD, password));
                assertArrayEquals(hex(v[1]), c.derive(attrs(ATTR_PBKDF2_SALT, salt, ATTR_PBKDF2_ITERATION_COUNT,
                        value(Integer.parseInt(v[0])), ATTR_PBKDF2_DKM_LENGTH, value(20)), 160));
            }
        }
    }

    @Test
    void concatKdfIsSp80056aConstruction(Context ctx) throws Exception {
        byte[] z = hex("52169af5c485dcc2321eb8d26d5efa21fb9b93c98e38412ee2484cf14f0d0d23");
        byte[] other = hex("a1b2c3d4e5");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] expected = new byte[48];
        for (int counter = 1, off = 0; off < expected.length; counter++, off += 32) {
            sha.update(new byte[] {0, 0, 0, (byte) counter});
            sha.update(z);
            sha.update(other);
            byte[] block = sha.digest();
            System.arraycopy(block, 0, expected, off, Math.min(32, expected.length - off));
        }
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_CONCAT_KDF_SHA256_DERIVE_KEY, MODE_DERIVE, 256).key(TYPE_CONCAT_KDF_Z, 256, attrs(ATTR_CONCAT_KDF_Z, z));
            assertArrayEquals(expected, c.derive(attrs(ATTR_CONCAT_KDF_OTHER_INFO, other, ATTR_CONCAT_KDF_DKM_LENGTH, value(48)), 48 * 8));
            // OP-TEE bounds the output by the derived type's buffer, not the object's maximum (xtest 4015):
            // 48 bytes fit a 128-bit generic secret; reading them back into 16 bytes is SHORT_BUFFER
            Xtest.assertTeeError(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP,
                    () -> c.derive(attrs(ATTR_CONCAT_KDF_OTHER_INFO, other, ATTR_CONCAT_KDF_DKM_LENGTH, value(48)), 128));
        }
    }
}
