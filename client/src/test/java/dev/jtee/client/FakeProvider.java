package dev.jtee.client;

import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.api.spi.SecureWorldProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A provider found through ServiceLoader in ContextTest (registered only on a test class loader). */
public final class FakeProvider implements SecureWorldProvider {
    static final List<Map<String, String>> CONFIGS = new CopyOnWriteArrayList<>();
    static final List<FakeWorld> WORLDS = new CopyOnWriteArrayList<>();

    public FakeProvider() {
    }

    @Override
    public SecureWorldPort start(Map<String, String> config) {
        if (config.containsKey("threads") && !config.get("threads").matches("\\d+")) {
            throw new IllegalArgumentException("threads must be a number: " + config.get("threads"));
        }
        CONFIGS.add(config);
        FakeWorld world = new FakeWorld(Integer.parseInt(config.getOrDefault("threads", "8")));
        WORLDS.add(world);
        return world;
    }
}
