package dev.jtee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.ta.TeeDefines;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * AES-CTS and AES-XTS updates as xtest 4017 expects them of OP-TEE (libutee's buffer_two_blocks):
 * once more than a block was fed, an update keeps back the last 17..32 bytes, so the bytes written so
 * far are always {@code fed - (((fed - 1) % 16) + 17)}; and CTS is CBC-CS3 (RFC 3962).
 */
class StealingModeTest {
    static final byte[] KEY = HexFormat.of().parseHex("636869636b656e207465726979616b69"); // "chicken teriyaki"

    /** xtest 4017's model of what has gone out after {@code fed} bytes. */
    static int expectedOut(int fed) {
        return fed > 16 ? fed - ((fed - 1) % 16 + 16 + 1) : 0;
    }

    static TeeOperation op(int alg, int mode, byte[] iv) {
        TeeOperation o = TeeOperation.allocate(alg, mode, alg == TeeDefines.ALG_AES_XTS ? 256 : 128);
        TeeObject k1 = TeeObject.allocateTransient(TeeDefines.TYPE_AES, 128);
        k1.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, KEY));
        if (alg == TeeDefines.ALG_AES_XTS) {
            TeeObject k2 = TeeObject.allocateTransient(TeeDefines.TYPE_AES, 128);
            byte[] other = KEY.clone();
            other[0] ^= 1;
            k2.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, other));
            o.setKey2(k1, k2);
        } else {
            o.setKey(k1);
        }
        o.cipherInit(iv);
        return o;
    }

    /** Feeds {@code text} in pieces of {@code first}, then 1-byte steps, then the rest at the final call. */
    static byte[] pieces(int alg, int mode, byte[] iv, byte[] text, int first) {
        TeeOperation o = op(alg, mode, iv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int fed = 0;
        int[] steps = {first, 1, 1, 15, 16, 17};
        for (int step : steps) {
            if (fed + step >= text.length) {
                break;
            }
            byte[] dst = new byte[64];
            int n = o.cipherUpdate(Arrays.copyOfRange(text, fed, fed + step), dst);
            fed += step;
            out.write(dst, 0, n);
            assertEquals(expectedOut(fed), out.size(), "bytes out after " + fed + " fed (first piece " + first + ")");
        }
        byte[] dst = new byte[text.length];
        int n = o.cipherDoFinal(Arrays.copyOfRange(text, fed, text.length), dst);
        out.write(dst, 0, n);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {TeeDefines.ALG_AES_CTS, TeeDefines.ALG_AES_XTS})
    void xtest4017UpdatesKeepBackTheLast17To32BytesAndTheResultIsTheOneShot(int alg) {
        byte[] iv = new byte[16];
        for (int size : new int[] {96, 97, 40, 33, 32, 17, 16}) {
            byte[] text = new byte[size];
            for (int i = 0; i < size; i++) {
                text[i] = (byte) (i + 1);
            }
            byte[] whole = new byte[size];
            assertEquals(size, op(alg, TeeDefines.MODE_ENCRYPT, iv).cipherDoFinal(text, whole));
            for (int first : new int[] {0, 1, 15, 16, 17, 31, 32, 33, 48}) {
                assertArrayEquals(whole, pieces(alg, TeeDefines.MODE_ENCRYPT, iv, text, first), alg + " size " + size + " first " + first);
                assertArrayEquals(text, pieces(alg, TeeDefines.MODE_DECRYPT, iv, whole, first), "decrypts back, size " + size);
            }
        }
    }

    /** xtest 4003 allocates AES-256-XTS with both keys' bits (512); two 256-bit keys then fit. */
    @Test
    void xtsTakesAMaximumOfBothKeysBits() {
        TeeOperation o = TeeOperation.allocate(TeeDefines.ALG_AES_XTS, TeeDefines.MODE_ENCRYPT, 512);
        TeeObject k1 = TeeObject.allocateTransient(TeeDefines.TYPE_AES, 256);
        k1.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, new byte[32]));
        TeeObject k2 = TeeObject.allocateTransient(TeeDefines.TYPE_AES, 256);
        k2.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}));
        o.setKey2(k1, k2);
        o.cipherInit(new byte[16]);
        assertEquals(32, o.cipherDoFinal(new byte[32], new byte[32]));
    }

        /** RFC 3962 appendix B (AES-128 CTS, IV 0): 17, 31, 32 and 48 bytes. */
    @Test
    void ctsIsRfc3962() {
        String[][] vectors = {
            {"4920776f756c64206c696b652074686520", "c6353568f2bf8cb4d8a580362da7ff7f97"},
            {"4920776f756c64206c696b65207468652047656e6572616c20476175277320",
                "fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5"},
            {"4920776f756c64206c696b65207468652047656e6572616c2047617527732043",
                "39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584"},
        };
        for (String[] v : vectors) {
            byte[] in = HexFormat.of().parseHex(v[0]);
            byte[] out = new byte[in.length];
            op(TeeDefines.ALG_AES_CTS, TeeDefines.MODE_ENCRYPT, new byte[16]).cipherDoFinal(in, out);
            assertEquals(v[1], HexFormat.of().formatHex(out));
        }
    }

    /** BouncyCastle's CTS (CS3) as a second implementation, every length from one block to seven. */
    @Test
    void ctsAgreesWithBouncyCastle() throws Exception {
        byte[] iv = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        for (int size = 16; size <= 112; size++) {
            byte[] text = new byte[size];
            for (int i = 0; i < size; i++) {
                text[i] = (byte) (i * 7 + 3);
            }
            Cipher bc = Cipher.getInstance("AES/CTS/NoPadding", Bc.provider());
            bc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new IvParameterSpec(iv));
            byte[] expected = bc.doFinal(text);
            byte[] out = new byte[size];
            op(TeeDefines.ALG_AES_CTS, TeeDefines.MODE_ENCRYPT, iv).cipherDoFinal(text, out);
            assertArrayEquals(expected, out, "size " + size);
        }
    }
}
