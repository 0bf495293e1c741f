package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Crypt.attrs;
import static dev.jtee.examples.xtest.Crypt.hex;
import static dev.jtee.ta.TeeDefines.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.junit.JteeTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * xtest 4003 "Test TEE Internal API cipher operations" for AES-XTS (IEEE 1619-2007's vectors 1, 2 and
 * 15..18, the last four stealing cipher text) and AES-CTS (RFC 3962 appendix B, CBC-CS3), each in one
 * call and fed in pieces (an update keeps back what the final call steals from), both ways.
 */
@JteeTest
class Xtest4003AesXtsCtsTest {
    private static final byte[] XTS_K1 = hex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0");
    private static final byte[] XTS_K2 = hex("bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0");
    private static final byte[] XTS_TWEAK = hex("9a785634120000000000000000000000");
    private static final byte[] CTS_KEY = hex("636869636b656e207465726979616b69");
    private static final byte[] CTS_PLAIN = "I would like the General Gau's Chicken, please, and wonton soup."
            .getBytes(StandardCharsets.US_ASCII);

    private static byte[] range(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static void xts(Crypt c, int mode, byte[] k1, byte[] k2) {
        c.allocate(ALG_AES_XTS, mode, k1.length * 8).key2(TYPE_AES, k1.length * 8, attrs(ATTR_SECRET_VALUE, k1),
                attrs(ATTR_SECRET_VALUE, k2));
    }

    /** Encrypts and decrypts in one call and in pieces of 1, 5 and 16 bytes. */
    private static void roundTrip(Crypt c, byte[] k1, byte[] k2, byte[] tweak, byte[] plain, byte[] cipherText) {
        for (int[] modeIo : new int[][] {{MODE_ENCRYPT, 0}, {MODE_DECRYPT, 1}}) {
            byte[] in = modeIo[1] == 0 ? plain : cipherText;
            byte[] out = modeIo[1] == 0 ? cipherText : plain;
            xts(c, modeIo[0], k1, k2);
            assertArrayEquals(out, c.cipher(tweak, in));
            for (int piece : new int[] {1, 5, 16}) {
                assertArrayEquals(out, c.cipherInPieces(tweak, in, piece), "in pieces of " + piece);
            }
        }
    }

    @Test
    void aesXtsIeee1619Vectors1And2(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            roundTrip(c, new byte[16], new byte[16], new byte[16], new byte[32],
                    hex("917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e"));
            byte[] p2 = new byte[32];
            Arrays.fill(p2, (byte) 0x44);
            byte[] k1 = new byte[16];
            byte[] k2 = new byte[16];
            Arrays.fill(k1, (byte) 0x11);
            Arrays.fill(k2, (byte) 0x22);
            roundTrip(c, k1, k2, hex("33333333330000000000000000000000"), p2,
                    hex("c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0"));
        }
    }

    @Test
    void aesXtsIeee1619Vectors15To18StealCipherText(Context ctx) {
        String[] ct = {"6c1625db4671522d3d7599601de7ca09ed", "d069444b7a7e0cab09e24447d24deb1fedbf",
            "e5df1351c0544ba1350b3363cd8ef4beedbf9d", "9d84c813f719aa2c7be3f66171c7c5c2edbf9dac"};
        try (Crypt c = new Crypt(ctx)) {
            for (int i = 0; i < ct.length; i++) {
                roundTrip(c, XTS_K1, XTS_K2, XTS_TWEAK, range(17 + i), hex(ct[i]));
            }
        }
    }

    @Test
    void aesXtsMisuseIsAPanic(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            // XTS needs both keys: TEE_SetOperationKey panics
            c.allocate(ALG_AES_XTS, MODE_ENCRYPT, 128);
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> c.key(TYPE_AES, 128, attrs(ATTR_SECRET_VALUE, XTS_K1)));
        }
        try (Crypt c = new Crypt(ctx)) {
            // less than one block cannot be encrypted
            xts(c, MODE_ENCRYPT, XTS_K1, XTS_K2);
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> c.cipher(XTS_TWEAK, new byte[15]));
        }
        try (Crypt c = new Crypt(ctx)) {
            // TEE_SetOperationKey2 on a one-key algorithm panics
            c.allocate(ALG_AES_CBC_NOPAD, MODE_ENCRYPT, 128);
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> c.key2(TYPE_AES, 128, attrs(ATTR_SECRET_VALUE, XTS_K1),
                    attrs(ATTR_SECRET_VALUE, XTS_K2)));
        }
    }

    @Test
    void aesCtsRfc3962Examples(Context ctx) {
        String[][] vectors = {
            {"17", "c6353568f2bf8cb4d8a580362da7ff7f97"},
            {"31", "fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5"},
            {"32", "39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584"},
            {"47", "97687268d6ecccc0c07b25e25ecfe584b3fffd940c16a18c1b5549d2f838029e39312523a78662d5be7fcbcc98ebf5"},
            {"48", "97687268d6ecccc0c07b25e25ecfe5849dad8bbb96c4cdc03bc103e1a194bbd839312523a78662d5be7fcbcc98ebf5a8"},
            {"64", "97687268d6ecccc0c07b25e25ecfe58439312523a78662d5be7fcbcc98ebf5a84807efe836ee89a526730dbc2f7bc840"
                    + "9dad8bbb96c4cdc03bc103e1a194bbd8"},
        };
        byte[] iv = new byte[16];
        try (Crypt c = new Crypt(ctx)) {
            for (String[] v : vectors) {
                byte[] plain = Arrays.copyOf(CTS_PLAIN, Integer.parseInt(v[0]));
                byte[] ct = hex(v[1]);
                c.allocate(ALG_AES_CTS, MODE_ENCRYPT, 128).key(TYPE_AES, 128, attrs(ATTR_SECRET_VALUE, CTS_KEY));
                assertArrayEquals(ct, c.cipher(iv, plain), v[0] + " bytes");
                for (int piece : new int[] {1, 7, 16}) {
                    assertArrayEquals(ct, c.cipherInPieces(iv, plain, piece), v[0] + " bytes in pieces of " + piece);
                }
                c.allocate(ALG_AES_CTS, MODE_DECRYPT, 128).key(TYPE_AES, 128, attrs(ATTR_SECRET_VALUE, CTS_KEY));
                assertArrayEquals(plain, c.cipher(iv, ct), v[0] + " bytes decrypted");
                assertArrayEquals(plain, c.cipherInPieces(iv, ct, 5), v[0] + " bytes decrypted in pieces");
            }
        }
    }

    @Test
    void aesCtsOfLessThanOneBlockIsAPanic(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_AES_CTS, MODE_ENCRYPT, 128).key(TYPE_AES, 128, attrs(ATTR_SECRET_VALUE, CTS_KEY));
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> c.cipher(new byte[16], new byte[15]));
        }
    }
}
