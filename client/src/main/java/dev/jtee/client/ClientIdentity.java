package dev.jtee.client;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.ClientUuids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The client identity UUID sent with OpenSession, derived as the Linux TEE driver does
 * ({@code tee_session_calc_client_uuid}): nil for PUBLIC, otherwise a UUIDv5 in the TEE client
 * namespace over {@code uid=%x}, {@code gid=%x}, {@code app=<path>}, {@code uid=%x:app=<path>} or
 * {@code gid=%x:app=<path>}, with the effective uid, a gid the process is a member of, and the
 * path of the running executable. Immutable and thread-safe.
 */
final class ClientIdentity {
    /** The kernel's {@code tee_client_uuid_ns}. */
    static final TeeUuid NAMESPACE = ClientUuids.NAMESPACE;
    /** The kernel's name buffer (PATH_MAX); a longer name is E2BIG. */
    private static final int MAX_NAME = ClientUuids.MAX_NAME;
    /** The kernel's INVALID_GID. */
    private static final int INVALID_GID = -1;

    /**
     * What the kernel knows about the calling process. Any part may be unknown (null): the
     * logins that need it then fail as the kernel's lookups would.
     */
    record Credentials(Long euid, Long egid, long[] groups, String application) {
        boolean inGroup(long gid) {
            if (egid == null && groups == null) {
                return true; // nothing to check against outside Linux-like systems
            }
            if (egid != null && egid == gid) {
                return true;
            }
            return groups != null && Arrays.stream(groups).anyMatch(g -> g == gid);
        }
    }

    private static final class SystemHolder {
        static final ClientIdentity SYSTEM = new ClientIdentity(readCredentials());
    }

    private final Credentials credentials;

    ClientIdentity(Credentials credentials) {
        this.credentials = credentials;
    }

    /** The identity of this JVM process, read once. */
    static ClientIdentity system() {
        return SystemHolder.SYSTEM;
    }

    Credentials credentials() {
        return credentials;
    }

    /**
     * The client UUID for a login. BAD_PARAMETERS (origin API) for TRUSTED_APP, a null login, or
     * a group login without connection data; the kernel's refusals (not a member of the group,
     * unknown uid or executable) are transport failures: GENERIC, origin COMMS.
     */
    TeeUuid clientUuid(Login login, Integer connectionData) {
        if (login == null) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, Origin.API, "no login method");
        }
        String name = switch (login) {
            case PUBLIC -> null;
            case USER -> "uid=" + uid();
            case GROUP -> "gid=" + gid(login, connectionData);
            case APPLICATION -> "app=" + application();
            case USER_APPLICATION -> "uid=" + uid() + ":app=" + application();
            case GROUP_APPLICATION -> "gid=" + gid(login, connectionData) + ":app=" + application();
            case TRUSTED_APP -> throw new TeeException(TeeResult.BAD_PARAMETERS, Origin.API,
                    "TRUSTED_APP is a TA-to-TA login, not a client login");
        };
        if (name == null) {
            return TeeUuid.NIL;
        }
        byte[] octets = name.getBytes(StandardCharsets.UTF_8);
        if (octets.length >= MAX_NAME) {
            throw new TeeException(TeeResult.GENERIC, Origin.COMMS, "client identity name too long (E2BIG)");
        }
        return uuidV5(NAMESPACE, octets);
    }

    private String uid() {
        if (credentials.euid() == null) {
            throw new TeeException(TeeResult.GENERIC, Origin.COMMS, "the user id of this process is unknown");
        }
        return Long.toHexString(credentials.euid() & 0xFFFFFFFFL);
    }

    private String gid(Login login, Integer connectionData) {
        if (connectionData == null) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, Origin.API, login + " login needs connection data (the group id)");
        }
        long gid = connectionData & 0xFFFFFFFFL;
        if (connectionData == INVALID_GID || !credentials.inGroup(gid)) {
            // the kernel answers EPERM, which libteec maps to GENERIC
            throw new TeeException(TeeResult.GENERIC, Origin.COMMS, "this process is not a member of group " + gid);
        }
        return Long.toHexString(gid);
    }

    private String application() {
        if (credentials.application() == null) {
            throw new TeeException(TeeResult.GENERIC, Origin.COMMS, "the executable of this process is unknown");
        }
        return credentials.application();
    }

    /** RFC 4122 §4.3 name-based UUID with SHA-1, as the kernel's {@code uuid_v5}. */
    static TeeUuid uuidV5(TeeUuid namespace, byte[] name) {
        return ClientUuids.uuidV5(namespace, name);
    }

    static Credentials readCredentials() {
        Long euid = null;
        Long egid = null;
        long[] groups = null;
        try {
            // Linux: "Uid:\treal\teffective\tsaved\tfs", same for Gid; "Groups:\tg1 g2 ..."
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII);
            for (String line : status) {
                if (line.startsWith("Uid:")) {
                    euid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                } else if (line.startsWith("Gid:")) {
                    egid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                } else if (line.startsWith("Groups:")) {
                    String list = line.substring(7).trim();
                    groups = list.isEmpty() ? new long[0] : Arrays.stream(list.split("\\s+")).mapToLong(Long::parseLong).toArray();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall back to the JDK's view of the Unix credentials
            try {
                com.sun.security.auth.module.UnixSystem unix = new com.sun.security.auth.module.UnixSystem();
                euid = unix.getUid();
                egid = unix.getGid();
                groups = unix.getGroups();
            } catch (LinkageError | RuntimeException notUnix) {
                euid = null;
            }
        }
        return new Credentials(euid, egid, groups, executable());
    }

    private static String executable() {
        try {
            return Path.of("/proc/self/exe").toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().info().command().orElse(null);
        }
    }
}
