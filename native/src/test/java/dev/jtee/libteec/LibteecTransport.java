package dev.jtee.libteec;

import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.daemon.Daemon;
import dev.jtee.junit.WorldTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code libteec} transport of {@code @JteeTest} ({@code -Djtee.junit.transport=libteec}): the
 * test class's world is hosted by a {@link Daemon} on a fresh socket and the test reaches it through
 * Java → FFM → jtee's libteec.so → socket → daemon → TA, with {@code Tee.connect("libteec:…?tee=unix:…")}.
 */
public final class LibteecTransport implements WorldTransport {
    public LibteecTransport() {
    }

    @Override
    public String name() {
        return "libteec";
    }

    @Override
    public Connected connect(SecureWorld world) {
        Path dir;
        try {
            dir = Files.createTempDirectory("jtee-libteec-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Daemon daemon = Daemon.builder().socket(dir.resolve("jtee.sock")).world(world).start();
        Tee tee;
        try {
            tee = Tee.connect(NativeBuild.address(daemon.socketPath()));
            if (!(tee.world() instanceof LibteecPort)) {
                throw new IllegalStateException("libteec: reached " + tee.world() + ", not a LibteecPort");
            }
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
}
