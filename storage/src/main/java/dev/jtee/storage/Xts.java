package dev.jtee.storage;

import dev.jtee.ta.ShortBufferException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-XTS (IEEE 1619-2007, NIST SP 800-38E) for {@code TEE_ALG_AES_XTS}: key 1 encrypts the data, key 2
 * the tweak (the 16-byte IV of {@code TEE_CipherInit}, the data unit's number little-endian); a last
 * partial block steals cipher text from the one before it. The JDK's AES-ECB does the block work (no
 * provider at hand has XTS). An update keeps back the last 16..31 bytes, which the final call may need to
 * steal from; a data unit shorter than one block cannot be encrypted (the caller panics).
 */
final class Xts {
    private static final int BLOCK = 16;

    private final Cipher data;
    private final boolean encrypt;
    private final byte[] tweak;
    private final byte[] pending = new byte[2 * BLOCK];
    private int pendingLen;

    Xts(byte[] key1, byte[] key2, byte[] iv, boolean encrypt) throws GeneralSecurityException {
        this.encrypt = encrypt;
        data = Cipher.getInstance("AES/ECB/NoPadding");
        data.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key1, "AES"));
        Cipher t = Cipher.getInstance("AES/ECB/NoPadding");
        t.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key2, "AES"));
        tweak = t.doFinal(iv);
    }

    /** The bytes an update of {@code len} more bytes writes: all whole blocks but the last 16..31 bytes. */
    int updateSize(int len) {
        int total = pendingLen + len;
        return total < 2 * BLOCK ? 0 : (total - BLOCK) / BLOCK * BLOCK;
    }

    int update(byte[] src, byte[] dst) throws GeneralSecurityException {
        int need = updateSize(src.length);
        if (dst.length < need) {
            throw new ShortBufferException(need);
        }
        int out = 0;
        for (int i = 0; i < src.length; i++) {
            if (pendingLen == pending.length) {
                block(pending, 0, dst, out);
                out += BLOCK;
                System.arraycopy(pending, BLOCK, pending, 0, BLOCK);
                pendingLen = BLOCK;
            }
            pending[pendingLen++] = src[i];
        }
        // whole blocks beyond the last 16..31 bytes go now
        while (pendingLen >= 2 * BLOCK) {
            block(pending, 0, dst, out);
            out += BLOCK;
            System.arraycopy(pending, BLOCK, pending, 0, pendingLen - BLOCK);
            pendingLen -= BLOCK;
        }
        return out;
    }

    /** The whole rest; -1 when the data unit is shorter than one block. */
    int finalSize(int len) {
        int total = pendingLen + len;
        return total < BLOCK ? -1 : total;
    }

    int doFinal(byte[] src, byte[] dst) throws GeneralSecurityException {
        int need = finalSize(src.length);
        if (dst.length < need) {
            throw new ShortBufferException(need);
        }
        int out = update(src, dst);
        int n = pendingLen; // 16..31
        if (n == BLOCK) {
            block(pending, 0, dst, out);
            return out + n;
        }
        // cipher text stealing (IEEE 1619 §5.3.2): the last full block and a partial one of r bytes
        int r = n - BLOCK;
        byte[] cc = new byte[BLOCK];
        byte[] pp = new byte[BLOCK];
        if (encrypt) {
            block(pending, 0, cc, 0);
            System.arraycopy(pending, BLOCK, pp, 0, r);
            System.arraycopy(cc, r, pp, r, BLOCK - r);
            block(pp, 0, dst, out);
            System.arraycopy(cc, 0, dst, out + BLOCK, r);
        } else {
            // the last full block was encrypted under the next tweak: decrypt it with that one first
            byte[] t = tweak.clone();
            next(t);
            blockWith(t, pending, 0, pp, 0);
            byte[] c = new byte[BLOCK];
            System.arraycopy(pending, BLOCK, c, 0, r);
            System.arraycopy(pp, r, c, r, BLOCK - r);
            block(c, 0, dst, out);
            System.arraycopy(pp, 0, dst, out + BLOCK, r);
        }
        Arrays.fill(pending, (byte) 0);
        return out + n;
    }

    private void block(byte[] in, int off, byte[] out, int outOff) throws GeneralSecurityException {
        blockWith(tweak, in, off, out, outOff);
        next(tweak);
    }

    private void blockWith(byte[] t, byte[] in, int off, byte[] out, int outOff) throws GeneralSecurityException {
        byte[] x = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            x[i] = (byte) (in[off + i] ^ t[i]);
        }
        data.doFinal(x, 0, BLOCK, x, 0);
        for (int i = 0; i < BLOCK; i++) {
            out[outOff + i] = (byte) (x[i] ^ t[i]);
        }
    }

    /** The tweak times alpha in GF(2^128), little-endian bytes (IEEE 1619 §5.2). */
    private static void next(byte[] t) {
        int carry = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = t[i] & 0xFF;
            t[i] = (byte) ((b << 1) | carry);
            carry = b >>> 7;
        }
        if (carry != 0) {
            t[0] ^= (byte) 0x87;
        }
    }
}
