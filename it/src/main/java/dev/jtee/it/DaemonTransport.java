package dev.jtee.it;

import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.daemon.Daemon;
import dev.jtee.junit.WorldTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code daemon} transport of {@code @JteeTest} ({@code -Djtee.junit.transport=daemon}): the
 * test class's world is hosted by a {@link Daemon} on a fresh socket and the test reaches it with
 * {@code Tee.connect("unix:…")}, exactly as another process would. Other transports that reach a
 * daemon another way (the native module's libteec one) override {@link #name} and {@link #reach}.
 */
public class DaemonTransport implements WorldTransport {
    public DaemonTransport() {
    }

    @Override
    public String name() {
        return "daemon";
    }

    @Override
    public Connected connect(SecureWorld world) {
        Path dir;
        try {
            dir = Files.createTempDirectory("jtee-" + name() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Daemon daemon = Daemon.builder().socket(dir.resolve("jtee.sock")).world(world).start();
        Tee tee;
        try {
            tee = reach(daemon);
        } catch (RuntimeException e) {
            daemon.close();
            throw e;
        }
        return new Connected() {
            @Override
            public Tee tee() {
                return tee;
            }

            @Override
            public void close() {
                tee.close();
                daemon.close();
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temp dir left behind
                }
            }
        };
    }

    /** How the test reaches the daemon: its socket, as another process would. */
    protected Tee reach(Daemon daemon) {
        return Tee.connect(daemon.address());
    }
}
