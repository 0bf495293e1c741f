package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Crypt.attrs;
import static dev.jtee.examples.xtest.Crypt.hex;
import static dev.jtee.ta.TeeDefines.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jtee.client.Context;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/** xtest 4003 "Test TEE Internal API cipher operations" for SM4 (GB/T 32907's example) and DES. */
@JteeTest
class Xtest4003CipherTest {
    @Test
    void sm4EcbGbT32907Example(Context ctx) {
        byte[] k = hex("0123456789abcdeffedcba9876543210");
        byte[] ct = hex("681edf34d206965e86b3e94f536e4246");
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_SM4_ECB_NOPAD, MODE_ENCRYPT, 128).key(TYPE_SM4, 128, attrs(ATTR_SECRET_VALUE, k));
            assertArrayEquals(ct, c.cipher(new byte[0], k));
            c.allocate(ALG_SM4_ECB_NOPAD, MODE_DECRYPT, 128).key(TYPE_SM4, 128, attrs(ATTR_SECRET_VALUE, k));
            assertArrayEquals(k, c.cipher(new byte[0], ct));
        }
    }

    @Test
    void sm4CbcAndCtrRoundTrip(Context ctx) {
        byte[] k = hex("0123456789abcdeffedcba9876543210");
        byte[] iv = hex("000102030405060708090a0b0c0d0e0f");
        byte[] plain = hex("0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210");
        for (int alg : new int[] {ALG_SM4_CBC_NOPAD, ALG_SM4_CTR}) {
            try (Crypt c = new Crypt(ctx)) {
                c.allocate(alg, MODE_ENCRYPT, 128).key(TYPE_SM4, 128, attrs(ATTR_SECRET_VALUE, k));
                byte[] ct = c.cipher(iv, plain);
                c.allocate(alg, MODE_DECRYPT, 128).key(TYPE_SM4, 128, attrs(ATTR_SECRET_VALUE, k));
                assertArrayEquals(plain, c.cipher(iv, ct));
            }
        }
        // CBC's first block is ECB of plain XOR IV: ties CBC to the published ECB example
        byte[] first = new byte[16];
        for (int i = 0; i < 16; i++) {
            first[i] = (byte) (plain[i] ^ iv[i]);
        }
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_SM4_ECB_NOPAD, MODE_ENCRYPT, 128).key(TYPE_SM4, 128, attrs(ATTR_SECRET_VALUE, k));
            byte[] ecb = c.cipher(new byte[0], first);
            c.allocate(ALG_SM4_CBC_NOPAD, MODE_ENCRYPT, 128).key(TYPE_SM4, 128, attrs(ATTR_SECRET_VALUE, k));
            assertArrayEquals(ecb, java.util.Arrays.copyOf(c.cipher(iv, plain), 16));
        }
    }

    @Test
    void desEcbClassicExample(Context ctx) {
        // the worked example of FIPS 46 tutorials: key 133457799BBCDFF1, 0123456789ABCDEF -> 85E813540F0AB405
        byte[] k = hex("133457799bbcdff1");
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_DES_ECB_NOPAD, MODE_ENCRYPT, 64).key(TYPE_DES, 64, attrs(ATTR_SECRET_VALUE, k));
            assertArrayEquals(hex("85e813540f0ab405"), c.cipher(new byte[0], hex("0123456789abcdef")));
            // two-key triple DES with K1 = K2 is single DES (EDE)
            c.allocate(ALG_DES3_ECB_NOPAD, MODE_ENCRYPT, 128).key(TYPE_DES3, 128, attrs(ATTR_SECRET_VALUE, hex("133457799bbcdff1133457799bbcdff1")));
            assertArrayEquals(hex("85e813540f0ab405"), c.cipher(new byte[0], hex("0123456789abcdef")));
        }
    }
}
