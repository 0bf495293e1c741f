package dev.jtee.daemon;

import dev.jtee.core.SecureWorld;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A daemon in a JVM of its own (as {@code jtee serve}): {@code SOCKET [SHUTDOWN_MS]}; prints
 * {@code LISTENING}, then {@code BUSY} once a call holds a secure thread (so a test knows a call is
 * in flight before it signals), stops on SIGTERM, reports, exits 0.
 */
public final class ChildDaemon {
    private ChildDaemon() {
    }

    public static void main(String[] args) throws Exception {
        SecureWorld world = SecureWorld.builder().threads(4).console(line -> { }).build();
        Daemon daemon = Daemon.builder().socket(Path.of(args[0])).world(world)
                .shutdownTimeout(Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 10_000)).start().stopOnSignals();
        System.out.println("LISTENING");
        System.out.flush();
        Thread.ofPlatform().daemon().start(() -> {
            while (world.stats().threadsBusy() == 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            System.out.println("BUSY");
            System.out.flush();
        });
        while (!daemon.awaitStop(Duration.ofMinutes(1))) {
            // serving
        }
        System.out.println("STOPPED sessions=" + world.stats().sessions());
        world.close();
        // as jtee serve: a daemon that stopped against its will exits non-zero for its supervisor
        System.exit(daemon.failure() == null ? 0 : 70);
    }
}
