package dev.jtee.core;

import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.api.spi.SecureWorldProvider;
import dev.jtee.api.spi.WorldSetting;
import dev.jtee.ta.TrustedApplication;
import java.io.File;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.Locale;
import java.util.Map;

/**
 * Starts an embedded {@link SecureWorld} for a client that does not depend on this module, with
 * the settings of {@link WorldSetting} (explicit, else system property, else environment, else
 * default). A bad value is an {@link IllegalArgumentException} naming the setting.
 */
public final class EmbeddedWorldProvider implements SecureWorldProvider {
    public EmbeddedWorldProvider() {
    }

    @Override
    public SecureWorldPort start(Map<String, String> config) {
        return start(config, null);
    }

    @Override
    public SecureWorldPort start(Map<String, String> config, Consumer<String> console) {
        Map<String, String> s = WorldSetting.resolveAll(config);
        SecureWorld.Builder b = SecureWorld.builder();
        String threads = s.get(WorldSetting.THREADS.key());
        try {
            b.threads(Integer.parseInt(threads));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threads must be a number: " + threads, e);
        }
        b.secureRam(parseSize(s.get(WorldSetting.SECURE_RAM.key())));
        for (String dir : s.get(WorldSetting.TA_DIR.key()).split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                b.taDir(Path.of(dir.strip()));
            }
        }
        for (String name : s.get(WorldSetting.TA_CLASSES.key()).split(",")) {
            if (!name.isBlank()) {
                b.ta(taClass(name.strip()));
            }
        }
        b.classpathTas(bool(WorldSetting.CLASSPATH_TAS, s));
        b.strictStack(bool(WorldSetting.STRICT_STACK, s));
        String storage = s.get(WorldSetting.STORAGE_DIR.key());
        if (!storage.isBlank()) {
            b.storageDir(Path.of(storage));
        }
        b.console(console != null ? console : console(s.get(WorldSetting.CONSOLE.key())));
        return b.build();
    }

    private static boolean bool(WorldSetting setting, Map<String, String> s) {
        String v = s.get(setting.key()).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(setting.key() + " must be true or false: " + v);
        };
    }

    private static Consumer<String> console(String where) {
        return switch (where.toLowerCase(Locale.ROOT)) {
            case "stderr" -> System.err::println;
            case "stdout" -> System.out::println;
            case "off" -> line -> { };
            default -> throw new IllegalArgumentException("console must be stderr, stdout or off: " + where);
        };
    }

    /** A supplier of new objects of the TA class {@code name}, found through the context class loader. */
    private static Supplier<TrustedApplication> taClass(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> c;
        try {
            c = Class.forName(name, true, loader != null ? loader : EmbeddedWorldProvider.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("taClasses: no class " + name + " on the class path", e);
        }
        if (!TrustedApplication.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("taClasses: " + name + " is not a " + TrustedApplication.class.getName());
        }
        Constructor<?> ctor;
        try {
            ctor = c.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("taClasses: " + name + " has no public no-argument constructor", e);
        }
        return () -> {
            try {
                return (TrustedApplication) ctor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create TA " + name + ": " + e.getCause(), e);
            }
        };
    }

    /** {@code 16777216}, {@code 16M}, {@code 512K}, {@code 1G} (binary units; a trailing B or iB is allowed). */
    static long parseSize(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.endsWith("IB")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("B")) {
            s = s.substring(0, s.length() - 1);
        }
        long unit = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                default -> {
                }
            }
        }
        if (unit != 1) {
            s = s.substring(0, s.length() - 1).trim();
        }
        try {
            long n = Long.parseLong(s);
            if (n < 0 || n > Long.MAX_VALUE / unit) {
                throw new IllegalArgumentException("size out of range: " + text);
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size (want e.g. 16M, 512K, 1G or bytes): " + text, e);
        }
    }
}
