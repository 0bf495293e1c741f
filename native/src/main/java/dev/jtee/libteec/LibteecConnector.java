package dev.jtee.libteec;

import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.api.spi.TeeConnector;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code libteec} scheme of {@code Tee.connect}: the client drives a GP TEE Client API library
 * through {@code java.lang.foreign}, so the same {@code Context} API (flow control included) runs
 * in front of OP-TEE's libteec on a device, or in front of jtee's own libteec and a jtee daemon.
 *
 * <pre>
 *   libteec:                          the default library (see {@link #defaultLibrary()})
 *   libteec:/path/to/libteec.so       that library
 *   libteec:[path]?tee=NAME           passes NAME to TEEC_InitializeContext instead of NULL;
 *                                     jtee's libteec takes "unix:/path/to/jtee.sock" as a name
 * </pre>
 *
 * Without {@code ?tee=}, the system property {@value #TEE_PROPERTY} names the TEE if set, else the
 * library's default TEE is used (NULL; jtee's libteec then reads {@code JTEE_SOCKET}). Found with
 * {@link java.util.ServiceLoader}.
 */
public final class LibteecConnector implements TeeConnector {
    /** Environment variable naming the library when the address names none. */
    public static final String LIBRARY_ENV = "JTEE_LIBTEEC";
    /** System property: the directory jtee's native build wrote ({@code lib/libteec.so} in it). */
    public static final String NATIVE_DIR_PROPERTY = "jtee.native.dir";
    /** System property: the TEE name passed to TEEC_InitializeContext when the address gives none. */
    public static final String TEE_PROPERTY = "jtee.libteec.tee";
    /**
     * System property: secure threads to assume when the library cannot say (OP-TEE's libteec has
     * no call for it); default {@value #DEFAULT_THREADS}, OP-TEE's default CFG_NUM_THREADS.
     */
    public static final String THREADS_PROPERTY = "jtee.libteec.threads";
    static final int DEFAULT_THREADS = 2;

    public LibteecConnector() {
    }

    @Override
    public String scheme() {
        return "libteec";
    }

    @Override
    public SecureWorldPort connect(String address) {
        String a = address == null ? "" : address.strip();
        String library = a;
        String tee = null;
        int q = a.indexOf('?');
        if (q >= 0) {
            library = a.substring(0, q);
            for (String kv : a.substring(q + 1).split("&")) {
                if (kv.startsWith("tee=")) {
                    tee = kv.substring(4);
                } else if (!kv.isEmpty()) {
                    throw new IllegalArgumentException("unknown libteec option '" + kv + "' (want ?tee=NAME)");
                }
            }
        }
        if (library.isBlank()) {
            library = defaultLibrary();
        }
        if (tee == null || tee.isBlank()) {
            String p = System.getProperty(TEE_PROPERTY);
            tee = p == null || p.isBlank() ? null : p.strip();
        }
        return LibteecPort.open(library, tee, threadsProperty());
    }

    /**
     * The library {@code libteec:} loads when no path is given: {@value #LIBRARY_ENV} if set, else
     * jtee's own build output ({@value #NATIVE_DIR_PROPERTY}{@code /lib/libteec.so}) if it exists,
     * else {@code libteec.so.2} as the dynamic linker finds it (an OP-TEE device).
     */
    public static String defaultLibrary() {
        String env = System.getenv(LIBRARY_ENV);
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        String dir = System.getProperty(NATIVE_DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            Path p = Path.of(dir.strip(), "lib", "libteec.so");
            if (Files.exists(p)) {
                return p.toString();
            }
        }
        return Libteec.DEFAULT_LIBRARY;
    }

    private static int threadsProperty() {
        String t = System.getProperty(THREADS_PROPERTY);
        if (t == null || t.isBlank()) {
            return DEFAULT_THREADS;
        }
        int n = Integer.parseInt(t.strip());
        if (n < 1) {
            throw new IllegalArgumentException(THREADS_PROPERTY + " must be at least 1, not " + n);
        }
        return n;
    }
}
