package dev.jtee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.ta.TeeDefines;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SM4-CTR as xtest 4003 drives it: an update of 11 bytes (a partial block, all of it out at once,
 * as OP-TEE's CTR is a stream), TEE_CopyOperation, then TEE_CipherDoFinal on the original and on
 * the copy; both must give draft-ribose-cfrg-sm4-10's appendix A.2.5.1 / A.2.5.2 cipher text.
 */
class Sm4CtrTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] IV = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] PLAIN = HEX.parseHex("aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
            + "eeeeeeeeeeeeeeeeffffffffffffffffaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb");

    private static TeeOperation op(int mode, byte[] key) {
        TeeOperation o = TeeOperation.allocate(TeeDefines.ALG_SM4_CTR, mode, 128);
        TeeObject k = TeeObject.allocateTransient(TeeDefines.TYPE_SM4, 128);
        k.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, key));
        o.setKey(k);
        o.cipherInit(IV);
        return o;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "A.2.5.1, 0123456789abcdeffedcba9876543210, ac3236cb970cc20791364c395a1342d1a3cbc1878c6f30cd074cce385cdd70c7"
            + "f234bc0e24c11980fd1286310ce37b926e02fcd0faa0baf38b2933851d824514",
        "A.2.5.2, fedcba98765432100123456789abcdef, 5dcccd25b95ab07417a08512ee160e2f8f661521cbbab44cc87138445bc29e5c"
            + "0ae0297205d62704173b21239b887f6c8cb5b800917a2488284bde9e16ea2906"})
    void xtest4003UpdateCopyAndFinishBoth(String vector, String key, String expected) {
        byte[] want = HEX.parseHex(expected);
        for (int mode : new int[] {TeeDefines.MODE_ENCRYPT, TeeDefines.MODE_DECRYPT}) {
            byte[] in = mode == TeeDefines.MODE_ENCRYPT ? PLAIN : want;
            byte[] out = mode == TeeDefines.MODE_ENCRYPT ? want : PLAIN;
            TeeOperation o = op(mode, HEX.parseHex(key));
            byte[] first = new byte[64];
            assertEquals(11, o.cipherUpdate(Arrays.copyOf(in, 11), first), "CTR is a stream: every byte goes out at once");
            TeeOperation copy = TeeOperation.allocate(TeeDefines.ALG_SM4_CTR, mode, 128);
            copy.copyFrom(o);
            for (TeeOperation finisher : new TeeOperation[] {o, copy}) {
                byte[] rest = new byte[64];
                int n = finisher.cipherDoFinal(Arrays.copyOfRange(in, 11, in.length), rest);
                byte[] all = new byte[11 + n];
                System.arraycopy(first, 0, all, 0, 11);
                System.arraycopy(rest, 0, all, 11, n);
                assertArrayEquals(out, all, vector + (finisher == o ? "" : " on the copy"));
            }
        }
    }
}
