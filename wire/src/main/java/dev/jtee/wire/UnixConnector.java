package dev.jtee.wire;

import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.api.spi.TeeConnector;

/**
 * The {@code unix} scheme of {@code Tee.connect}: {@code unix:/run/jtee.sock} connects to a jtee
 * daemon listening on that Unix domain socket. Found with {@link java.util.ServiceLoader}.
 */
public final class UnixConnector implements TeeConnector {
    public UnixConnector() {
    }

    @Override
    public String scheme() {
        return "unix";
    }

    @Override
    public SecureWorldPort connect(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("no socket path (want unix:/path/to/jtee.sock)");
        }
        return SocketPort.connect(java.nio.file.Path.of(address.strip()), Protocol.DEFAULT_MAX_FRAME);
    }
}
