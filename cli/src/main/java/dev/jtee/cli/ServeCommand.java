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
            + "before it is disconnected (default ${DEFAULT-VALUE}).", defaultValue = "5", converter = CliArgs.Positive.class)
    int replyTimeoutSeconds;

    @Option(names = "--max-connections-per-process", paramLabel = "N", description = "Connections one process may hold (default ${DEFAULT-VALUE}).",
            defaultValue = "64", converter = CliArgs.Positive.class)
    int connectionsPerProcess;

    @Option(names = "--max-connections-per-user", paramLabel = "N", description = "Connections one user may hold (default ${DEFAULT-VALUE}).",
            defaultValue = "512", converter = CliArgs.Positive.class)
    int connectionsPerUser;

    @Option(names = "--http", paramLabel = "HOST:PORT", description = "Serve /metrics (Prometheus) and the live dashboard / there, e.g. 127.0.0.1:9464.",
            converter = CliArgs.HostPort.class)
    String http;

    @Option(names = "--permissions", paramLabel = "rwxrwxrwx", description = "Socket file permissions (default ${DEFAULT-VALUE}: owner and group).",
            defaultValue = "rw-rw----", converter = CliArgs.Permissions.class)
    String permissions;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", description = "How long calls in flight may finish on SIGTERM (default ${DEFAULT-VALUE}).",
            defaultValue = "10", converter = CliArgs.Positive.class)
    int shutdownSeconds;

    @Mixin
    WorldOptions world;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream out = spec.commandLine().getOut() == null ? System.out : new PrintStream(System.out, true);
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
                    .maxConnectionsPerProcess(connectionsPerProcess).maxConnectionsPerUser(connectionsPerUser);
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
