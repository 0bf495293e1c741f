package dev.jtee.storage;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** EMSA-PSS (RFC 8017 §9.1) and PKCS#1 v1.5 DigestInfo, for signing a digest the TA computed. */
final class Pss {
    private Pss() {
    }

    /** The DER prefixes of DigestInfo (RFC 8017 §9.2, note 1). */
    static byte[] digestInfo(String hash, byte[] digest) {
        String prefix = switch (hash) {
            case "SHA-1" -> "3021300906052b0e03021a05000414";
            case "SHA-224" -> "302d300d06096086480165030402040500041c";
            case "SHA-256" -> "3031300d060960864801650304020105000420";
            case "SHA-384" -> "3041300d060960864801650304020205000430";
            case "SHA-512" -> "3051300d060960864801650304020305000440";
            default -> throw new IllegalArgumentException(hash);
        };
        byte[] p = HexFormat.of().parseHex(prefix);
        byte[] out = new byte[p.length + digest.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(digest, 0, out, p.length, digest.length);
        return out;
    }

    private static MessageDigest md(String hash) {
        try {
            return MessageDigest.getInstance(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] mgf1(String hash, byte[] seed, int len) {
        MessageDigest md = md(hash);
        byte[] out = new byte[len];
        int off = 0;
        for (int c = 0; off < len; c++) {
            md.update(seed);
            md.update(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
            byte[] h = md.digest();
            int n = Math.min(h.length, len - off);
            System.arraycopy(h, 0, out, off, n);
            off += n;
        }
        return out;
    }

    private static byte[] mPrimeHash(String hash, byte[] mHash, byte[] salt) {
        MessageDigest md = md(hash);
        md.update(new byte[8]);
        md.update(mHash);
        md.update(salt);
        return md.digest();
    }

    static byte[] encode(String hash, byte[] mHash, int sLen, int emBits) {
        int hLen = mHash.length;
        int emLen = (emBits + 7) / 8;
        if (emLen < hLen + sLen + 2) {
            throw new IllegalArgumentException("salt too long for this key");
        }
        byte[] salt = new byte[sLen];
        KeyTypes.RANDOM.nextBytes(salt);
        byte[] h = mPrimeHash(hash, mHash, salt);
        byte[] db = new byte[emLen - hLen - 1];
        db[emLen - sLen - hLen - 2] = 1;
        System.arraycopy(salt, 0, db, db.length - sLen, sLen);
        byte[] mask = mgf1(hash, h, db.length);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) (0xFF >>> (8 * emLen - emBits));
        byte[] em = new byte[emLen];
        System.arraycopy(db, 0, em, 0, db.length);
        System.arraycopy(h, 0, em, db.length, hLen);
        em[emLen - 1] = (byte) 0xBC;
        return em;
    }

    /** {@code raw} is the RSA public operation's output (modulus length). */
    static boolean verify(String hash, byte[] mHash, byte[] raw, int sLen, int emBits) {
        int hLen = mHash.length;
        int emLen = (emBits + 7) / 8;
        int skip = raw.length - emLen;
        for (int i = 0; i < skip; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        if (emLen < hLen + sLen + 2 || raw[raw.length - 1] != (byte) 0xBC) {
            return false;
        }
        byte[] db = new byte[emLen - hLen - 1];
        System.arraycopy(raw, skip, db, 0, db.length);
        byte[] h = new byte[hLen];
        System.arraycopy(raw, skip + db.length, h, 0, hLen);
        int topBits = 8 * emLen - emBits;
        if ((db[0] & (0xFF << (8 - topBits)) & 0xFF) != 0) {
            return false;
        }
        byte[] mask = mgf1(hash, h, db.length);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) (0xFF >>> topBits);
        int ps = emLen - hLen - sLen - 2;
        for (int i = 0; i < ps; i++) {
            if (db[i] != 0) {
                return false;
            }
        }
        if (db[ps] != 1) {
            return false;
        }
        byte[] salt = new byte[sLen];
        System.arraycopy(db, db.length - sLen, salt, 0, sLen);
        return MessageDigest.isEqual(h, mPrimeHash(hash, mHash, salt));
    }
}
