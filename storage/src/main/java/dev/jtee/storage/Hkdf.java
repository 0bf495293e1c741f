package dev.jtee.storage;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF (RFC 5869) on the JDK's HMAC. */
final class Hkdf {
    private Hkdf() {
    }

    static byte[] derive(String hash, byte[] salt, byte[] ikm, byte[] info, int length) {
        try {
            String name = "Hmac" + hash.replace("-", "");
            Mac mac = Mac.getInstance(name);
            byte[] s = salt.length == 0 ? new byte[mac.getMacLength()] : salt;
            mac.init(new SecretKeySpec(s, name));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, name));
            byte[] okm = new byte[length];
            byte[] t = new byte[0];
            for (int off = 0, i = 1; off < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, length - off);
                System.arraycopy(t, 0, okm, off, n);
                off += n;
            }
            return okm;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
