package dev.jtee.api.spi;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of an embedded secure world in one place: its key (in the map a
 * {@link SecureWorldProvider} is started with), its system property, its environment variable, its
 * default and what it means. An explicit value wins over the system property, which wins over the
 * environment variable, which wins over the default ({@link #resolve}). {@code Tee.builder()} sets
 * them in code; {@code Context.open()} and {@code Tee.embedded()} take them from the system
 * properties and the environment.
 */
public enum WorldSetting {
    /** Secure threads, OP-TEE's {@code CFG_NUM_THREADS}. */
    THREADS("threads", "8", "secure threads (CFG_NUM_THREADS): calls inside the world at once"),
    /** The secure RAM budget: bytes, or with a K/M/G suffix. */
    SECURE_RAM("secureRam", "16M", "secure RAM for TA code, heaps, stacks and shared memory (bytes, or 512K, 16M, 1G)"),
    /** Directories of TA jars (and native {@code .ta} files), separated by the path separator. */
    TA_DIR("taDir", "", "directories of TAs to load, separated by the platform's path separator"),
    /** TA classes to load (comma separated), each a TrustedApplication with a public no-argument constructor. */
    TA_CLASSES("taClasses", "", "TA classes to load, comma separated (each with a public no-argument constructor)"),
    /** Whether TAs registered with ServiceLoader on the classpath are loaded. */
    CLASSPATH_TAS("classpathTas", "true", "load the TAs ServiceLoader finds on the classpath (true/false)"),
    /** Where trusted storage lives; empty for a temporary directory deleted with the world. */
    STORAGE_DIR("storageDir", "", "directory of trusted storage kept across runs (empty: a fresh temporary one per world)"),
    /** Where the world's console lines go. */
    CONSOLE("console", "stderr", "where the secure world's console lines go: stderr, stdout or off"),
    /** Strict TA stacks: a modelled C stack of the TA's declared size. */
    STRICT_STACK("strictStack", "false", "model each TA's stack at its declared TA_STACK_SIZE (true/false)");

    private final String key;
    private final String defaultValue;
    private final String description;

    WorldSetting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The key in a provider's settings map, e.g. {@code secureRam}. */
    public String key() {
        return key;
    }

    /** The system property, e.g. {@code jtee.secureRam}. */
    public String property() {
        return "jtee." + key;
    }

    /** The environment variable, e.g. {@code JTEE_SECURE_RAM}. */
    public String environmentVariable() {
        return "JTEE_" + name().toUpperCase(Locale.ROOT);
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** This setting's value: from {@code explicit}, else the system property, else the environment, else the default. */
    public String resolve(Map<String, String> explicit) {
        String v = explicit == null ? null : explicit.get(key);
        if (v == null) {
            v = System.getProperty(property());
        }
        if (v == null) {
            v = System.getenv(environmentVariable());
        }
        return v == null ? defaultValue : v.strip();
    }

    /** Every setting resolved as {@link #resolve} does; keys not named by any setting are refused. */
    public static Map<String, String> resolveAll(Map<String, String> explicit) {
        if (explicit != null) {
            for (String k : explicit.keySet()) {
                if (byKey(k) == null) {
                    throw new IllegalArgumentException("unknown setting '" + k + "' (known: " + keys() + ")");
                }
            }
        }
        Map<String, String> all = new LinkedHashMap<>();
        for (WorldSetting s : values()) {
            all.put(s.key, s.resolve(explicit));
        }
        return all;
    }

    /** The setting with this key, or null. */
    public static WorldSetting byKey(String key) {
        for (WorldSetting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    private static String keys() {
        StringBuilder b = new StringBuilder();
        for (WorldSetting s : values()) {
            b.append(b.isEmpty() ? "" : ", ").append(s.key);
        }
        return b.toString();
    }
}
