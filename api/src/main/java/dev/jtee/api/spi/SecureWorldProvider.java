package dev.jtee.api.spi;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Creates an embedded secure world; found with {@link java.util.ServiceLoader} so that the client
 * can start one without depending on the module that implements it.
 */
public interface SecureWorldProvider {
    /**
     * Starts a world with the settings in {@code config} (keys: {@link WorldSetting#key()}; a
     * setting not in the map comes from its system property, environment variable or default).
     */
    SecureWorldPort start(Map<String, String> config);

    /** As {@link #start(Map)}, the world's console lines going to {@code console} (null: the {@code console} setting). */
    default SecureWorldPort start(Map<String, String> config, Consumer<String> console) {
        return start(config);
    }
}
