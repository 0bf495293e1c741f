package dev.jtee.storage;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OP-TEE's storage key hierarchy (core/kernel/huk_subkey.c, core/tee/tee_fs_key_manager.c):
 * HUK (per world, a file only its owner may read) → SSK = HMAC-SHA256(HUK, chip id[32] ‖
 * "ONLY_FOR_tee_fs_ssk\0") → TSK = HMAC-SHA256(SSK, TEE_UUID as laid out in memory) → a random
 * 16-byte FEK per object, kept wrapped (AES key wrap, RFC 3394) with the TSK.
 */
final class KeyHierarchy {
    static final int HUK_SIZE = 32;
    static final int CHIP_ID_LENGTH = 32;
    static final int FEK_SIZE = 16;
    private static final byte[] SSK_LABEL = "ONLY_FOR_tee_fs_ssk\0".getBytes(StandardCharsets.US_ASCII);

    /** OP-TEE's {@code HUK_SUBKEY_UNIQUE_TA}: the usage word of the system PTA's TA unique keys. */
    static final int HUK_SUBKEY_UNIQUE_TA = 3;
    /** OP-TEE's {@code HUK_SUBKEY_MAX_LEN}: a subkey is at most one SHA-256 output. */
    static final int HUK_SUBKEY_MAX_LEN = 32;

    private final byte[] ssk;
    /** HMAC-SHA256 keyed with the HUK, for {@link #hukSubkey}; the HUK bytes themselves are not kept. */
    private final Mac huk;

    KeyHierarchy(byte[] huk, byte[] chipId) {
        if (chipId.length > CHIP_ID_LENGTH) {
            throw new IllegalArgumentException("chip id longer than " + CHIP_ID_LENGTH + " bytes");
        }
        byte[] msg = new byte[CHIP_ID_LENGTH + SSK_LABEL.length];
        System.arraycopy(chipId, 0, msg, 0, chipId.length);
        System.arraycopy(SSK_LABEL, 0, msg, CHIP_ID_LENGTH, SSK_LABEL.length);
        this.ssk = hmacSha256(huk, msg);
        try {
            this.huk = Mac.getInstance("HmacSHA256");
            this.huk.init(new SecretKeySpec(huk, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * OP-TEE's {@code huk_subkey_derive}: HMAC-SHA256(HUK, usage as a little-endian uint32 ‖ data),
     * cut to {@code length} bytes (at most {@link #HUK_SUBKEY_MAX_LEN}).
     */
    byte[] hukSubkey(int usage, byte[] data, int length) {
        if (length < 0 || length > HUK_SUBKEY_MAX_LEN) {
            throw new IllegalArgumentException("a HUK subkey has 0 to " + HUK_SUBKEY_MAX_LEN + " bytes, not " + length);
        }
        byte[] full;
        synchronized (huk) {
            huk.update(new byte[] {(byte) usage, (byte) (usage >>> 8), (byte) (usage >>> 16), (byte) (usage >>> 24)});
            full = huk.doFinal(data);
        }
        byte[] key = Arrays.copyOf(full, length);
        wipe(full);
        return key;
    }

    /** The system PTA's TA unique key: the HUK subkey of the TA's {@code TEE_UUID} (C layout) followed by {@code extra}. */
    byte[] taUniqueKey(TeeUuid ta, byte[] extra, int length) {
        byte[] uuid = uuidStruct(ta);
        byte[] data = Arrays.copyOf(uuid, uuid.length + extra.length);
        System.arraycopy(extra, 0, data, uuid.length, extra.length);
        byte[] key = hukSubkey(HUK_SUBKEY_UNIQUE_TA, data, length);
        wipe(data);
        return key;
    }

    /**
     * Reads the HUK file, or creates it rw------- with fresh random bytes; refuses a file of
     * another user, one others may read, and an all-zero key.
     */
    static byte[] loadOrCreateHuk(Path file) {
        try {
            if (!Files.exists(file)) {
                Path dir = file.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                byte[] huk = new byte[HUK_SIZE];
                KeyTypes.RANDOM.nextBytes(huk);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.write(file, huk, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                    return huk;
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                }
            }
            long owner = ((Number) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
            long self = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
            if (owner != self) {
                // another user could have planted it and so know every key derived from it
                throw new IllegalStateException("refusing the hardware unique key " + file + ": it belongs to uid " + owner
                        + ", not to this process's user (uid " + self + ")");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission p : perms) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    throw new IllegalStateException("refusing the hardware unique key " + file + ": its permissions are "
                            + PosixFilePermissions.toString(perms) + ", it must be readable by its owner only (chmod 600)");
                }
            }
            byte[] huk = Files.readAllBytes(file);
            if (huk.length != HUK_SIZE) {
                throw new IllegalStateException("hardware unique key " + file + " has " + huk.length
                        + " bytes, expected " + HUK_SIZE);
            }
            boolean zero = true;
            for (byte b : huk) {
                zero &= b == 0;
            }
            if (zero) {
                throw new IllegalStateException("refusing the hardware unique key " + file + ": it is all zeros, not a key");
            }
            return huk;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the hardware unique key " + file, e);
        }
    }

    /** TSK of a TA: HMAC-SHA256(SSK, TEE_UUID) with the struct's little-endian memory layout, as OP-TEE on Arm. */
    byte[] tsk(TeeUuid ta) {
        return hmacSha256(ssk, uuidStruct(ta));
    }

    /** A key of the world's own (not of a TA): HMAC-SHA256(SSK, label), as the hash tree root's. */
    byte[] derive(String label) {
        return hmacSha256(ssk, label.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] uuidStruct(TeeUuid ta) {
        byte[] b = new byte[16];
        int tl = ta.timeLow();
        b[0] = (byte) tl;
        b[1] = (byte) (tl >>> 8);
        b[2] = (byte) (tl >>> 16);
        b[3] = (byte) (tl >>> 24);
        b[4] = (byte) ta.timeMid();
        b[5] = (byte) (ta.timeMid() >>> 8);
        b[6] = (byte) ta.timeHiAndVersion();
        b[7] = (byte) (ta.timeHiAndVersion() >>> 8);
        System.arraycopy(ta.clockSeqAndNode(), 0, b, 8, 8);
        return b;
    }

    static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] newFek() {
        byte[] fek = new byte[FEK_SIZE];
        KeyTypes.RANDOM.nextBytes(fek);
        return fek;
    }

    static byte[] wrapFek(byte[] tsk, byte[] fek) {
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.WRAP_MODE, new SecretKeySpec(tsk, "AES"));
            return c.wrap(new SecretKeySpec(fek, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unwraps an FEK; any change to the wrapped bytes fails the RFC 3394 integrity check → CORRUPT_OBJECT. */
    static byte[] unwrapFek(byte[] tsk, byte[] wrapped) {
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.UNWRAP_MODE, new SecretKeySpec(tsk, "AES"));
            byte[] fek = c.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
            if (fek.length != FEK_SIZE) {
                throw Panics.fail(TeeResult.CORRUPT_OBJECT, "wrapped key of the wrong size");
            }
            return fek;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw Panics.fail(TeeResult.CORRUPT_OBJECT, "the object's key does not unwrap");
        }
    }

    static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
