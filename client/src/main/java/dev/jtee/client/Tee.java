package dev.jtee.client;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.api.spi.SecureWorldProvider;
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

    /** Starts an embedded secure world with its defaults. */
    public static Tee embedded() {
        return embedded(Map.of());
    }

    /**
     * Starts an embedded secure world, found with {@link ServiceLoader} as a
     * {@link SecureWorldProvider} (jtee-core provides one); closing the Tee closes the world.
     * Without a provider on the classpath: ITEM_NOT_FOUND, origin API.
     */
    public static Tee embedded(Map<String, String> config) {
        SecureWorldProvider provider = provider();
        SecureWorldPort world;
        try {
            world = provider.start(config == null ? Map.of() : config);
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
     * A TEE by name, as {@code TEEC_InitializeContext} names one: null, "" or "embedded" starts a
     * new embedded world; any other name is ITEM_NOT_FOUND, origin API.
     */
    public static Tee open(String name) {
        checkName(name);
        return embedded();
    }

    static void checkName(String name) {
        if (name != null && !name.isEmpty() && !name.equals(EMBEDDED)) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, Origin.API, "no TEE named '" + name + "'");
        }
    }

    /** The JVM-wide default embedded TEE behind {@link Context#open()}, started on first use. */
    static Tee defaultTee() {
        synchronized (DEFAULT_LOCK) {
            if (defaultTee == null || defaultTee.closed) {
                defaultTee = embedded();
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
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader own = Tee.class.getClassLoader();
        for (ClassLoader loader : context != null && context != own ? new ClassLoader[] {context, own} : new ClassLoader[] {own}) {
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

    /** A new context on this TEE; BAD_STATE, origin API, once the Tee is closed. */
    public Context newContext() {
        if (closed) {
            throw new TeeException(TeeResult.BAD_STATE, Origin.API, "the TEE is closed");
        }
        Context c = new Context(this);
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
}
