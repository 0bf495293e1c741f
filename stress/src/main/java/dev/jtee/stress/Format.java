package dev.jtee.stress;

import java.util.Locale;

/** Human-readable numbers for tables, the progress bar and the report. */
final class Format {
    private Format() {
    }

    /** {@code 950/s}, {@code 12.5 k/s}, {@code 1.25 M/s}. */
    static String rate(double perSecond) {
        return count(perSecond) + "/s";
    }

    static String count(double n) {
        double a = Math.abs(n);
        if (a >= 1e6) {
            return trim(n / 1e6) + " M";
        }
        if (a >= 1e4) {
            return trim(n / 1e3) + " k";
        }
        return a == Math.rint(a) ? String.valueOf((long) n) : String.format(Locale.ROOT, "%.1f", n);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
        return s;
    }

    /** A duration: {@code 750 ms}, {@code 2 s}, {@code 1.5 s}. */
    static String duration(long nanos) {
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + " s";
        }
        if (nanos >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + " ms";
        }
        return latency(nanos);
    }

    /** A latency with three significant digits: {@code 812 ns}, {@code 12.3 µs}, {@code 4.51 ms}, {@code 1.20 s}. */
    static String latency(double nanos) {
        if (nanos < 1e3) {
            return String.format(Locale.ROOT, "%.0f ns", nanos);
        }
        if (nanos < 1e6) {
            return sig(nanos / 1e3) + " µs";
        }
        if (nanos < 1e9) {
            return sig(nanos / 1e6) + " ms";
        }
        return sig(nanos / 1e9) + " s";
    }

    private static String sig(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, fraction != 0 && Math.abs(fraction) < 0.001 ? "%.3f %%" : "%.1f %%", fraction * 100);
    }
}
