package dev.jtee.storage;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-XTS (IEEE 1619-2007, NIST SP 800-38E) for {@code TEE_ALG_AES_XTS}: key 1 encrypts the data, key 2
 * the tweak (the 16-byte IV of {@code TEE_CipherInit}, the data unit's number little-endian); a last
 * partial block steals cipher text from the one before it. The JDK's AES-ECB does the block work (no
 * provider at hand has XTS). Updates keep back what {@link StealingMode} says.
 */
final class Xts extends StealingMode {
    private final Cipher data;
    private final boolean encrypt;
    private final byte[] tweak;

    Xts(byte[] key1, byte[] key2, byte[] iv, boolean encrypt) throws GeneralSecurityException {
        this.encrypt = encrypt;
        data = Cipher.getInstance("AES/ECB/NoPadding");
        data.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key1, "AES"));
        Cipher t = Cipher.getInstance("AES/ECB/NoPadding");
        t.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key2, "AES"));
        tweak = t.doFinal(iv);
    }

    /** Takes {@code o}'s place in the data unit (TEE_CopyOperation): its tweak and the bytes it keeps back. */
    @Override
    void copyStateFrom(StealingMode from) {
        Xts o = (Xts) from;
        System.arraycopy(o.tweak, 0, tweak, 0, tweak.length);
        copyPendingFrom(o);
    }

    @Override
    void finish(int n, byte[] dst, int out) throws GeneralSecurityException {
        if (n == BLOCK || n == 2 * BLOCK) {
            for (int i = 0; i < n; i += BLOCK) {
                block(pending, i, dst, out + i);
            }
            return;
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
    }

    @Override
    void block(byte[] in, int off, byte[] out, int outOff) throws GeneralSecurityException {
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
