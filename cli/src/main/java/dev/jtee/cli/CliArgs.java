package dev.jtee.cli;

import dev.jtee.api.Sizes;
import dev.jtee.core.profile.Param;
import dev.jtee.daemon.Daemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Values as the commands take them: u32s in decimal or 0x hex, bytes as hex or @file, and the
 * converters that refuse a bad value while the command line is parsed, before any world starts
 * (picocli prints {@code Invalid value for option '--x': <why>}).
 */
final class CliArgs {
    /** The smallest secure RAM a world takes: one 4 KiB page. */
    static final long PAGE = 4096;

    private CliArgs() {
    }

    static int parseU32(CommandLine cmd, String s) {
        try {
            long v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s.trim());
            if (v < Integer.MIN_VALUE || v > 0xFFFFFFFFL) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(cmd, "not a u32 (decimal or 0x hex): " + s);
        }
    }

    static byte[] bytes(CommandLine cmd, String in) {
        if (in.startsWith("@")) {
            Path file = Path.of(in.substring(1));
            if (Files.isDirectory(file)) {
                throw new CommandLine.ParameterException(cmd, "--in " + in + ": " + file + " is a directory");
            }
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(cmd, "--in " + in + ": cannot read " + CliErrors.describe(e));
            }
        }
        try {
            return ((Param.MemrefIn) Param.parse("min:" + in)).data();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--in wants hex bytes, zeros:N, text:... or @file: " + in);
        }
    }

    /** A buffer size in bytes: 0 to 2^31-1. */
    static final class Size implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.strip());
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new TypeConversionException("'" + value + "' is not a size in bytes (0 to " + Integer.MAX_VALUE + ")");
        }
    }

    /** A count that must be at least 1 (threads, callers, sessions, workers). */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return wholeNumber(value, 1);
        }
    }

    /** {@code value} as a whole number of at least {@code min}, or the one line that says why not. */
    static int wholeNumber(String value, int min) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        if (n < min) {
            throw new TypeConversionException("must be at least " + min + ", got " + n);
        }
        return n;
    }

    /** A secure RAM size: 16M, 512K, bytes; at least one page. */
    static final class SecureRamSize implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long n;
            try {
                n = Sizes.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a size (e.g. 16M, 512K or bytes)");
            }
            if (n < PAGE) {
                throw new TypeConversionException("must be at least one 4 KiB page, got " + value);
            }
            return n;
        }
    }

    /** A count that may be 0 (threads kept back, queue places). */
    static final class Count implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return wholeNumber(value, 0);
        }
    }

    /** The daemon's largest frame: 8M, 512K or bytes, within the protocol's bounds. */
    static final class FrameSize implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long n;
            try {
                n = Sizes.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a size (e.g. 8M, 512K or bytes)");
            }
            if (n < Daemon.Builder.MIN_MAX_FRAME || n > Daemon.Builder.ABSOLUTE_MAX_FRAME) {
                throw new TypeConversionException("must be within 4K and 64M, got " + value);
            }
            return (int) n;
        }
    }

    /** A directory that exists (a TA directory: a typo must not mean "no TAs" silently). */
    static final class ExistingDirectory implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = Path.of(value);
            if (!Files.isDirectory(p)) {
                throw new TypeConversionException(Files.exists(p) ? value + " is not a directory" : "no such directory: " + value);
            }
            return p;
        }
    }

    /** A regular file that can be read. */
    static final class ReadableFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = Path.of(value);
            if (!Files.isRegularFile(p)) {
                throw new TypeConversionException(Files.exists(p) ? value + " is not a file" : "no such file: " + value);
            }
            if (!Files.isReadable(p)) {
                throw new TypeConversionException("cannot read " + value + ": permission denied");
            }
            return p;
        }
    }

    /**
     * A directory to write into: it exists, or its parent does (it is then created); refused
     * before a long run rather than after it.
     */
    static final class WritableDirectory implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = Path.of(value).toAbsolutePath();
            Path existing = Files.exists(p) ? p : p.getParent();
            if (existing == null || !Files.isDirectory(existing)) {
                throw new TypeConversionException(Files.exists(p) ? value + " is not a directory" : "no such directory: " + p.getParent());
            }
            if (!Files.isWritable(existing)) {
                throw new TypeConversionException("cannot write in " + existing + ": permission denied");
            }
            return Path.of(value);
        }
    }

    /** A socket path whose directory exists: serve never creates directories the user did not ask for. */
    static final class SocketPath implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = Path.of(value);
            Path dir = p.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new TypeConversionException("no such directory: " + dir);
            }
            if (Files.isDirectory(p)) {
                throw new TypeConversionException(value + " is a directory; give the socket file's path");
            }
            return p;
        }
    }

    /** {@code host:port}, port 0 to 65535. */
    static final class HostPort implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0) {
                throw new TypeConversionException("want HOST:PORT (e.g. 127.0.0.1:9464), got '" + value + "'");
            }
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port >= 0 && port <= 65535) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new TypeConversionException("not a port (0 to 65535) in '" + value + "'");
        }
    }

    /** Unix permissions as {@code ls} shows them, e.g. rw-rw----. */
    static final class Permissions implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                java.nio.file.attribute.PosixFilePermissions.fromString(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("want nine characters like rw-rw----, got '" + value + "'");
            }
        }
    }

    /** The length of a demo run in seconds: long enough to measure, short enough to wait for. */
    static final class RunSeconds implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double s = Double.parseDouble(value.strip());
                if (s >= 0.1 && s <= 3600) {
                    return s;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new TypeConversionException("want seconds from 0.1 to 3600, got '" + value + "'");
        }
    }
}
