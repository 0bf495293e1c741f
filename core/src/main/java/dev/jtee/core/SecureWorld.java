package dev.jtee.core;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.ta.Identity;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TrustedApplication;
import dev.jtee.storage.SecureStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An emulated OP-TEE secure world, embedded in this JVM: a fixed pool of secure threads, the TAs it
 * was built with, their instances and sessions, secure RAM and TA heaps, panics with OP-TEE's
 * console dumps. Drivers reach it through {@link SecureWorldPort}; build one with {@link #builder()}.
 * Thread-safe.
 *
 * <pre>{@code
 * try (SecureWorld world = SecureWorld.builder().threads(4).ta(HelloWorldTa::new).build()) {
 *     ... Tee.on(world) ...
 * }
 * }</pre>
 */
public final class SecureWorld implements SecureWorldPort {
    /** Physical address of the first byte of secure RAM (QEMU virt's TZDRAM). */
    static final long SECURE_RAM_BASE = 0x0e100000L;
    static final String VERSION = "0.1.0";

    final Console console;
    final SecureRam ram;
    final TaStore store;
    final TaManager manager;
    final SecureThreads threads;
    final Map<String, Object> teeProperties = TaProperties.tee(VERSION);
    final SecureRandom random = new SecureRandom();
    final long startNanos = System.nanoTime();
    /** TA persistent time, per TA, on TEE_GetSystemTime's clock. */
    final TaPersistentTime taPersistentTime = new TaPersistentTime(() -> (System.nanoTime() - startNanos) / 1_000_000);
    private final List<Consumer<PanicReport>> panicListeners = new CopyOnWriteArrayList<>();
    /** Strict stacks: TA code instrumented and its modelled stack limited to the declared TA_STACK_SIZE. */
    final boolean strictStack;
    /** Profiling: the modelled stack limit of every instance (bytes), or -1. */
    private final long stackLimitOverride;
    /** Profiling: the heap size of every instance (bytes), or -1 for the declared TA_DATA_SIZE. */
    private final int dataSizeOverride;
    /** Profiling: sees every instance as it goes (after destroy or death, before its memory is freed); may be null. */
    final Consumer<Instance> retireObserver;
    /** How long {@link #close()} waits for calls in flight and for close/destroy entries. */
    private final long shutdownNanos;
    private volatile boolean closed;
    /** Where native TAs' host lives (bin/jtee-tahost), or null. */
    final Path nativeHome;
    /** The world's TA directories, in their order: where a native TA's shared libraries are found by UUID. */
    final List<Path> taDirs;
    /** Where the world's trusted storage lives; null: a temporary directory of its own, made on first use. */
    private final Path storageDir;
    /** The storage's monotonic counter file (rollback of the whole database refused); null: none. */
    private final Path storageCounter;
    /** tee-supplicant's plugins for {@code tee_invoke_supp_plugin} (none unless a directory is given). */
    final SupplicantPlugins plugins;
    private Path tempStorageDir;
    private SecureStorage storage;

    private SecureWorld(Builder b) {
        this.storageDir = b.storageDir;
        String home = System.getProperty(NativeRuntime.HOME_PROPERTY);
        this.nativeHome = b.nativeHome != null ? b.nativeHome : home == null || home.isBlank() ? null : Path.of(home);
        this.storageCounter = b.storageCounter;
        this.plugins = SupplicantPlugins.load(b.pluginDir, b.console);
        this.taDirs = List.copyOf(b.taDirs);
        this.console = new Console(b.console);
        this.shutdownNanos = b.shutdownNanos;
        this.strictStack = b.strictStack;
        this.stackLimitOverride = b.stackLimitOverride;
        this.dataSizeOverride = b.dataSizeOverride;
        this.retireObserver = b.retireObserver;
        this.ram = new SecureRam(SECURE_RAM_BASE, b.secureRam);
        this.threads = new SecureThreads(b.threads);
        this.store = new TaStore(console::line, b.strictStack);
        this.manager = new TaManager(this, b.singleInstanceLock, b.maxSessionId);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader base = context != null ? context : SecureWorld.class.getClassLoader();
        for (Supplier<? extends TrustedApplication> s : b.suppliers) {
            store.addSupplier(s);
        }
        if (b.classpathTas) {
            store.addClasspath(base);
        }
        for (Path dir : b.taDirs) {
            store.addDirectory(dir, base);
        }
        for (NativeTaFile ta : b.nativeTas) {
            store.addNative(ta);
        }
        console.line(Console.INFO + "jtee secure world " + VERSION + ": " + describe() + ", " + store.manifests().size()
                + " TA(s)" + (store.refused().isEmpty() ? "" : ", " + store.refused().size() + " refused"));
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- SecureWorldPort

    @Override
    public int openSession(CallFrame frame) {
        return enter(OPEN, frame);
    }

    @Override
    public int invokeCommand(CallFrame frame) {
        return enter(INVOKE, frame);
    }

    @Override
    public int closeSession(CallFrame frame) {
        return enter(CLOSE, frame);
    }

    /**
     * Starts an invoke without waiting for it, if nothing has to wait: a secure thread is free, the
     * session is open and its instance free now. Then the call is posted to the TA's instance
     * thread and {@code done} is told when it ended (same result and parameters as
     * {@link #invokeCommand}, one call at a time per instance as ever). False when the call was
     * not started (nothing changed): use {@link #invokeCommand}, which waits or answers the error.
     * Allocation-free; {@code frame} belongs to the world until {@code done} is told.
     */
    public boolean invokeAsync(CallFrame frame, InvokeCompletion done) {
        if (closed) {
            return false;
        }
        SecureThreads.SecureThread t = threads.tryAcquire();
        if (t == null) {
            return false;
        }
        boolean posted = false;
        try {
            posted = !closed && manager.invokeAsync(frame, t, done);
        } finally {
            if (!posted) {
                threads.release(t);
            }
        }
        return posted;
    }

    /**
     * Takes {@code size} bytes (whole pages) of this world's secure RAM for a client's shared
     * memory block (a daemon accounts its clients' blocks here): the reservation's address for
     * {@link #releaseSharedMemory}, or -1 when the secure RAM cannot hold it now (the client's
     * TEEC_AllocateSharedMemory then fails with OUT_OF_MEMORY). Size 0 takes nothing and answers 0.
     */
    public long reserveSharedMemory(long size) {
        if (size < 0) {
            return -1;
        }
        return size == 0 ? 0 : ram.reserve(size);
    }

    /** Gives back a reservation of {@link #reserveSharedMemory} (same size). */
    public void releaseSharedMemory(long address, long size) {
        if (size > 0) {
            ram.release(address, size);
        }
    }

    private static final int OPEN = 0;
    private static final int INVOKE = 1;
    private static final int CLOSE = 2;

    /** One standard call: takes a secure thread (or answers THREAD_LIMIT) and holds it until the call ends. */
    private int enter(int op, CallFrame frame) {
        SecureThreads.SecureThread t = threads.tryAcquire();
        if (t == null) {
            return THREAD_LIMIT;
        }
        try {
            if (closed) {
                fail(frame, TeeResult.TARGET_DEAD);
                return OK;
            }
            switch (op) {
                case OPEN -> {
                    Identity client = clientIdentity(frame);
                    if (client == null || frame.uuid == null) {
                        fail(frame, TeeResult.BAD_PARAMETERS);
                        return OK;
                    }
                    t.begin(null, frame.cancelId);
                    manager.open(frame, client, null, t.waiter, t, t, Long.MAX_VALUE);
                }
                case INVOKE -> manager.invoke(frame, null, t.waiter, t, t, Long.MAX_VALUE);
                default -> manager.close(frame, null, t.waiter, t, Long.MAX_VALUE);
            }
        } catch (RuntimeException | Error e) {
            internalError(frame, op == OPEN ? "openSession" : op == INVOKE ? "invokeCommand" : "closeSession", e);
        } finally {
            if (op != INVOKE) {
                t.end();
            }
            threads.release(t);
        }
        return OK;
    }

    /**
     * Asks every call of a session to cancel, whatever cancel id its client gave (libteec gives 0
     * when the operation is NULL): what a daemon does for a client that died mid-call.
     */
    public void cancelSession(int session) {
        manager.cancelSession(session, threads);
    }

    @Override
    public void requestCancellation(int session, int cancelId) {
        manager.requestCancellation(session, cancelId, threads);
    }

    @Override
    public int secureThreads() {
        return threads.size();
    }

    @Override
    public String describe() {
        return "embedded (" + threads.size() + " threads, " + bytes(ram.budget()) + " secure RAM)";
    }

    /** Closes every open session (their close entries run), destroys every instance, stops their threads. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + shutdownNanos;
        manager.cancelAll();
        // Let calls in flight finish: take every secure thread.
        List<SecureThreads.SecureThread> held = new ArrayList<>();
        for (int i = 0; i < threads.size(); i++) {
            while (!threads.tryAcquire(i) && System.nanoTime() - deadline < 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            held.add(threads.get(i));
        }
        try {
            manager.shutdown(deadline);
        } finally {
            closeStorage();
            store.close();
            for (SecureThreads.SecureThread t : held) {
                threads.release(t);
            }
        }
    }

    // ---- trusted storage

    /**
     * The world's trusted storage (one SQLite database and HUK per world), opened on first use:
     * in {@link Builder#storageDir} if given, else in a temporary directory deleted on close.
     */
    synchronized SecureStorage storage() {
        if (storage == null) {
            if (closed) {
                throw new IllegalStateException("the world is closed");
            }
            Path dir = storageDir;
            try {
                if (dir == null) {
                    dir = Files.createTempDirectory("jtee-storage-");
                    tempStorageDir = dir;
                } else {
                    Files.createDirectories(dir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the storage directory " + dir, e);
            }
            SecureStorage.Config config = SecureStorage.Config.inDirectory(dir);
            storage = SecureStorage.open(storageCounter == null ? config : config.withCounter(storageCounter));
            console.line(Console.INFO + "trusted storage: " + dir + (tempStorageDir != null ? " (temporary)" : ""));
        }
        return storage;
    }

    /** The directory of the world's storage: the configured one, or the temporary one if it was made; else empty. */
    public synchronized Optional<Path> storageDirectory() {
        return Optional.ofNullable(storageDir != null ? storageDir : tempStorageDir);
    }

    private synchronized void closeStorage() {
        if (storage != null) {
            try {
                storage.close();
            } catch (RuntimeException e) {
                console.line(Console.WARN + "closing the trusted storage failed: " + e);
            }
            storage = null;
        }
        if (tempStorageDir != null) {
            try (Stream<Path> files = Files.walk(tempStorageDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                console.line(Console.WARN + "could not delete " + tempStorageDir + ": " + e);
            }
        }
    }

    // ---- queries

    /** The TAs this world can open, in load order. */
    public List<TaManifest> tas() {
        return store.manifests();
    }

    /** Whether the TA with this UUID is a native (C) TA, run by a TA host process per instance. */
    public boolean isNativeTa(TeeUuid uuid) {
        TaStore.Entry e = store.get(uuid);
        return e != null && e.isNative();
    }

    /** A TA by UUID text or by name. */
    public Optional<TaManifest> findTa(String nameOrUuid) {
        TaStore.Entry e = store.find(nameOrUuid);
        return e == null ? Optional.empty() : Optional.of(e.manifest);
    }

    /** One line per TA that was refused at load, saying where it came from and why. */
    public List<String> refusedTas() {
        return store.refused();
    }

    public WorldStats stats() {
        return new WorldStats(threads.size(), threads.busy(), ram.budget(), ram.used(), manager.instances().size(),
                manager.sessions.size(), manager.panics.get());
    }

    /** Every instance alive (or kept after a crash), with its heap. */
    public List<InstanceInfo> instances() {
        List<InstanceInfo> out = new ArrayList<>();
        for (Instance i : manager.instances()) {
            HeapStats heap = i.heapStats();
            if (heap != null) {
                out.add(new InstanceInfo(i.uuid, i.manifest.name(), i.refCount, heap, i.dead));
            }
        }
        return List.copyOf(out);
    }

    /** Calls {@code listener} with every instance death, on the dying instance's thread, after its dump. */
    public void onPanic(Consumer<PanicReport> listener) {
        panicListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void reportPanic(PanicReport report) {
        for (Consumer<PanicReport> l : panicListeners) {
            try {
                l.accept(report);
            } catch (RuntimeException e) {
                console.line(Console.WARN + "panic listener failed: " + e);
            }
        }
    }

    @Override
    public String toString() {
        return "SecureWorld[" + describe() + "]";
    }

    // ---- helpers

    private static Identity clientIdentity(CallFrame f) {
        Login login;
        try {
            login = Login.of(f.login);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (login == Login.TRUSTED_APP) {
            return null; // only a TA may claim to be a TA
        }
        return new Identity(login, f.clientUuid == null ? TeeUuid.NIL : f.clientUuid);
    }

    private static void fail(CallFrame f, TeeResult r) {
        f.result = r.code();
        f.origin = Origin.TEE.value();
    }

    private void internalError(CallFrame f, String what, Throwable e) {
        console.line(Console.TC + "jtee: internal error in " + what + ": " + e);
        fail(f, TeeResult.GENERIC);
    }

    /** The modelled stack limit of the TA's instances, or -1 when stacks are not metered. */
    long stackLimit(TaManifest m) {
        if (stackLimitOverride >= 0) {
            return stackLimitOverride;
        }
        return strictStack ? m.stackSize() : -1;
    }

    /** The heap size of the TA's instances. */
    int dataSize(TaManifest m) {
        return dataSizeOverride >= 0 ? dataSizeOverride : m.dataSize();
    }

    /**
     * Per TA with a metered stack ({@link Builder#strictStack}): the highest modelled stack any of
     * its instances used so far, in bytes (instances gone included); empty otherwise.
     */
    public Map<TeeUuid, Long> stackPeaks() {
        return manager.stackPeaks();
    }

    static String bytes(long n) {
        if (n >= 1 << 30 && n % (1 << 30) == 0) {
            return (n >> 30) + " GiB";
        }
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return (n >> 20) + " MiB";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return (n >> 10) + " KiB";
        }
        return n + " bytes";
    }

    /** How to build a world; every setting has OP-TEE-like defaults (HiKey: 8 secure threads). */
    public static final class Builder {
        private int threads = 8;
        private long secureRam = 16L << 20;
        private boolean classpathTas = true;
        private final List<Supplier<? extends TrustedApplication>> suppliers = new ArrayList<>();
        private final List<Path> taDirs = new ArrayList<>();
        private Consumer<String> console = System.err::println;
        private boolean singleInstanceLock = true;
        private long maxSessionId = 0xFFFF_FFFFL;
        private long shutdownNanos = TimeUnit.SECONDS.toNanos(10);
        private boolean strictStack;
        private long stackLimitOverride = -1;
        private int dataSizeOverride = -1;
        private Consumer<Instance> retireObserver;
        private Path storageDir;
        private Path nativeHome;
        private final List<NativeTaFile> nativeTas = new ArrayList<>();
        private Path storageCounter;
        private Path pluginDir;

        private Builder() {
        }

        /** Profiling: a native TA read already. */
        Builder nativeTa(NativeTaFile ta) {
            nativeTas.add(Objects.requireNonNull(ta, "ta"));
            return this;
        }

        /**
         * The directory with the TA host ({@code bin/jtee-tahost}) that runs native TAs; default the
         * system property {@code jtee.native.home}, which {@code ./jtee} and the build set.
         */
        public Builder nativeHome(Path dir) {
            this.nativeHome = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Secure threads ({@code CFG_NUM_THREADS}), default 8. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("a world needs at least one secure thread, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** The secure RAM budget in bytes (TZDRAM), default 16 MiB. */
        public Builder secureRam(long bytes) {
            if (bytes < SecureRam.PAGE) {
                throw new IllegalArgumentException("secure RAM must be at least one 4 KiB page, got " + bytes);
            }
            this.secureRam = bytes;
            return this;
        }

        /** Whether to load the TAs ServiceLoader finds through the thread context class loader (default true). */
        public Builder classpathTas(boolean load) {
            this.classpathTas = load;
            return this;
        }

        /** Adds a TA; the supplier makes one object per instance. */
        public Builder ta(Supplier<? extends TrustedApplication> supplier) {
            suppliers.add(Objects.requireNonNull(supplier, "supplier"));
            return this;
        }

        /** Loads every {@code *.jar} in {@code dir}, each in a class loader of its own. */
        public Builder taDir(Path dir) {
            taDirs.add(Objects.requireNonNull(dir, "dir"));
            return this;
        }

        /** Where OP-TEE-style console lines go; default {@link System#err}. */
        public Builder console(Consumer<String> console) {
            this.console = Objects.requireNonNull(console, "console");
            return this;
        }

        /**
         * OP-TEE's default (true): one call chain at a time inside any single-instance TA, with BUSY
         * instead of a deadlock; false is {@code CFG_CONCURRENT_SINGLE_INSTANCE_TA=y}.
         */
        public Builder singleInstanceLock(boolean enabled) {
            this.singleInstanceLock = enabled;
            return this;
        }

        /** The highest session id before ids wrap (tests of OVERFLOW); default 2^32-1. */
        Builder maxSessionId(long max) {
            if (max < 1 || max > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("max session id out of range: " + max);
            }
            this.maxSessionId = max;
            return this;
        }

        /** How long close() waits for stuck calls and entries before abandoning them; default 10 s. */
        Builder shutdownTimeout(long nanos) {
            this.shutdownNanos = nanos;
            return this;
        }

        /**
         * Strict stacks (default false): TA classes are loaded a second time, instrumented, and
         * every TA instance's stack is a model of a C stack limited to the declared TA_STACK_SIZE,
         * so a TA whose calls need more dies with TEE_ERROR_OVERFLOW as it would on a device (see
         * {@link StackMeter} for the model). Without it a TA's real limit is the JVM stack of the
         * thread running the entry (the caller's, or the instance thread's for a TA stack above
         * 128 KiB), never below the JVM's minimum. Costs two static calls
         * per TA method call, and entries always run on the instance thread.
         */
        public Builder strictStack(boolean strict) {
            this.strictStack = strict;
            return this;
        }

        /** Profiling: every instance gets this modelled stack limit (bytes); TAs must be given instrumented. */
        Builder stackLimit(long bytes) {
            this.stackLimitOverride = bytes;
            return this;
        }

        /** Profiling: every instance gets a heap of this size instead of its TA_DATA_SIZE. */
        Builder dataSize(int bytes) {
            this.dataSizeOverride = bytes;
            return this;
        }

        /** Profiling: called with every instance as it retires or dies, before its memory is freed. */
        Builder retireObserver(Consumer<Instance> observer) {
            this.retireObserver = observer;
            return this;
        }

        /**
         * Where trusted storage lives ({@code storage.db} and the {@code huk.bin} key, created
         * owner-only), kept across worlds; by default each world gets a temporary directory that
         * is deleted when it closes, like a freshly flashed device.
         */
        public Builder storageDir(Path dir) {
            this.storageDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * A monotonic counter file kept outside the storage database (RPMB's write counter's
         * stand-in): bumped with every commit; a database older than it is refused.
         */
        public Builder storageCounter(Path file) {
            this.storageCounter = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * tee-supplicant's plugin directory (its {@code CFG_TEE_PLUGIN_LOAD_PATH},
         * {@code /usr/lib/tee-supplicant/plugins/} on a device): every file in it is loaded as a
         * plugin that TAs reach with {@code tee_invoke_supp_plugin}. Default none.
         */
        public Builder supplicantPlugins(Path dir) {
            this.pluginDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        public SecureWorld build() {
            return new SecureWorld(this);
        }
    }
}
