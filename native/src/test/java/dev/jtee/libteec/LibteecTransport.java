package dev.jtee.libteec;

import dev.jtee.client.Tee;
import dev.jtee.daemon.Daemon;
import dev.jtee.it.DaemonTransport;

/**
 * The {@code libteec} transport of {@code @JteeTest} ({@code -Djtee.junit.transport=libteec}): the
 * test class's world is hosted by a {@link Daemon} on a fresh socket and the test reaches it through
 * Java → FFM → jtee's libteec.so → socket → daemon → TA, with {@code Tee.connect("libteec:…?tee=unix:…")}.
 */
public final class LibteecTransport extends DaemonTransport {
    public LibteecTransport() {
    }

    @Override
    public String name() {
        return "libteec";
    }

    @Override
    protected Tee reach(Daemon daemon) {
        Tee tee = Tee.connect(NativeBuild.address(daemon.socketPath()));
        if (!(tee.world() instanceof LibteecPort)) {
            tee.close();
            throw new IllegalStateException("libteec: reached " + tee.world() + ", not a LibteecPort");
        }
        return tee;
    }
}
