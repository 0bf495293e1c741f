package dev.jtee.storage;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** AES-CCM (NIST SP 800-38C / RFC 3610) over the JDK's AES block cipher, which has no CCM mode. */
final class Ccm {
    private Ccm() {
    }

    static byte[] encrypt(byte[] key, byte[] nonce, int tagLen, byte[] aad, byte[] plain) {
        Cipher aes = aes(key);
        byte[] out = ctr(aes, nonce, 1, plain);
        byte[] tag = tag(aes, nonce, tagLen, aad, plain);
        byte[] res = new byte[out.length + tagLen];
        System.arraycopy(out, 0, res, 0, out.length);
        System.arraycopy(tag, 0, res, out.length, tagLen);
        return res;
    }

    /** The plain text, or null if the tag does not match. */
    static byte[] decrypt(byte[] key, byte[] nonce, byte[] aad, byte[] cipherText, byte[] tag) {
        Cipher aes = aes(key);
        byte[] plain = ctr(aes, nonce, 1, cipherText);
        byte[] expected = tag(aes, nonce, tag.length, aad, plain);
        return MessageDigest.isEqual(expected, tag) ? plain : null;
    }

    private static Cipher aes(byte[] key) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] block(Cipher aes, byte[] in) {
        try {
            return aes.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] counter(byte[] nonce, long i) {
        int q = 15 - nonce.length;
        byte[] a = new byte[16];
        a[0] = (byte) (q - 1);
        System.arraycopy(nonce, 0, a, 1, nonce.length);
        for (int k = 0; k < q; k++) {
            a[15 - k] = (byte) (i >>> (8 * k));
        }
        return a;
    }

    /**
     * The payload's CTR part from payload block {@code fromBlock} on (encryption and decryption alike):
     * what a streaming TEE_AEUpdate releases before the final call computes the tag.
     */
    static byte[] payload(byte[] key, byte[] nonce, long fromBlock, byte[] in) {
        return ctr(aes(key), nonce, 1 + fromBlock, in);
    }

    private static byte[] ctr(Cipher aes, byte[] nonce, long first, byte[] in) {
        byte[] out = new byte[in.length];
        long i = first;
        for (int off = 0; off < in.length; off += 16, i++) {
            byte[] s = block(aes, counter(nonce, i));
            for (int k = 0; k < 16 && off + k < in.length; k++) {
                out[off + k] = (byte) (in[off + k] ^ s[k]);
            }
        }
        return out;
    }

    private static byte[] tag(Cipher aes, byte[] nonce, int tagLen, byte[] aad, byte[] plain) {
        int q = 15 - nonce.length;
        byte[] b0 = new byte[16];
        b0[0] = (byte) ((aad.length > 0 ? 0x40 : 0) | (((tagLen - 2) / 2) << 3) | (q - 1));
        System.arraycopy(nonce, 0, b0, 1, nonce.length);
        for (int k = 0; k < q; k++) {
            b0[15 - k] = (byte) ((long) plain.length >>> (8 * k));
        }
        byte[] x = block(aes, b0);
        if (aad.length > 0) {
            byte[] head = aad.length < 0xFF00
                    ? new byte[] {(byte) (aad.length >>> 8), (byte) aad.length}
                    : new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) (aad.length >>> 24), (byte) (aad.length >>> 16),
                        (byte) (aad.length >>> 8), (byte) aad.length};
            byte[] enc = new byte[head.length + aad.length];
            System.arraycopy(head, 0, enc, 0, head.length);
            System.arraycopy(aad, 0, enc, head.length, aad.length);
            x = mac(aes, x, enc);
        }
        x = mac(aes, x, plain);
        byte[] s0 = block(aes, counter(nonce, 0));
        byte[] t = new byte[tagLen];
        for (int k = 0; k < tagLen; k++) {
            t[k] = (byte) (x[k] ^ s0[k]);
        }
        return t;
    }

    private static byte[] mac(Cipher aes, byte[] x, byte[] data) {
        for (int off = 0; off < data.length; off += 16) {
            byte[] b = x.clone();
            for (int k = 0; k < 16 && off + k < data.length; k++) {
                b[k] ^= data[off + k];
            }
            x = block(aes, b);
        }
        return x;
    }
}
