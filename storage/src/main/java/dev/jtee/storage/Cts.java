package dev.jtee.storage;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CTS for {@code TEE_ALG_AES_CTS}: CBC with cipher text stealing, variant CS3 (NIST SP 800-38A
 * addendum; RFC 3962's, OP-TEE's): the last two blocks' cipher texts are swapped, the last one cut to
 * the plain text's length. Whole blocks before them are plain CBC. The JDK's AES-ECB does the block
 * work so that updates can keep back what {@link StealingMode} says (libutee's buffering, which a
 * provider's CTS does not follow). A single block is plain CBC.
 */
final class Cts extends StealingMode {
    private final Cipher aes;
    private final boolean encrypt;
    /** The chaining value: the IV, then the last cipher text block. */
    private final byte[] chain;

    Cts(byte[] key, byte[] iv, boolean encrypt) throws GeneralSecurityException {
        this.encrypt = encrypt;
        aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
        chain = iv.clone();
    }

    /** Takes {@code o}'s place in the message (TEE_CopyOperation): its chaining value and the bytes it keeps back. */
    @Override
    void copyStateFrom(StealingMode from) {
        Cts o = (Cts) from;
        System.arraycopy(o.chain, 0, chain, 0, BLOCK);
        copyPendingFrom(o);
    }

    @Override
    void block(byte[] in, int off, byte[] out, int outOff) throws GeneralSecurityException {
        byte[] x = new byte[BLOCK];
        if (encrypt) {
            for (int i = 0; i < BLOCK; i++) {
                x[i] = (byte) (in[off + i] ^ chain[i]);
            }
            aes.doFinal(x, 0, BLOCK, chain, 0);
            System.arraycopy(chain, 0, out, outOff, BLOCK);
        } else {
            byte[] c = new byte[BLOCK];
            System.arraycopy(in, off, c, 0, BLOCK);
            aes.doFinal(c, 0, BLOCK, x, 0);
            for (int i = 0; i < BLOCK; i++) {
                out[outOff + i] = (byte) (x[i] ^ chain[i]);
            }
            System.arraycopy(c, 0, chain, 0, BLOCK);
        }
    }

    @Override
    void finish(int n, byte[] dst, int out) throws GeneralSecurityException {
        if (n == BLOCK) {
            block(pending, 0, dst, out);
            return;
        }
        int r = n - BLOCK; // 1..16 bytes of the last block
        if (encrypt) {
            // C(n-1)' = E(P(n-1) ^ chain); C(n) = E(P(n) padded with zeros ^ C(n-1)'); out C(n) ‖ C(n-1)'[0, r)
            byte[] head = new byte[BLOCK];
            block(pending, 0, head, 0);
            byte[] last = new byte[BLOCK];
            System.arraycopy(pending, BLOCK, last, 0, r);
            block(last, 0, dst, out);
            System.arraycopy(head, 0, dst, out + BLOCK, r);
        } else {
            // D(C(n)) = P(n) padded ^ C(n-1)'; C(n-1)' = the r bytes given ‖ the rest of D(C(n))
            byte[] d = new byte[BLOCK];
            aes.doFinal(pending, 0, BLOCK, d, 0);
            byte[] prev = new byte[BLOCK];
            System.arraycopy(pending, BLOCK, prev, 0, r);
            System.arraycopy(d, r, prev, r, BLOCK - r);
            for (int i = 0; i < r; i++) {
                dst[out + BLOCK + i] = (byte) (d[i] ^ prev[i]);
            }
            block(prev, 0, dst, out);
        }
    }
}
