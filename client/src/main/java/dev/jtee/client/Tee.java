package dev.jtee.client;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.api.spi.SecureWorldProvider;
import dev.jtee.api.spi.TeeConnector;
import dev.jtee.api.spi.WorldSetting;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One TEE device: a secure world and the driver in front of it. The entry point of the client:
 * {@link #embedded()} starts a world in this JVM, {@link #on(SecureWorldPort)} drives one that
 * already runs; {@link #newContext()} connects to it. Thread-safe.
 */
public final class Tee implements AutoCloseable {
    private static final String EMBEDDED = "embedded";
    private static final Object DEFAULT_LOCK = new Object();
    private static Tee defaultTee;

    private final SecureWorldPort world;
    private final boolean ownsWorld;
    final Driver driver;
    private final Set<Context> contexts = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Tee(SecureWorldPort world, boolean ownsWorld, ClientIdentity identity, long headRetryNanos) {
        this.world = world;
        this.ownsWorld = ownsWorld;
        this.driver = new Driver(world, identity, headRetryNanos);
    }

    /**
     * Starts an embedded secure world with the settings of the system properties and environment
     * ({@link WorldSetting}), else their defaults.
     */
    public static Tee embedded() {
        return embedded(Map.of());
    }

    /** A builder of an embedded secure world: every setting in code (the rest as {@link #embedded()} takes them). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an embedded secure world, found with {@link ServiceLoader} as a
     * {@link SecureWorldProvider} (jtee-core provides one); closing the Tee closes the world.
     * Without a provider on the classpath: ITEM_NOT_FOUND, origin API.
     */
    public static Tee embedded(Map<String, String> config) {
        return embedded(config, null);
    }

    private static Tee embedded(Map<String, String> config, Consumer<String> console) {
        SecureWorldProvider provider = provider();
        SecureWorldPort world;
        try {
            world = provider.start(config == null ? Map.of() : config, console);
        } catch (TeeException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, Origin.API, "cannot start the embedded TEE: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new TeeException(TeeResult.GENERIC, Origin.API, "cannot start the embedded TEE: " + e, e);
        }
        if (world == null) {
            throw new TeeException(TeeResult.GENERIC, Origin.API, provider.getClass().getName() + " started no world");
        }
        return new Tee(world, true, ClientIdentity.system(), Driver.DEFAULT_HEAD_RETRY_NANOS);
    }

    /** Drives a world that already runs; closing the Tee leaves that world running. */
    public static Tee on(SecureWorldPort world) {
        if (world == null) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, Origin.API, "no secure world");
        }
        return new Tee(world, false, ClientIdentity.system(), Driver.DEFAULT_HEAD_RETRY_NANOS);
    }

    /**
     * A TEE by name, as {@code TEEC_InitializeContext} names one: the same as {@link #connect}.
     */
    public static Tee open(String name) {
        return connect(name);
    }

    /** System property naming the default TEE (see {@link #connect}). */
    public static final String DEFAULT_PROPERTY = "jtee.tee";
    /** Environment variable naming the default TEE, when the system property is not set. */
    public static final String DEFAULT_ENV = "JTEE_TEE";

    /**
     * A TEE by address: "", "embedded" starts a new embedded world; {@code scheme:address} connects
     * through the {@link TeeConnector} for that scheme found with {@link ServiceLoader}
     * ({@code unix:/run/jtee.sock} for a daemon). Null means the default: the system property
     * {@value #DEFAULT_PROPERTY}, else the environment variable {@value #DEFAULT_ENV}, else
     * embedded. An unknown name or scheme is ITEM_NOT_FOUND, origin API. Closing the Tee closes
     * the connection (a remote world keeps running).
     */
    public static Tee connect(String address) {
        String a = address != null ? address : defaultAddress();
        if (a.isEmpty() || a.equals(EMBEDDED)) {
            return embedded();
        }
        int colon = a.indexOf(':');
        if (colon <= 0) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, Origin.API,
                    "no TEE named '" + a + "' (use \"embedded\" or scheme:address, e.g. unix:/run/jtee.sock)");
        }
        String scheme = a.substring(0, colon);
        TeeConnector connector = connector(scheme);
        SecureWorldPort world;
        try {
            world = connector.connect(a.substring(colon + 1));
        } catch (TeeException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, Origin.API, "bad TEE address '" + a + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new TeeException(TeeResult.COMMUNICATION, Origin.API, "cannot connect to '" + a + "': " + e, e);
        }
        if (world == null) {
            throw new TeeException(TeeResult.GENERIC, Origin.API, connector.getClass().getName() + " gave no world for '" + a + "'");
        }
        return new Tee(world, true, ClientIdentity.system(), Driver.DEFAULT_HEAD_RETRY_NANOS);
    }

    static String defaultAddress() {
        String a = System.getProperty(DEFAULT_PROPERTY);
        if (a == null || a.isBlank()) {
            a = System.getenv(DEFAULT_ENV);
        }
        return a == null || a.isBlank() ? EMBEDDED : a.strip();
    }

    static boolean isDefaultName(String name) {
        return name == null || name.isEmpty();
    }

    private static TeeConnector connector(String scheme) {
        for (ClassLoader loader : loaders()) {
            try {
                for (TeeConnector c : ServiceLoader.load(TeeConnector.class, loader)) {
                    if (c.scheme().equals(scheme)) {
                        return c;
                    }
                }
            } catch (ServiceConfigurationError e) {
                throw new TeeException(TeeResult.ITEM_NOT_FOUND, Origin.API, "broken TEE connector: " + e.getMessage(), e);
            }
        }
        throw new TeeException(TeeResult.ITEM_NOT_FOUND, Origin.API,
                "no TEE connector for scheme '" + scheme + "' on the classpath (" + TeeConnector.class.getName() + ")");
    }

    private static ClassLoader[] loaders() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader own = Tee.class.getClassLoader();
        return context != null && context != own ? new ClassLoader[] {context, own} : new ClassLoader[] {own};
    }

    /**
     * The JVM-wide default TEE behind {@link Context#open()}, started or connected on first use
     * (see {@link #connect} for how the default is named).
     */
    static Tee defaultTee() {
        synchronized (DEFAULT_LOCK) {
            if (defaultTee == null || defaultTee.closed) {
                defaultTee = connect(null);
            }
            return defaultTee;
        }
    }

    /** Closes the default TEE if one was started (tests). */
    static void closeDefault() {
        synchronized (DEFAULT_LOCK) {
            if (defaultTee != null) {
                defaultTee.close();
                defaultTee = null;
            }
        }
    }

    private static SecureWorldProvider provider() {
        for (ClassLoader loader : loaders()) {
            try {
                Iterator<SecureWorldProvider> it = ServiceLoader.load(SecureWorldProvider.class, loader).iterator();
                if (it.hasNext()) {
                    return it.next();
                }
            } catch (ServiceConfigurationError e) {
                throw new TeeException(TeeResult.ITEM_NOT_FOUND, Origin.API, "broken secure world provider: " + e.getMessage(), e);
            }
        }
        throw new TeeException(TeeResult.ITEM_NOT_FOUND, Origin.API,
                "no embedded secure world on the classpath (add jtee-core, which provides " + SecureWorldProvider.class.getName() + ")");
    }

    /** A new context on this TEE with {@link FlowControl#defaults()}; BAD_STATE, origin API, once the Tee is closed. */
    public Context newContext() {
        return newContext(FlowControl.defaults());
    }

    /** A new context on this TEE whose calls are admitted by {@code flow}. */
    public Context newContext(FlowControl flow) {
        if (flow == null) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, Origin.API, "no flow control (use FlowControl.off())");
        }
        if (closed) {
            throw new TeeException(TeeResult.BAD_STATE, Origin.API, "the TEE is closed");
        }
        Context c = new Context(this, flow);
        contexts.add(c);
        if (closed) {
            c.close();
            throw new TeeException(TeeResult.BAD_STATE, Origin.API, "the TEE is closed");
        }
        return c;
    }

    /** The secure world this Tee drives. */
    public SecureWorldPort world() {
        return world;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Callers of this Tee waiting in the driver's queue for a free secure thread right now (OP-TEE's
     * call queue, used with flow control off or by calls from several contexts at once).
     */
    public int waitingForSecureThread() {
        return driver.queued();
    }

    void forget(Context c) {
        contexts.remove(c);
    }

    /**
     * Closes every context (so every session and block), ends calls still queued for a secure
     * thread, and closes the world if this Tee started it. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            for (Context c : new ArrayList<>(contexts)) {
                c.close();
            }
        } finally {
            driver.close();
            if (ownsWorld) {
                world.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Tee[" + world.describe() + (closed ? ", closed]" : "]");
    }

    /**
     * An embedded TEE's settings, each defaulting to its system property, environment variable or
     * default ({@link WorldSetting} lists them):
     * <pre>{@code
     * try (Tee tee = Tee.builder().threads(4).secureRam(32 << 20).ta(MyTa.class).console(log::info).build();
     *      Context ctx = tee.newContext()) { ... }
     * }</pre>
     */
    public static final class Builder {
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<String> taDirs = new ArrayList<>();
        private final List<String> taClasses = new ArrayList<>();
        private Consumer<String> console;

        private Builder() {
        }

        /** Secure threads ({@code CFG_NUM_THREADS}); default 8. */
        public Builder threads(int threads) {
            settings.put(WorldSetting.THREADS.key(), Integer.toString(threads));
            return this;
        }

        /** The secure RAM budget in bytes; default 16 MiB. */
        public Builder secureRam(long bytes) {
            settings.put(WorldSetting.SECURE_RAM.key(), Long.toString(bytes));
            return this;
        }

        /** Loads the TAs in {@code dir} (TA jars, native {@code .ta} files); may be given several times. */
        public Builder taDir(Path dir) {
            taDirs.add(dir.toString());
            return this;
        }

        /** Loads TA classes (each a TrustedApplication with a public no-argument constructor). */
        public Builder ta(Class<?>... classes) {
            for (Class<?> c : classes) {
                taClasses.add(c.getName());
            }
            return this;
        }

        /** Whether the TAs ServiceLoader finds on the classpath are loaded too; default true. */
        public Builder classpathTas(boolean load) {
            settings.put(WorldSetting.CLASSPATH_TAS.key(), Boolean.toString(load));
            return this;
        }

        /** Trusted storage kept in {@code dir} across runs; default a fresh temporary directory per world. */
        public Builder storageDir(Path dir) {
            settings.put(WorldSetting.STORAGE_DIR.key(), dir.toString());
            return this;
        }

        /** Where the world's console lines (panics, dumps, TA traces) go; default standard error. */
        public Builder console(Consumer<String> console) {
            this.console = console;
            return this;
        }

        /** Each TA's stack modelled at its declared TA_STACK_SIZE; default false. */
        public Builder strictStack(boolean strict) {
            settings.put(WorldSetting.STRICT_STACK.key(), Boolean.toString(strict));
            return this;
        }

        /** Starts the world; a bad setting is BAD_PARAMETERS, origin API, naming it. */
        public Tee build() {
            Map<String, String> all = new LinkedHashMap<>(settings);
            if (!taDirs.isEmpty()) {
                all.put(WorldSetting.TA_DIR.key(), String.join(File.pathSeparator, taDirs));
            }
            if (!taClasses.isEmpty()) {
                all.put(WorldSetting.TA_CLASSES.key(), String.join(",", taClasses));
            }
            return embedded(all, console);
        }
    }
}
