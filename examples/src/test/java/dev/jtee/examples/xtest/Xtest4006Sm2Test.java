package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Crypt.attrs;
import static dev.jtee.examples.xtest.Crypt.hex;
import static dev.jtee.ta.TeeDefines.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.junit.JteeTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * xtest 4006 "Test TEE Internal API Asymmetric Cipher operations" for SM2 on sm2p256v1 with GM/T 0003.5's
 * examples (also in GB/T 32918): the signature of "message digest" (ID "1234567812345678", its digest e =
 * SM3(Z_A ‖ M) as the TA passes it) and the encryption of "encryption standard", both with private key
 * 3945208f…c5b8; the cipher text in OP-TEE's order C1 ‖ C2 ‖ C3.
 */
@JteeTest
class Xtest4006Sm2Test {
    private static final byte[] NONE = new byte[0];
    private static final byte[] D = hex("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8");
    private static final byte[] X = hex("09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020");
    private static final byte[] Y = hex("ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13");
    private static final byte[] E = hex("f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640");
    private static final byte[] SIGNATURE = hex("f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3"
            + "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa");
    private static final byte[] PLAIN = "encryption standard".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CIPHER_TEXT = hex("04"
            + "04ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73"
            + "e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0"
            + "21886ca989ca9c7d58087307ca93092d651efa"
            + "59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766");

    private static byte[] keypair() {
        return attrs(ATTR_ECC_PUBLIC_VALUE_X, X, ATTR_ECC_PUBLIC_VALUE_Y, Y, ATTR_ECC_PRIVATE_VALUE, D);
    }

    @Test
    void sm2DsaGmt00035Example(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_SM2_DSA_SM3, MODE_VERIFY, 256).key(TYPE_SM2_DSA_PUBLIC_KEY, 256,
                    attrs(ATTR_ECC_PUBLIC_VALUE_X, X, ATTR_ECC_PUBLIC_VALUE_Y, Y));
            c.verify(NONE, E, SIGNATURE);
            byte[] bad = SIGNATURE.clone();
            bad[63] ^= 1;
            Xtest.assertTeeError(TeeResult.SIGNATURE_INVALID, Origin.TRUSTED_APP, () -> c.verify(NONE, E, bad));
            // signing draws its own k: what it signs verifies, and the published signature is not reproduced
            c.allocate(ALG_SM2_DSA_SM3, MODE_SIGN, 256).key(TYPE_SM2_DSA_KEYPAIR, 256, keypair());
            Xtest.assertTeeError(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, () -> c.sign(NONE, E, 63));
            byte[] mine = c.sign(NONE, E, 64);
            assertEquals(64, mine.length);
            c.allocate(ALG_SM2_DSA_SM3, MODE_VERIFY, 256).key(TYPE_SM2_DSA_KEYPAIR, 256, keypair());
            c.verify(NONE, E, mine);
            c.verify(NONE, E, SIGNATURE);
        }
    }

    @Test
    void sm2PkeGmt00035Example(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_SM2_PKE, MODE_DECRYPT, 256).key(TYPE_SM2_PKE_KEYPAIR, 256, keypair());
            assertArrayEquals(PLAIN, c.decrypt(NONE, CIPHER_TEXT, 64));
            byte[] tampered = CIPHER_TEXT.clone();
            tampered[tampered.length - 1] ^= 1;
            Xtest.assertTeeError(TeeResult.CIPHERTEXT_INVALID, Origin.TRUSTED_APP, () -> c.decrypt(NONE, tampered, 64));
            // encryption draws its own k: C1 ‖ C2 ‖ C3 of 97 + 19 bytes that decrypts back
            c.allocate(ALG_SM2_PKE, MODE_ENCRYPT, 256).key(TYPE_SM2_PKE_PUBLIC_KEY, 256,
                    attrs(ATTR_ECC_PUBLIC_VALUE_X, X, ATTR_ECC_PUBLIC_VALUE_Y, Y));
            Xtest.assertTeeError(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, () -> c.encrypt(NONE, PLAIN, 115));
            byte[] ct = c.encrypt(NONE, PLAIN, 200);
            assertEquals(97 + PLAIN.length, ct.length);
            c.allocate(ALG_SM2_PKE, MODE_DECRYPT, 256).key(TYPE_SM2_PKE_KEYPAIR, 256, keypair());
            assertArrayEquals(PLAIN, c.decrypt(NONE, ct, 64));
        }
    }

    @Test
    void sm2GeneratedKeysSignAndEncrypt(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_SM2_DSA_SM3, MODE_SIGN, 256).generate(TYPE_SM2_DSA_KEYPAIR, 256, new byte[0]);
            byte[] sig = c.sign(NONE, E, 64);
            byte[] x = c.attribute(ATTR_ECC_PUBLIC_VALUE_X);
            byte[] y = c.attribute(ATTR_ECC_PUBLIC_VALUE_Y);
            c.allocate(ALG_SM2_DSA_SM3, MODE_VERIFY, 256).key(TYPE_SM2_DSA_PUBLIC_KEY, 256,
                    attrs(ATTR_ECC_PUBLIC_VALUE_X, x, ATTR_ECC_PUBLIC_VALUE_Y, y));
            c.verify(NONE, E, sig);
            // OP-TEE: the digest SM2 signs is SM3's 32 bytes; another length is a panic
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> c.verify(NONE, new byte[20], sig));
        }
    }
}
