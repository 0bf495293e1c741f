package dev.jtee.daemon;

import dev.jtee.api.Sizes;
import dev.jtee.core.SecureWorld;
import dev.jtee.flow.Limiter;
import dev.jtee.flow.SecureThreadQueue;
import dev.jtee.flow.Partition;
import dev.jtee.flow.Policy;
import dev.jtee.flow.Refusal;
import dev.jtee.wire.ErrorCode;
import dev.jtee.wire.ErrorFrame;
import dev.jtee.wire.Protocol;
import dev.jtee.wire.Rendezvous;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The jtee daemon: one secure world shared by every process that connects to its Unix domain
 * socket ({@code Tee.connect("unix:/path")}). Each connection's logins are derived from the peer's
 * credentials; calls from all connections pass one flow limiter (limit = secure threads) in which
 * every client process gets a partition of its own, so a flooding process borrows only idle
 * capacity; a connection that ends has its queued calls released and its sessions closed (the TA
 * close entries run). Optionally serves {@code /metrics} (Prometheus) and a live dashboard over
 * HTTP. Build with {@link #builder()}; {@link #close()} stops gracefully. Thread-safe.
 */
public final class Daemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.jtee.daemon");
    /** At shutdown, how long cancelled calls and the sessions' close entries get after the deadline. */
    private static final long CANCEL_GRACE_NANOS = 2_000_000_000L;
    /** How often the watch looks at the connections' readers. */
    private static final long WATCH_NANOS = 1_000_000;
    /** Least time between two trims of the C allocator after clients left. */
    private static final long TRIM_NANOS = 1_000_000_000L;

    final SecureWorld world;
    private final boolean ownsWorld;
    final Path socketPath;
    final int maxFrame;
    final int maxOutstanding;
    final ClientQuotas quotas;
    final Limiter limiter;
    /** Calls waiting for a secure thread the limiter cannot see taken (closes, TA-to-TA calls), FIFO. */
    final SecureThreadQueue secureThreads = new SecureThreadQueue(TimeUnit.MILLISECONDS.toNanos(10));
    /** Secure threads one client process's calls may hold at once (the limiter's partition ceiling). */
    final int threadsPerProcess;
    /** Free secure threads kept for clients that run nothing (the limiter's headroom). */
    final int threadsForNewClients;
    final DaemonMetrics metrics;
    private final long shutdownNanos;
    final long replyTimeoutNanos;
    private final ServerSocketChannel server;
    /** The bound socket file's identity: only that file is removed at the end, never one put there since. */
    private final Object socketKey;
    private final Thread acceptor;
    /** Notices calls that hold a connection's reader too long (see {@link Connection}). */
    private final Thread watch;
    /** Threads that take over reading from a reader busy with a long call. */
    final ExecutorService readers = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("jtee-conn-reader-", 0).factory());
    private final HttpEndpoints http;
    final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final int clientPartitions;
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** What stopped the accept loop against the daemon's will (then the daemon stops, see {@link #failure()}). */
    private volatile Throwable failure;
    volatile boolean stopping;
    /** Tests only: runs on a call's thread just before the call enters the secure world (null: nothing). */
    volatile java.util.function.Consumer<Connection> beforeEnter;
    private volatile boolean closed;
    /** A connection ended since the C allocator was last trimmed. */
    private volatile boolean departed;

    private Daemon(Builder b) throws IOException {
        this.ownsWorld = b.world == null;
        this.world = b.world != null ? b.world : b.worldBuilder().build();
        this.socketPath = b.socket.toAbsolutePath();
        this.maxFrame = b.maxFrame;
        this.maxOutstanding = b.maxOutstanding;
        this.quotas = new ClientQuotas(b.limits(world.stats().secureRamBudget()));
        this.shutdownNanos = b.shutdownTimeout.toNanos();
        this.replyTimeoutNanos = b.replyTimeout.toNanos();
        this.metrics = new DaemonMetrics(world);
        metrics.watch(this);
        int threads = world.secureThreads();
        this.threadsPerProcess = b.threadsPerProcess > 0 ? Math.min(b.threadsPerProcess, threads) : defaultThreadsPerProcess(threads);
        this.threadsForNewClients = b.threadsForNewClients >= 0 ? b.threadsForNewClients : threads > 2 ? 1 : 0;
        // one process's calls hold at most threadsPerProcess secure threads, and the last
        // threadsForNewClients free ones go only to a client that runs nothing: calls that never
        // return (an infinite TEE_Wait) cannot take what the others need (see docs/daemon.md)
        Limiter.Builder lb = Limiter.builder().name("daemon").fixedLimit(threads)
                .partitionCeiling(threadsPerProcess).headroom(threadsForNewClients)
                .queueCapacity(b.queueCapacity).policy(Policy.BLOCK).meterRegistry(metrics.registry);
        // a partition of its own for each client process while it is connected (Limiter.join)
        lb.dynamicPartitions(b.clientPartitions);
        this.limiter = lb.build();
        this.clientPartitions = b.clientPartitions;
        this.server = bind(socketPath, b.permissions);
        this.socketKey = fileKey(socketPath);
        try {
            this.http = b.http == null ? null : new HttpEndpoints(this, b.http);
        } catch (IOException | RuntimeException e) {
            server.close();
            removeSocket();
            throw e;
        }
        this.acceptor = Thread.ofPlatform().name("jtee-daemon-accept").daemon().unstarted(this::acceptLoop);
        acceptor.start();
        this.watch = Thread.ofPlatform().name("jtee-daemon-watch").daemon().unstarted(this::watchLoop);
        watch.start();
        LOG.log(System.Logger.Level.DEBUG, "jtee daemon listening on {0} ({1})", socketPath, world.describe());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default share of one process: all secure threads but two (at least one). With one
     * thread kept for newcomers, a third process still gets a thread while two others hold all
     * they may for ever, and a lone client keeps most of the world's parallelism.
     */
    static int defaultThreadsPerProcess(int threads) {
        return Math.max(1, threads - 2);
    }

    /**
     * Binds in a private directory next to {@code path}, sets the permissions, then moves the socket
     * into place: no moment exists where the socket is reachable with looser permissions. The
     * directory must be the daemon user's alone (see {@link Rendezvous#unsafeDirectory}); an
     * existing file there is replaced only if it is a dead socket of this user — anything else
     * (a regular file, another user's socket, a live daemon) is left alone and the start refused.
     */
    private static ServerSocketChannel bind(Path path, Set<PosixFilePermission> perms) throws IOException {
        Path dir = path.getParent() == null ? Path.of(".").toAbsolutePath() : path.getParent();
        if (!Files.isDirectory(dir)) {
            // others may enter (the socket's own permissions say who may connect), never create entries
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        String unsafe = Rendezvous.unsafeDirectory(dir);
        if (unsafe != null) {
            throw new IOException("refusing to put the socket in " + unsafe);
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            long owner = ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
            if ((mode & S_IFMT) != S_IFSOCK) {
                throw new FileAlreadyExistsException(path.toString(), null, "not a socket: left alone");
            }
            if (owner != Rendezvous.uid()) {
                throw new FileAlreadyExistsException(path.toString(), null, "a socket of uid " + owner + ", not this daemon's: left alone");
            }
            if (live(path)) {
                throw new FileAlreadyExistsException(path.toString(), null, "a jtee daemon already listens there");
            }
            Files.delete(path); // a stale socket of this user's daemon that died
        }
        Path tmp = Files.createTempDirectory(dir, ".jtee-bind-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path staged = tmp.resolve("s");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(staged), 256);
            Files.setPosixFilePermissions(staged, perms);
            Files.move(staged, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        } finally {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(tmp);
        }
        return ch;
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /** The identity (device, inode) of the file at {@code path}, or null. */
    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Removes the socket file if it is still the one this daemon bound. */
    private void removeSocket() {
        try {
            Object key = fileKey(socketPath);
            if (key != null && key.equals(socketKey)) {
                Files.delete(socketPath);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "removing " + socketPath, e);
        }
    }

    private static boolean live(Path path) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return c.isConnected();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Accepts until the daemon stops. Nothing here may die silently: an Error (memory, a bug)
     * stops the whole daemon loudly, so that {@code jtee serve} exits non-zero and a supervisor
     * restarts it, rather than a daemon that looks alive and accepts nobody.
     */
    private void acceptLoop() {
        try {
            while (!stopping) {
                SocketChannel ch;
                try {
                    ch = server.accept();
                } catch (IOException e) {
                    if (!stopping) {
                        throw new IllegalStateException("accept failed: " + e.getMessage(), e);
                    }
                    break;
                }
                accept(ch);
            }
        } catch (Throwable e) {
            if (!stopping) {
                failure = e;
                LOG.log(System.Logger.Level.ERROR, "the jtee daemon cannot accept connections any more and stops", e);
                Thread.ofPlatform().name("jtee-daemon-stop").start(this::close);
            }
        }
    }

    private void accept(SocketChannel ch) {
        if (stopping) {
            refuse(ch, ErrorCode.SHUTTING_DOWN, "the daemon is stopping");
            return;
        }
        PeerCredentials peer;
        try {
            peer = PeerCredentials.of(ch);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot learn who connected", e);
            closeQuietly(ch);
            return;
        }
        String refused = quotas.connect(peer);
        if (refused != null) {
            refuse(ch, ErrorCode.TOO_MANY_REQUESTS, refused);
            return;
        }
        Partition partition = limiter.join(peer.clientKey());
        if (partition == null) {
            quotas.disconnect(peer);
            refuse(ch, ErrorCode.TOO_MANY_REQUESTS, Refusal.partitions(clientPartitions));
            return;
        }
        boolean started = false;
        try {
            Connection c = new Connection(this, ch, peer, connectionIds.incrementAndGet(), partition);
            connections.add(c);
            metrics.connections.incrementAndGet();
            started = true;
            c.start();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot serve a connection", e);
            closeQuietly(ch);
        } finally {
            if (!started) {
                limiter.leave(partition);
                quotas.disconnect(peer);
            }
        }
    }

    private void watchLoop() {
        long trimmed = System.nanoTime();
        while (stopped.getCount() > 0) { // until close() is done: calls on readers must be relieved while it waits
            LockSupport.parkNanos(connections.isEmpty() ? 10 * WATCH_NANOS : WATCH_NANOS);
            long now = System.nanoTime();
            for (Connection c : connections) {
                c.watch(now);
            }
            // what departed clients left in the C allocator goes back to the system, at most once a second
            if (departed && now - trimmed > TRIM_NANOS) {
                departed = false;
                trimmed = now;
                Buffers.Pages.trim();
            }
        }
    }

    private void refuse(SocketChannel ch, ErrorCode code, String message) {
        metrics.refused(code);
        try {
            ByteBuffer b = ByteBuffer.allocate(ErrorFrame.MAX_BYTES);
            new ErrorFrame(code, dev.jtee.api.TeeResult.COMMUNICATION.code(), dev.jtee.api.Origin.COMMS.value(), message)
                    .encode(b, Protocol.VERSION_1, 0);
            b.flip();
            ch.configureBlocking(false); // never wait for a peer that does not read
            ch.write(b);
        } catch (IOException | RuntimeException ignored) {
            // the peer learns from the closed socket
        }
        closeQuietly(ch);
    }

    static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    void ended(Connection c) {
        departed = true;
        if (c.accounted.compareAndSet(true, false)) {
            // its quotas and partition go first: once it is no longer listed, nothing of it is counted
            metrics.connections.decrementAndGet();
            limiter.leave(c.partition);
            quotas.disconnect(c.peer);
            connections.remove(c);
        }
    }

    /** Connections whose answers have waited for the client to read them longer than {@code nanos}. */
    int stalledWriters(long nanos) {
        long now = System.nanoTime();
        int n = 0;
        for (Connection c : connections) {
            if (c.writeStalled(now, nanos)) {
                n++;
            }
        }
        return n;
    }

    // ---- public view

    /** The socket clients connect to ({@code unix:} + this path). */
    public Path socketPath() {
        return socketPath;
    }

    /** The address {@code Tee.connect} takes for this daemon. */
    public String address() {
        return "unix:" + socketPath;
    }

    /** The HTTP address of /metrics and the dashboard, or null when not served. */
    public InetSocketAddress httpAddress() {
        return http == null ? null : http.address();
    }

    /** The world this daemon hosts. */
    public SecureWorld world() {
        return world;
    }

    /** The registry of the daemon's meters (Prometheus). */
    public MeterRegistry meterRegistry() {
        return metrics.registry;
    }

    /** The Prometheus text exposition of the meters (what {@code /metrics} answers). */
    public String scrape() {
        return metrics.scrape();
    }

    /** Client connections open now. */
    public int connections() {
        return connections.size();
    }

    /** Whether the daemon accepts connections now (what {@code /health} reports). */
    public boolean accepting() {
        return !stopping && acceptor.isAlive();
    }

    /**
     * What stopped the daemon against its will (the accept loop failed), or null after a normal
     * stop: {@code jtee serve} then exits non-zero.
     */
    public Throwable failure() {
        return failure;
    }

    /** Buffer memory (frames being read, memref bytes of calls in flight) all clients hold now. */
    public long bufferBytes() {
        return quotas.bufferBytes();
    }

    /** Blocks until the daemon has stopped; false on timeout. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops gracefully: no new connections or calls, calls in flight may finish until the shutdown
     * deadline; then queued ones are refused (COMMUNICATION) and running ones cancelled and
     * answered; then every session is closed with its TA close entry (calls that ignore their
     * cancellation get up to two more seconds), and the world is closed if the daemon built it.
     * Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stopping = true;
        long deadline = System.nanoTime() + shutdownNanos;
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the socket", e);
        }
        removeSocket();
        // let calls in flight finish
        while (System.nanoTime() - deadline < 0 && inFlight() > 0) {
            sleep();
        }
        limiter.close(); // queued calls end with CLOSED: answered COMMUNICATION
        // then every call still running is cancelled and answered (CANCEL, or whatever its TA
        // returns) while the connections are still open: no client gets an end of file instead
        long grace = System.nanoTime() + CANCEL_GRACE_NANOS;
        for (Connection c : connections) {
            c.cancelRunning();
        }
        // until answered, not only until the world is done: a permit goes back before the answer is written
        while (System.nanoTime() - grace < 0 && (inFlight() > 0 || answering())) {
            sleep();
        }
        // closing the connections closes their sessions through the TA once nothing of them runs
        for (Connection c : new ArrayList<>(connections)) {
            c.shutdown();
        }
        grace = System.nanoTime() + CANCEL_GRACE_NANOS;
        while (System.nanoTime() - grace < 0 && !connections.isEmpty()) {
            sleep();
        }
        if (!connections.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0} connection(s) still busy at the shutdown deadline", connections.size());
        }
        if (http != null) {
            http.stop();
        }
        metrics.close();
        readers.shutdown();
        if (ownsWorld) {
            world.close();
        }
        stopped.countDown();
        LockSupport.unpark(watch);
    }

    /** Whether some connection has a request not yet answered. */
    private boolean answering() {
        for (Connection c : connections) {
            if (c.outstanding() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes SIGTERM and SIGINT stop this daemon gracefully (see {@link #close()}) instead of
     * ending the JVM at once; {@link #awaitStop} then returns and the caller exits (code 0). This
     * is what {@code jtee serve} does. Returns this daemon.
     */
    public Daemon stopOnSignals() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name),
                        sig -> Thread.ofPlatform().name("jtee-daemon-stop").start(this::close));
            } catch (IllegalArgumentException e) {
                // no such signal on this platform
            }
        }
        return this;
    }

    private int inFlight() {
        int n = 0;
        for (Connection c : connections) {
            n += c.outstanding();
        }
        return n;
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Daemon[" + address() + ", " + world.describe() + "]";
    }

    /** Daemon settings; every one has a default (the DEFAULT_ constants, which {@code jtee serve --help} shows). Not thread-safe. */
    public static final class Builder {
        /** The bounds of {@code maxFrame} (the protocol's; the CLI checks an option against them). */
        public static final int MIN_MAX_FRAME = Protocol.MIN_MAX_FRAME;
        public static final int ABSOLUTE_MAX_FRAME = Protocol.ABSOLUTE_MAX_FRAME;
        public static final int DEFAULT_MAX_REQUESTS_PER_CONNECTION = 256;
        public static final int DEFAULT_MAX_CONNECTIONS = 1024;
        public static final int DEFAULT_MAX_CONNECTIONS_PER_USER = 512;
        public static final int DEFAULT_MAX_CONNECTIONS_PER_PROCESS = 64;
        public static final long DEFAULT_BUFFER_MEMORY = 256L << 20;
        public static final long DEFAULT_BUFFER_MEMORY_PER_USER = 128L << 20;
        public static final long DEFAULT_BUFFER_MEMORY_PER_PROCESS = 64L << 20;
        public static final int DEFAULT_MAX_SESSIONS = 16384;
        public static final int DEFAULT_MAX_SESSIONS_PER_USER = 8192;
        public static final int DEFAULT_MAX_SESSIONS_PER_PROCESS = 1024;
        public static final int DEFAULT_MAX_CALLS = 16384;
        public static final int DEFAULT_MAX_CALLS_PER_USER = 8192;
        public static final int DEFAULT_MAX_CALLS_PER_PROCESS = 1024;
        public static final int DEFAULT_CLIENT_PARTITIONS = DEFAULT_MAX_CONNECTIONS;
        public static final int DEFAULT_QUEUE_CAPACITY = 4096;
        public static final int DEFAULT_REPLY_TIMEOUT_SECONDS = 5;
        public static final int DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 10;

        private Path socket = Rendezvous.defaultSocket();
        private Set<PosixFilePermission> permissions = PosixFilePermissions.fromString("rw-rw----");
        private InetSocketAddress http;
        private SecureWorld world;
        private int threads = 8;
        private long secureRam = 16L << 20;
        private final List<Path> taDirs = new ArrayList<>();
        private Consumer<String> console = System.err::println;
        private int maxFrame = Protocol.DEFAULT_MAX_FRAME;
        private int maxOutstanding = DEFAULT_MAX_REQUESTS_PER_CONNECTION;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerUser = DEFAULT_MAX_CONNECTIONS_PER_USER;
        private int maxConnectionsPerProcess = DEFAULT_MAX_CONNECTIONS_PER_PROCESS;
        private long maxSharedMemoryPerUser = -1;
        private long maxSharedMemoryPerProcess = -1;
        private long bufferBytesPerUser = DEFAULT_BUFFER_MEMORY_PER_USER;
        private long bufferBytesPerProcess = DEFAULT_BUFFER_MEMORY_PER_PROCESS;
        private int maxSessions = DEFAULT_MAX_SESSIONS;
        private int maxSessionsPerUser = DEFAULT_MAX_SESSIONS_PER_USER;
        private int maxSessionsPerProcess = DEFAULT_MAX_SESSIONS_PER_PROCESS;
        private int maxCalls = DEFAULT_MAX_CALLS;
        private int maxCallsPerUser = DEFAULT_MAX_CALLS_PER_USER;
        private int maxCallsPerProcess = DEFAULT_MAX_CALLS_PER_PROCESS;
        private int clientPartitions = DEFAULT_CLIENT_PARTITIONS;
        private int threadsPerProcess = -1;
        private int threadsForNewClients = -1;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private long maxPayloadInFlight = DEFAULT_BUFFER_MEMORY;
        private Duration shutdownTimeout = Duration.ofSeconds(DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
        private Duration replyTimeout = Duration.ofSeconds(DEFAULT_REPLY_TIMEOUT_SECONDS);

        private Builder() {
        }

        /**
         * The socket path (default {@code /run/jtee/jtee.sock} for root,
         * {@code $XDG_RUNTIME_DIR/jtee/jtee.sock} otherwise). Its directory must be writable by
         * the daemon's user alone; it is created (rwxr-xr-x) if missing.
         */
        public Builder socket(Path path) {
            this.socket = Objects.requireNonNull(path, "path");
            return this;
        }

        /** The socket file's permissions, e.g. {@code rw-rw----} (the default: owner and group only). */
        public Builder permissions(String rwx) {
            this.permissions = PosixFilePermissions.fromString(rwx);
            return this;
        }

        /** Serve /metrics and the dashboard on this address (port 0: any free port). Default: not served. */
        public Builder http(InetSocketAddress address) {
            this.http = address;
            return this;
        }

        /** {@code host:port}, as the command line gives it. */
        public Builder http(String hostPort) {
            if (hostPort == null) {
                this.http = null;
                return this;
            }
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("want host:port, got " + hostPort);
            }
            this.http = new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
            return this;
        }

        /** Hosts this world (the caller closes it) instead of building one. */
        public Builder world(SecureWorld world) {
            this.world = world;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder secureRam(String size) {
            this.secureRam = Sizes.parse(size);
            return this;
        }

        public Builder taDir(Path dir) {
            taDirs.add(Objects.requireNonNull(dir));
            return this;
        }

        /** Where the world's OP-TEE-style console lines go (default standard error). */
        public Builder console(Consumer<String> console) {
            this.console = Objects.requireNonNull(console);
            return this;
        }

        /** Largest frame either way (default 8 MiB): bounds the memref bytes of one call. */
        public Builder maxFrame(int bytes) {
            if (bytes < Protocol.MIN_MAX_FRAME || bytes > Protocol.ABSOLUTE_MAX_FRAME) {
                throw new IllegalArgumentException("max frame must be within [" + Protocol.MIN_MAX_FRAME + ", " + Protocol.ABSOLUTE_MAX_FRAME + "]");
            }
            this.maxFrame = bytes;
            return this;
        }

        /** Requests one connection may have unanswered (default 256); more are refused with BUSY. */
        public Builder maxOutstanding(int n) {
            this.maxOutstanding = n;
            return this;
        }

        /** Connections open at once over all clients (default 1024). */
        public Builder maxConnections(int n) {
            this.maxConnections = n;
            return this;
        }

        /** Connections one user (peer uid) may have open at once (default 512). */
        public Builder maxConnectionsPerUser(int n) {
            this.maxConnectionsPerUser = n;
            return this;
        }

        /** Connections one process may have open at once (default 64). */
        public Builder maxConnectionsPerProcess(int n) {
            this.maxConnectionsPerProcess = n;
            return this;
        }

        /**
         * Shared memory one user's processes may hold together, counted in whole 4 KiB pages as the
         * secure RAM gives it (default three quarters of the secure RAM).
         */
        public Builder maxSharedMemoryPerUser(long bytes) {
            this.maxSharedMemoryPerUser = bytes;
            return this;
        }

        /** Shared memory one process may hold, in whole 4 KiB pages (default half the secure RAM). */
        public Builder maxSharedMemoryPerProcess(long bytes) {
            this.maxSharedMemoryPerProcess = bytes;
            return this;
        }

        /** Buffer memory one user's processes may hold together (default 128 MiB). */
        public Builder bufferBytesPerUser(long bytes) {
            this.bufferBytesPerUser = bytes;
            return this;
        }

        /** Buffer memory one process may hold (default 64 MiB, enough for several calls at the 8 MiB frame limit). */
        public Builder bufferBytesPerProcess(long bytes) {
            this.bufferBytesPerProcess = bytes;
            return this;
        }

        /** Sessions open at once over all clients (default 16384); one more is refused with BUSY. */
        public Builder maxSessions(int n) {
            this.maxSessions = positive(n, "max sessions");
            return this;
        }

        /** Sessions one user's processes may have open together (default 8192). */
        public Builder maxSessionsPerUser(int n) {
            this.maxSessionsPerUser = positive(n, "max sessions per user");
            return this;
        }

        /** Sessions one process may have open (default 1024). */
        public Builder maxSessionsPerProcess(int n) {
            this.maxSessionsPerProcess = positive(n, "max sessions per process");
            return this;
        }

        /** Calls outstanding (queued or running) at once over all clients (default 16384); one more is refused with BUSY. */
        public Builder maxCalls(int n) {
            this.maxCalls = positive(n, "max calls");
            return this;
        }

        /** Calls one user's processes may have outstanding together (default 8192). */
        public Builder maxCallsPerUser(int n) {
            this.maxCallsPerUser = positive(n, "max calls per user");
            return this;
        }

        /** Calls one process may have outstanding, over all its connections (default 1024). */
        public Builder maxCallsPerProcess(int n) {
            this.maxCallsPerProcess = positive(n, "max calls per process");
            return this;
        }

        private static int positive(int n, String what) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, got " + n);
            }
            return n;
        }

        ClientQuotas.Limits limits(long secureRam) {
            long ramPages = secureRam / ClientQuotas.PAGE;
            long user = maxSharedMemoryPerUser >= 0 ? ClientQuotas.pages(maxSharedMemoryPerUser) : ramPages * 3 / 4;
            long process = maxSharedMemoryPerProcess >= 0 ? ClientQuotas.pages(maxSharedMemoryPerProcess) : ramPages / 2;
            return new ClientQuotas.Limits(maxConnections, maxConnectionsPerUser, maxConnectionsPerProcess, user, process,
                    maxPayloadInFlight, bufferBytesPerUser, bufferBytesPerProcess,
                    maxSessions, maxSessionsPerUser, maxSessionsPerProcess, maxCalls, maxCallsPerUser, maxCallsPerProcess);
        }

        /**
         * Secure threads the calls of one client process may hold at once, over all its
         * connections (default: all but two, at least one); its further calls wait in its
         * partition, never refused for this. Calls that never return hold no more than this.
         */
        public Builder secureThreadsPerProcess(int n) {
            this.threadsPerProcess = positive(n, "secure threads per process");
            return this;
        }

        /**
         * Free secure threads that only a client running no call may take (default 1 with more
         * than two threads, else 0): a newcomer gets a thread at once even while others hold all
         * they may.
         */
        public Builder secureThreadsForNewClients(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("secure threads for new clients must be at least 0, got " + n);
            }
            this.threadsForNewClients = n;
            return this;
        }

        /**
         * Client processes served at once, each in a limiter partition of its own (default: as
         * many as connections); a process beyond them is refused at connect, in the flow module's words.
         */
        public Builder clientPartitions(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("at least one partition");
            }
            this.clientPartitions = n;
            return this;
        }

        /** Calls that may wait for a secure thread at once, over all clients (default 4096). */
        public Builder queueCapacity(int n) {
            this.queueCapacity = n;
            return this;
        }

        /**
         * Buffer memory all clients may hold together (default 256 MiB): frames being read beyond
         * each connection's resting buffer, and the memref bytes of calls in flight with their
         * answers. A call over its client's share or this budget is refused with OUT_OF_MEMORY,
         * origin COMMS, as the kernel refuses shared memory it cannot allocate; a frame that cannot
         * be read ends only its connection.
         */
        public Builder maxPayloadInFlight(long bytes) {
            this.maxPayloadInFlight = bytes;
            return this;
        }

        /** How long {@link Daemon#close()} lets calls in flight finish (default 10 s). */
        public Builder shutdownTimeout(Duration d) {
            this.shutdownTimeout = Objects.requireNonNull(d);
            return this;
        }

        /**
         * How long a write of answers may wait for a client that does not read them (default 5 s);
         * then that client is disconnected and its sessions closed through the TA.
         */
        public Builder replyTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the reply timeout must be positive");
            }
            this.replyTimeout = d;
            return this;
        }

        SecureWorld.Builder worldBuilder() {
            SecureWorld.Builder b = SecureWorld.builder().threads(threads).secureRam(secureRam).console(console);
            for (Path d : taDirs) {
                b.taDir(d);
            }
            return b;
        }

        /** Builds the world (unless given), binds the socket, starts serving. */
        public Daemon start() {
            try {
                return new Daemon(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the jtee daemon on " + socket + ": " + e.getMessage(), e);
            }
        }
    }
}
