package dev.jtee.core.profile;

import java.util.HexFormat;
import java.util.Locale;

/**
 * One TA-side parameter of a workload call. Text form (the CLI and workload files):
 * {@code none}, {@code vin:A[,B]}, {@code vout}, {@code vinout:A[,B]}, {@code min:DATA},
 * {@code mout:SIZE}, {@code minout:DATA}; DATA is hex bytes ({@code 0a0b0c}), {@code zeros:N} or
 * {@code text:…}; A, B and SIZE are decimal or {@code 0x} hex.
 */
public sealed interface Param {
    /** The TA-side type nibble (GP's TEE_PARAM_TYPE_*). */
    int type();

    record None() implements Param {
        @Override
        public int type() {
            return 0;
        }
    }

    record ValueIn(int a, int b) implements Param {
        @Override
        public int type() {
            return 1;
        }
    }

    record ValueOut() implements Param {
        @Override
        public int type() {
            return 2;
        }
    }

    record ValueInOut(int a, int b) implements Param {
        @Override
        public int type() {
            return 3;
        }
    }

    /** Input bytes; the array is copied for every call. */
    record MemrefIn(byte[] data) implements Param {
        @Override
        public int type() {
            return 5;
        }
    }

    record MemrefOut(int size) implements Param {
        @Override
        public int type() {
            return 6;
        }
    }

    record MemrefInOut(byte[] data) implements Param {
        @Override
        public int type() {
            return 7;
        }
    }

    static Param none() {
        return new None();
    }

    static Param valueIn(int a) {
        return new ValueIn(a, 0);
    }

    static Param valueIn(int a, int b) {
        return new ValueIn(a, b);
    }

    static Param valueOut() {
        return new ValueOut();
    }

    static Param valueInOut(int a, int b) {
        return new ValueInOut(a, b);
    }

    static Param memrefIn(byte[] data) {
        return new MemrefIn(data.clone());
    }

    static Param memrefOut(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative memref size " + size);
        }
        return new MemrefOut(size);
    }

    static Param memrefInOut(byte[] data) {
        return new MemrefInOut(data.clone());
    }

    /** Parses the text form; IllegalArgumentException says what is wrong. */
    static Param parse(String token) {
        String t = token.trim();
        int colon = t.indexOf(':');
        String kind = (colon < 0 ? t : t.substring(0, colon)).toLowerCase(Locale.ROOT);
        String arg = colon < 0 ? null : t.substring(colon + 1);
        return switch (kind) {
            case "none" -> none();
            case "vout" -> valueOut();
            case "vin", "vinout" -> {
                if (arg == null || arg.isEmpty()) {
                    throw new IllegalArgumentException(kind + " needs a value: " + kind + ":A[,B]");
                }
                String[] ab = arg.split(",", 2);
                int a = u32(ab[0]);
                int b = ab.length > 1 ? u32(ab[1]) : 0;
                yield kind.equals("vin") ? valueIn(a, b) : valueInOut(a, b);
            }
            case "mout" -> {
                if (arg == null) {
                    throw new IllegalArgumentException("mout needs a size: mout:SIZE");
                }
                yield memrefOut(size(arg));
            }
            case "min", "minout" -> {
                if (arg == null) {
                    throw new IllegalArgumentException(kind + " needs data: hex bytes, zeros:N or text:...");
                }
                byte[] data = data(arg);
                yield kind.equals("min") ? new MemrefIn(data) : new MemrefInOut(data);
            }
            default -> throw new IllegalArgumentException("unknown parameter '" + token
                    + "' (want none, vin:A[,B], vout, vinout:A[,B], min:DATA, mout:SIZE, minout:DATA)");
        };
    }

    /** The text form of this parameter (data longer than 16 bytes shortened). */
    static String text(Param p) {
        return switch (p) {
            case None n -> "none";
            case ValueIn v -> "vin:" + Integer.toUnsignedString(v.a()) + (v.b() != 0 ? "," + Integer.toUnsignedString(v.b()) : "");
            case ValueOut v -> "vout";
            case ValueInOut v -> "vinout:" + Integer.toUnsignedString(v.a()) + (v.b() != 0 ? "," + Integer.toUnsignedString(v.b()) : "");
            case MemrefIn m -> "min:" + dataText(m.data());
            case MemrefOut m -> "mout:" + m.size();
            case MemrefInOut m -> "minout:" + dataText(m.data());
        };
    }

    private static String dataText(byte[] d) {
        boolean zeros = true;
        for (byte b : d) {
            zeros &= b == 0;
        }
        if (zeros && d.length > 0) {
            return "zeros:" + d.length;
        }
        return d.length <= 16 ? HexFormat.of().formatHex(d) : HexFormat.of().formatHex(d, 0, 16) + "…(" + d.length + " bytes)";
    }

    private static byte[] data(String arg) {
        if (arg.startsWith("zeros:")) {
            return new byte[size(arg.substring(6))];
        }
        if (arg.startsWith("text:")) {
            return arg.substring(5).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            return HexFormat.of().parseHex(arg);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex bytes (or zeros:N, text:...): " + arg, e);
        }
    }

    /** A buffer size: a Java array holds at most 2^31-1 bytes. */
    private static int size(String s) {
        int n = u32(s);
        if (n < 0) {
            throw new IllegalArgumentException("a buffer size is at most " + Integer.MAX_VALUE + " bytes: " + s);
        }
        return n;
    }

    private static int u32(String s) {
        String t = s.trim();
        try {
            long v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a u32: " + s, e);
        }
    }
}
