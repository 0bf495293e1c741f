package dev.jtee.daemon;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is at the other end of a Unix socket, as the kernel says ({@code SO_PEERCRED}): the
 * effective uid and gid at connect time and the pid, then the supplementary groups and the
 * executable read from {@code /proc/<pid>}. Any part the daemon cannot learn is -1 / null, and the
 * logins that need it then fail as the kernel's lookups would. A session's identity comes from
 * {@link #current()}: the same process as it is when the session opens, as the Linux driver takes
 * the calling task's credentials at open time (a process that execs another program or drops its
 * privileges after connecting is seen as what it is now).
 *
 * <p>The pid needs the socket's descriptor: it is read with {@code getsockopt} through the FFM API
 * when the JVM runs with {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (the {@code jtee}
 * jar's manifest and the test runs set it; on the module path
 * {@code --add-exports java.base/sun.nio.ch=dev.jtee.daemon}); without it the uid and gid come from
 * {@link ExtendedSocketOptions#SO_PEERCRED} and the pid stays unknown, so APPLICATION logins fail.
 */
record PeerCredentials(int uid, int gid, int pid, long[] groups, String application, long startTime) {
    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERCRED = 17;
    private static final MethodHandle GETSOCKOPT = getsockopt();
    private static final Method FD_VAL = fdVal();

    /** What the kernel reports for the peer of {@code ch}. */
    static PeerCredentials of(SocketChannel ch) {
        int[] ucred = nativePeerCred(ch);
        int uid;
        int gid;
        int pid;
        if (ucred != null) {
            pid = ucred[0];
            uid = ucred[1];
            gid = ucred[2];
        } else {
            pid = -1;
            int[] ids = principalIds(ch);
            uid = ids[0];
            gid = ids[1];
        }
        long[] groups = null;
        String app = null;
        long start = -1;
        if (pid > 0) {
            start = startTime(pid);
            groups = groups(pid, uid);
            app = executable(pid);
        }
        return new PeerCredentials(uid, gid, pid, groups, app, start);
    }

    /**
     * The same process's credentials now, read from {@code /proc/<pid>}: its effective uid and gid,
     * groups and executable at this moment. If that process is gone (its pid now names another
     * process, or none), nothing is known: -1 / null, so every login but PUBLIC fails. Without a
     * pid, the connect-time credentials.
     */
    PeerCredentials current() {
        if (pid <= 0) {
            return this;
        }
        long[] ids = status(pid);
        String app = executable(pid);
        if (ids == null || startTime < 0 || startTime(pid) != startTime) {
            return new PeerCredentials(-1, -1, pid, null, null, startTime);
        }
        long[] groups = java.util.Arrays.copyOfRange(ids, 2, ids.length);
        return new PeerCredentials((int) ids[0], (int) ids[1], pid, groups, app, startTime);
    }

    /** Whether the peer is a member of {@code gid} (its effective group or a supplementary one). */
    boolean inGroup(long gid) {
        if ((this.gid & 0xFFFFFFFFL) == gid) {
            return true;
        }
        return groups != null && Arrays.stream(groups).anyMatch(g -> g == gid);
    }

    /** The key flow control uses for "one client": the process, or the user when the pid is unknown. */
    String clientKey() {
        return pid > 0 ? "pid:" + pid : "uid:" + Integer.toUnsignedString(uid);
    }

    @Override
    public String toString() {
        return "uid=" + uid + " gid=" + gid + " pid=" + pid + (application != null ? " exe=" + application : "");
    }

    // ---- SO_PEERCRED through FFM

    private static MethodHandle getsockopt() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null; // struct ucred and the option numbers are Linux's
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().find("getsockopt").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        } catch (RuntimeException | LinkageError e) {
            return null; // no native access allowed: fall back to the JDK's SO_PEERCRED
        }
    }

    private static Method fdVal() {
        try {
            Method m = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            m.setAccessible(false);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** {pid, uid, gid} or null when the descriptor or native access is not available. */
    private static int[] nativePeerCred(SocketChannel ch) {
        if (GETSOCKOPT == null || FD_VAL == null) {
            return null;
        }
        int fd;
        try {
            fd = (int) FD_VAL.invoke(ch);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // sun.nio.ch not exported to us
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cred = arena.allocate(12, 4);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, 12);
            int r = (int) GETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_PEERCRED, cred, len);
            if (r != 0) {
                return null;
            }
            return new int[] {cred.get(ValueLayout.JAVA_INT, 0), cred.get(ValueLayout.JAVA_INT, 4), cred.get(ValueLayout.JAVA_INT, 8)};
        } catch (Throwable e) {
            return null;
        }
    }

    /** uid and gid from the JDK's SO_PEERCRED (names), mapped back to numbers. */
    private static int[] principalIds(SocketChannel ch) {
        try {
            UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return new int[] {id(p.user().getName(), Path.of("/etc/passwd")), id(p.group().getName(), Path.of("/etc/group"))};
        } catch (IOException | RuntimeException e) {
            return new int[] {-1, -1};
        }
    }

    /** A numeric name as is, else its id from a passwd/group-style file ("name:x:id:..."), else -1. */
    private static int id(String name, Path file) {
        try {
            return (int) Long.parseLong(name);
        } catch (NumberFormatException notNumeric) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = line.split(":");
                    if (f.length > 2 && f[0].equals(name)) {
                        return (int) Long.parseLong(f[2]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }
    }

    // ---- /proc

    /** The process's start time (field 22 of {@code /proc/<pid>/stat}, clock ticks since boot), or -1. */
    private static long startTime(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // the command name (field 2) may hold spaces and parentheses: count from the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {effective uid, effective gid, supplementary groups...} from {@code /proc/<pid>/status}, or null. */
    private static long[] status(int pid) {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"), StandardCharsets.US_ASCII);
            long uid = -1;
            long gid = -1;
            long[] groups = new long[0];
            for (String line : status) {
                if (line.startsWith("Uid:")) {
                    uid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                } else if (line.startsWith("Gid:")) {
                    gid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                } else if (line.startsWith("Groups:")) {
                    String list = line.substring(7).trim();
                    groups = list.isEmpty() ? new long[0] : Arrays.stream(list.split("\\s+")).mapToLong(Long::parseLong).toArray();
                }
            }
            if (uid < 0 || gid < 0) {
                return null;
            }
            long[] out = new long[2 + groups.length];
            out[0] = uid;
            out[1] = gid;
            System.arraycopy(groups, 0, out, 2, groups.length);
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long[] groups(int pid, int uid) {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"), StandardCharsets.US_ASCII);
            long[] groups = null;
            boolean sameUser = false;
            for (String line : status) {
                if (line.startsWith("Uid:")) {
                    sameUser = Long.parseLong(line.substring(4).trim().split("\\s+")[1]) == Integer.toUnsignedLong(uid);
                } else if (line.startsWith("Groups:")) {
                    String list = line.substring(7).trim();
                    groups = list.isEmpty() ? new long[0] : Arrays.stream(list.split("\\s+")).mapToLong(Long::parseLong).toArray();
                }
            }
            return sameUser ? groups : null; // a recycled pid would tell another process's groups
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String executable(int pid) {
        try {
            return Path.of("/proc", Integer.toString(pid), "exe").toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return null; // another user's process: the daemon may not look
        }
    }
}
