package dev.jtee.junit;

import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;

/**
 * How a {@link JteeTest} class reaches the world it starts: embedded (the default, {@code Tee.on})
 * or through a transport another module provides, found with {@link java.util.ServiceLoader} by
 * the name in the system property {@value #PROPERTY} (e.g. {@code daemon}: the same world served
 * over a Unix socket, so a whole suite runs against both transports unchanged).
 */
public interface WorldTransport {
    /** System property naming the transport; unset or {@code embedded} means in-process. */
    String PROPERTY = "jtee.junit.transport";

    /** The name the property selects. */
    String name();

    /** Starts reaching {@code world}; the test class gets {@link Connected#tee()}. */
    Connected connect(SecureWorld world);

    /** A live connection to a test class's world, closed after the class (before the world). */
    interface Connected extends AutoCloseable {
        Tee tee();

        @Override
        void close();
    }
}
