package dev.jtee.cli;

import dev.jtee.core.SecureWorld;
import dev.jtee.daemon.Daemon;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jtee serve}: hosts one secure world for every process that connects to the socket
 * ({@code Tee.connect("unix:PATH")}, or {@code JTEE_TEE=unix:PATH}). SIGTERM or SIGINT stops it
 * gracefully: no new calls, calls in flight may finish until the deadline, every session is closed
 * with its TA close entry, exit code 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = "Run the secure world as a daemon on a Unix domain socket.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--socket", paramLabel = "PATH", description = "Socket path, in a directory that exists (default /run/jtee/jtee.sock "
            + "for root, $XDG_RUNTIME_DIR/jtee/jtee.sock otherwise); its directory must be writable by this user alone.",
            converter = CliArgs.SocketPath.class)
    Path socket;

    @Option(names = "--reply-timeout", paramLabel = "SECONDS", description = "How long answers may wait for a client that does not read them "
            + "before it is disconnected (default ${DEFAULT-VALUE}).", defaultValue = "" + Daemon.Builder.DEFAULT_REPLY_TIMEOUT_SECONDS,
            converter = CliArgs.Positive.class)
    int replyTimeoutSeconds;

    // ---- each client's share (a client: one process; a user: every process of one uid)

    @Option(names = "--max-connections", paramLabel = "N", description = "Connections open at once, over all clients (default ${DEFAULT-VALUE}).",
            defaultValue = "" + Daemon.Builder.DEFAULT_MAX_CONNECTIONS, converter = CliArgs.Positive.class)
    int connections;

    @Option(names = "--max-connections-per-user", paramLabel = "N", description = "Connections one user may hold (default ${DEFAULT-VALUE}).",
            defaultValue = "" + Daemon.Builder.DEFAULT_MAX_CONNECTIONS_PER_USER, converter = CliArgs.Positive.class)
    int connectionsPerUser;

    @Option(names = "--max-connections-per-process", paramLabel = "N", description = "Connections one process may hold (default ${DEFAULT-VALUE}).",
            defaultValue = "" + Daemon.Builder.DEFAULT_MAX_CONNECTIONS_PER_PROCESS, converter = CliArgs.Positive.class)
    int connectionsPerProcess;

    @Option(names = "--max-requests-per-connection", paramLabel = "N", description = "Requests one connection may have unanswered; "
            + "more are refused with BUSY (default ${DEFAULT-VALUE}).",
            defaultValue = "" + Daemon.Builder.DEFAULT_MAX_REQUESTS_PER_CONNECTION, converter = CliArgs.Positive.class)
    int requestsPerConnection;

    @Option(names = "--max-sessions", paramLabel = "N", description = "Sessions open at once, over all clients; more are refused with BUSY "
            + "(default ${DEFAULT-VALUE}).", defaultValue = "" + Daemon.Builder.DEFAULT_MAX_SESSIONS, converter = CliArgs.Positive.class)
    int sessions;

    @Option(names = "--max-sessions-per-user", paramLabel = "N", description = "Sessions one user may have open (default ${DEFAULT-VALUE}).",
            defaultValue = "" + Daemon.Builder.DEFAULT_MAX_SESSIONS_PER_USER, converter = CliArgs.Positive.class)
    int sessionsPerUser;

    @Option(names = "--max-sessions-per-process", paramLabel = "N", description = "Sessions one process may have open (default ${DEFAULT-VALUE}).",
            defaultValue = "" + Daemon.Builder.DEFAULT_MAX_SESSIONS_PER_PROCESS, converter = CliArgs.Positive.class)
    int sessionsPerProcess;

    @Option(names = "--max-calls", paramLabel = "N", description = "Calls outstanding (queued or running) at once, over all clients; "
            + "more are refused with BUSY (default ${DEFAULT-VALUE}).", defaultValue = "" + Daemon.Builder.DEFAULT_MAX_CALLS,
            converter = CliArgs.Positive.class)
    int calls;

    @Option(names = "--max-calls-per-user", paramLabel = "N", description = "Calls one user may have outstanding (default ${DEFAULT-VALUE}).",
            defaultValue = "" + Daemon.Builder.DEFAULT_MAX_CALLS_PER_USER, converter = CliArgs.Positive.class)
    int callsPerUser;

    @Option(names = "--max-calls-per-process", paramLabel = "N", description = "Calls one process may have outstanding (default ${DEFAULT-VALUE}).",
            defaultValue = "" + Daemon.Builder.DEFAULT_MAX_CALLS_PER_PROCESS, converter = CliArgs.Positive.class)
    int callsPerProcess;

    @Option(names = "--secure-threads-per-process", paramLabel = "N", description = "Secure threads the calls of one process may hold at once; "
            + "its other calls wait (default: all of --threads but two, at least 1).", converter = CliArgs.Positive.class)
    Integer threadsPerProcess;

    @Option(names = "--secure-threads-for-new-clients", paramLabel = "N", description = "Free secure threads only a process running no call "
            + "may take (default: 1 with more than two threads, else 0).", converter = CliArgs.Count.class)
    Integer threadsForNewClients;

    @Option(names = "--max-shm-per-user", paramLabel = "SIZE", description = "Shared memory one user may hold, in whole 4 KiB pages "
            + "(default: three quarters of --secure-ram).", converter = CliArgs.SecureRamSize.class)
    Long shmPerUser;

    @Option(names = "--max-shm-per-process", paramLabel = "SIZE", description = "Shared memory one process may hold, in whole 4 KiB pages "
            + "(default: half of --secure-ram).", converter = CliArgs.SecureRamSize.class)
    Long shmPerProcess;

    @Option(names = "--buffer-memory", paramLabel = "SIZE", description = "Buffer memory (frames being read, memrefs of calls in flight) of all "
            + "clients together (default ${DEFAULT-VALUE}).", defaultValue = "256M",
            converter = CliArgs.SecureRamSize.class)
    long bufferMemory;

    @Option(names = "--buffer-memory-per-user", paramLabel = "SIZE", description = "Buffer memory one user may hold (default ${DEFAULT-VALUE}).",
            defaultValue = "128M", converter = CliArgs.SecureRamSize.class)
    long bufferMemoryPerUser;

    @Option(names = "--buffer-memory-per-process", paramLabel = "SIZE", description = "Buffer memory one process may hold (default ${DEFAULT-VALUE}).",
            defaultValue = "64M", converter = CliArgs.SecureRamSize.class)
    long bufferMemoryPerProcess;

    @Option(names = "--max-frame", paramLabel = "SIZE", description = "Largest frame either way, which bounds one call's memref bytes "
            + "(default ${DEFAULT-VALUE}).", defaultValue = "8M", converter = CliArgs.FrameSize.class)
    int maxFrame;

    @Option(names = "--queue-capacity", paramLabel = "N", description = "Calls that may wait for a secure thread at once, over all clients "
            + "(default ${DEFAULT-VALUE}).", defaultValue = "" + Daemon.Builder.DEFAULT_QUEUE_CAPACITY, converter = CliArgs.Count.class)
    int queueCapacity;

    @Option(names = "--client-partitions", paramLabel = "N", description = "Client processes served at once, each in a partition of the "
            + "daemon's limiter of its own; one more is refused at connect (default ${DEFAULT-VALUE}).", defaultValue = "" + Daemon.Builder.DEFAULT_CLIENT_PARTITIONS,
            converter = CliArgs.Positive.class)
    int clientPartitions;

    @Option(names = "--http", paramLabel = "HOST:PORT", description = "Serve /metrics (Prometheus) and the live dashboard / there, e.g. 127.0.0.1:9464.",
            converter = CliArgs.HostPort.class)
    String http;

    @Option(names = "--permissions", paramLabel = "rwxrwxrwx", description = "Socket file permissions (default ${DEFAULT-VALUE}: owner and group).",
            defaultValue = "rw-rw----", converter = CliArgs.Permissions.class)
    String permissions;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", description = "How long calls in flight may finish on SIGTERM (default ${DEFAULT-VALUE}).",
            defaultValue = "" + Daemon.Builder.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS, converter = CliArgs.Positive.class)
    int shutdownSeconds;

    @Mixin
    WorldOptions world;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream out = spec.commandLine().getOut() == null ? System.out : new PrintStream(System.out, true);
        // the thread shares are checked against --threads before anything is started
        if (threadsPerProcess != null && threadsPerProcess > world.threads) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--secure-threads-per-process': "
                    + "must be at most --threads (" + world.threads + "), got " + threadsPerProcess);
        }
        if (threadsForNewClients != null && threadsForNewClients >= world.threads) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--secure-threads-for-new-clients': "
                    + "must be less than --threads (" + world.threads + "), got " + threadsForNewClients);
        }
        if (world.storageDir == null) {
            world.storageDir = defaultStorageDir();  // a daemon is the device: its objects outlive a restart
        }
        try {
            if (!Files.isDirectory(world.storageDir)) {
                // owner only, like the HUK file inside it: the database is sealed, but its names and sizes are not secrets to share
                Files.createDirectories(world.storageDir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("jtee serve: cannot use the storage directory " + world.storageDir + ": " + CliErrors.describe(e));
            return CliErrors.FAILURE;
        }
        SecureWorld w = world.start(System.err::println);
        Daemon daemon;
        try {
            Daemon.Builder b = Daemon.builder().permissions(permissions).http(http).world(w)
                    .shutdownTimeout(Duration.ofSeconds(shutdownSeconds)).replyTimeout(Duration.ofSeconds(replyTimeoutSeconds))
                    .maxConnections(connections).maxConnectionsPerUser(connectionsPerUser).maxConnectionsPerProcess(connectionsPerProcess)
                    .maxOutstanding(requestsPerConnection)
                    .maxSessions(sessions).maxSessionsPerUser(sessionsPerUser).maxSessionsPerProcess(sessionsPerProcess)
                    .maxCalls(calls).maxCallsPerUser(callsPerUser).maxCallsPerProcess(callsPerProcess)
                    .maxPayloadInFlight(bufferMemory).bufferBytesPerUser(bufferMemoryPerUser).bufferBytesPerProcess(bufferMemoryPerProcess)
                    .maxFrame(maxFrame).queueCapacity(queueCapacity).clientPartitions(clientPartitions);
            if (threadsPerProcess != null) {
                b.secureThreadsPerProcess(threadsPerProcess);
            }
            if (threadsForNewClients != null) {
                b.secureThreadsForNewClients(threadsForNewClients);
            }
            if (shmPerUser != null) {
                b.maxSharedMemoryPerUser(shmPerUser);
            }
            if (shmPerProcess != null) {
                b.maxSharedMemoryPerProcess(shmPerProcess);
            }
            if (socket != null) {
                b.socket(socket);
            }
            daemon = b.start();
        } catch (RuntimeException e) {
            w.close();
            System.err.println("jtee serve: " + startFailure(e));
            return CliErrors.FAILURE;
        }
        daemon.stopOnSignals();
        out.println("jtee daemon: " + w.describe() + ", " + w.tas().size() + " TA(s)");
        out.println("  socket     " + daemon.address() + "   (clients: Tee.connect(\"" + daemon.address() + "\") or JTEE_TEE=" + daemon.address() + ")");
        out.println("  storage    " + world.storageDir);
        if (daemon.httpAddress() != null) {
            java.net.InetSocketAddress at = daemon.httpAddress();
            java.net.InetAddress ip = at.getAddress();
            if (ip.isAnyLocalAddress()) {
                System.err.println("jtee serve: warning: --http " + http + " serves the metrics and the dashboard on every network interface");
            }
            String host = ip.isAnyLocalAddress() ? "localhost" : ip instanceof java.net.Inet6Address ? "[" + at.getHostString() + "]" : at.getHostString();
            String base = "http://" + host + ":" + at.getPort();
            out.println("  dashboard  " + base + "/");
            out.println("  metrics    " + base + "/metrics");
        }
        out.flush();
        while (!daemon.awaitStop(Duration.ofHours(1))) {
            // serving
        }
        w.close();
        if (daemon.failure() != null) {
            // loudly, and non-zero, so that a supervisor restarts the daemon
            System.err.println("jtee serve: stopped because it could not go on accepting connections: " + daemon.failure());
            return 70;
        }
        System.err.println("jtee serve: stopped");
        return 0;
    }

    /** The daemon binds its socket before the HTTP port, so a BindException is the HTTP port's. */
    private String startFailure(RuntimeException e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof BindException && http != null) {
            return "--http " + http + ": address already in use (another jtee serve, or another server on that port?)";
        }
        if (cause instanceof FileAlreadyExistsException f) {
            return "--socket " + socket + ": " + (f.getReason() != null ? f.getReason() : "already exists");
        }
        return "cannot serve on " + socket + ": " + CliErrors.describe(cause);
    }

    /** $XDG_STATE_HOME/jtee, else ~/.local/state/jtee (the XDG base-directory default). */
    static Path defaultStorageDir() {
        String state = System.getenv("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() ? Path.of(state) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("jtee");
    }
}
