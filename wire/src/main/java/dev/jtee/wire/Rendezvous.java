package dev.jtee.wire;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Where a daemon and its clients meet, safely. The default socket lives in a directory only the
 * daemon's user can create entries in ({@code /run/jtee/} for root, {@code $XDG_RUNTIME_DIR/jtee/}
 * otherwise), so no other local user can put an impostor there first; a daemon refuses a
 * directory others can write to; and a client talks only to a daemon that runs as root, as its own
 * user, or as a user it was told to trust ({@code JTEE_DAEMON_USER} / {@code -Djtee.daemon.user},
 * a name or a numeric uid). Stateless; thread-safe.
 */
public final class Rendezvous {
    /** The socket's name in its directory. */
    public static final String SOCKET_NAME = "jtee.sock";

    private Rendezvous() {
    }

    /** The default socket for this process's user. */
    public static Path defaultSocket() {
        return defaultSocket(uid(), System.getenv("XDG_RUNTIME_DIR"));
    }

    /**
     * The default socket for {@code uid}: {@code /run/jtee/jtee.sock} for root,
     * {@code $XDG_RUNTIME_DIR/jtee/jtee.sock} otherwise, or {@code /run/user/<uid>/jtee/jtee.sock}
     * when that variable is not set.
     */
    public static Path defaultSocket(long uid, String xdgRuntimeDir) {
        if (uid == 0) {
            return Path.of("/run/jtee", SOCKET_NAME);
        }
        Path base = xdgRuntimeDir != null && !xdgRuntimeDir.isBlank() ? Path.of(xdgRuntimeDir) : Path.of("/run/user", Long.toString(uid));
        return base.resolve("jtee").resolve(SOCKET_NAME);
    }

    /**
     * Why the daemon must not put its socket in {@code dir}, or null when it may: the directory
     * must belong to the daemon's user (or root) and no one else may write to it — else another
     * user could replace the socket, or plant one before the daemon starts.
     */
    public static String unsafeDirectory(Path dir) throws IOException {
        Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        long own = ((Number) owner).longValue();
        if (own != uid() && own != 0) {
            return dir + " belongs to uid " + own + ", not to the daemon's user (uid " + uid() + ") or root";
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            return dir + " may be written by others (" + java.nio.file.attribute.PosixFilePermissions.toString(p)
                    + "): another user could replace the socket; use a directory only the daemon's user can write, e.g. "
                    + defaultSocket().getParent();
        }
        return null;
    }

    /**
     * Checks who serves the socket {@code ch} is connected to; throws {@link SecurityException}
     * with the reason when it is not root, this process's user, or a user named in
     * {@code JTEE_DAEMON_USER} / {@code -Djtee.daemon.user}.
     */
    public static void checkDaemon(SocketChannel ch, Path path) throws IOException {
        UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
        String user = peer.user().getName();
        if (trusted(user)) {
            return;
        }
        throw new SecurityException("refusing the jtee daemon at " + path + ": it runs as user " + user
                + ", not root or " + System.getProperty("user.name") + " (an impostor? set JTEE_DAEMON_USER=" + user + " to trust it)");
    }

    private static boolean trusted(String user) {
        if (user.equals("root") || user.equals("0") || user.equals(System.getProperty("user.name"))
                || user.equals(Long.toString(uid()))) {
            return true;
        }
        String configured = System.getProperty("jtee.daemon.user", System.getenv("JTEE_DAEMON_USER"));
        if (configured != null) {
            for (String name : configured.split(",")) {
                if (name.strip().equals(user)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** This process's uid (from {@code /proc/self}); -1 where that cannot be read. */
    public static long uid() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return -1;
        }
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
