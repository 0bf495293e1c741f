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
 * {@code Tee.connect("unix:…")}, exactly as another process would.
 */
public final class DaemonTransport implements WorldTransport {
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
            dir = Files.createTempDirectory("jtee-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Daemon daemon = Daemon.builder().socket(dir.resolve("jtee.sock")).world(world).start();
        Tee tee = Tee.connect(daemon.address());
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
}
