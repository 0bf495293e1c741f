package dev.jtee.api.spi;

import dev.jtee.api.Login;
import dev.jtee.api.TeeUuid;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The client identity UUID of a login, derived as the Linux TEE driver does
 * ({@code tee_session_calc_client_uuid}): nil for PUBLIC, otherwise a UUIDv5 in the TEE client
 * namespace over {@code uid=%x}, {@code gid=%x}, {@code app=<path>}, {@code uid=%x:app=<path>} or
 * {@code gid=%x:app=<path>}. Shared by every driver that derives identities (the in-process client,
 * the daemon from a socket peer's credentials). Stateless and thread-safe.
 */
public final class ClientUuids {
    /** The kernel's {@code tee_client_uuid_ns}. */
    public static final TeeUuid NAMESPACE = TeeUuid.parse("58ac9ca0-2086-4683-a1b8-ec4bc08e01b6");
    /** The kernel's name buffer (PATH_MAX): a name this long or longer is refused (E2BIG). */
    public static final int MAX_NAME = 4096;

    private ClientUuids() {
    }

    /**
     * The name hashed for {@code login}, or null for PUBLIC; {@code uid} and {@code gid} are
     * unsigned 32-bit ids, {@code application} the executable's path (used only by the logins that
     * need it). Throws {@link IllegalArgumentException} for TRUSTED_APP.
     */
    public static String name(Login login, long uid, long gid, String application) {
        return switch (login) {
            case PUBLIC -> null;
            case USER -> "uid=" + Long.toHexString(uid & 0xFFFFFFFFL);
            case GROUP -> "gid=" + Long.toHexString(gid & 0xFFFFFFFFL);
            case APPLICATION -> "app=" + application;
            case USER_APPLICATION -> "uid=" + Long.toHexString(uid & 0xFFFFFFFFL) + ":app=" + application;
            case GROUP_APPLICATION -> "gid=" + Long.toHexString(gid & 0xFFFFFFFFL) + ":app=" + application;
            case TRUSTED_APP -> throw new IllegalArgumentException("TRUSTED_APP is a TA-to-TA login, not a client login");
        };
    }

    /** The UUID for a name from {@link #name} (nil for null). */
    public static TeeUuid of(String name) {
        return name == null ? TeeUuid.NIL : uuidV5(NAMESPACE, name.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 4122 §4.3 name-based UUID with SHA-1, as the kernel's {@code uuid_v5}. */
    public static TeeUuid uuidV5(TeeUuid namespace, byte[] name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-1 in this JDK", e);
        }
        sha1.update(namespace.toBytes());
        byte[] hash = sha1.digest(name);
        byte[] uuid = Arrays.copyOf(hash, 16);
        uuid[6] = (byte) ((hash[6] & 0x0F) | 0x50);
        uuid[8] = (byte) ((hash[8] & 0x3F) | 0x80);
        return TeeUuid.fromBytes(uuid);
    }
}
