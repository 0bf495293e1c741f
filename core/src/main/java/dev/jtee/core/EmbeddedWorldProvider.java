package dev.jtee.core;

import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.api.spi.SecureWorldProvider;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Starts an embedded {@link SecureWorld} for a client that does not depend on this module. Keys:
 * {@code threads}, {@code secureRam} (bytes, or with a K/M/G suffix), {@code taDir}; TAs on the
 * class path are always loaded.
 */
public final class EmbeddedWorldProvider implements SecureWorldProvider {
    public EmbeddedWorldProvider() {
    }

    @Override
    public SecureWorldPort start(Map<String, String> config) {
        SecureWorld.Builder b = SecureWorld.builder();
        String threads = config.get("threads");
        if (threads != null) {
            try {
                b.threads(Integer.parseInt(threads.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("threads must be a number: " + threads, e);
            }
        }
        String ram = config.get("secureRam");
        if (ram != null) {
            b.secureRam(parseSize(ram));
        }
        String dir = config.get("taDir");
        if (dir != null && !dir.isBlank()) {
            b.taDir(Path.of(dir.trim()));
        }
        return b.build();
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
