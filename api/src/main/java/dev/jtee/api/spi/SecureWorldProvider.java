package dev.jtee.api.spi;

import java.util.Map;

/**
 * Creates an embedded secure world; found with {@link java.util.ServiceLoader} so that the client
 * can start one without depending on the module that implements it.
 */
public interface SecureWorldProvider {
    /**
     * Starts a world. Keys understood by the embedded world: {@code threads} (default 8),
     * {@code secureRam} (bytes or with K/M/G suffix), {@code taDir} (a directory of TA jars);
     * TAs on the classpath are always loaded.
     */
    SecureWorldPort start(Map<String, String> config);
}
