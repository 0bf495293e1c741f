package dev.jtee.cli;

import dev.jtee.client.FlowStats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;

/** The demo's side-by-side table: one column per run of {@link SeedScenario}. */
final class SeedTable {
    private static final int LABEL = 40;
    private static final int COLUMN = 19;

    private final List<SeedScenario.Result> runs;
    /** Every round, the first being {@link #runs}: for the deaths over all of them. */
    private final List<List<SeedScenario.Result>> rounds;

    SeedTable(List<SeedScenario.Result> runs, List<List<SeedScenario.Result>> rounds) {
        this.runs = runs;
        this.rounds = rounds;
    }

    void print(PrintStream out) {
        row(out, "", r -> r.config().label());
        row(out, "flow control", r -> r.config().flow().isEnabled() ? "defaults" : "off");
        row(out, "seed memory mode", r -> DemoCommand.mode(r.config().mode()));
        rule(out);
        row(out, "seed PROCESS calls completed / s", r -> String.format(Locale.ROOT, "%,.0f", r.callsPerSecond()));
        out.println("seed calls by result / origin");
        // success first, then the failures by name
        TreeSet<String> keys = new TreeSet<>(Comparator.comparing((String k) -> !k.equals("TEE_SUCCESS")).thenComparing(k -> k));
        runs.forEach(r -> keys.addAll(r.results().keySet()));
        for (String k : keys) {
            row(out, "  " + k, r -> String.format(Locale.ROOT, "%,d", r.results().getOrDefault(k, 0L)));
        }
        row(out, "TA panics (instances that died)", r -> Long.toString(r.panics()));
        row(out, "  first panic code", r -> r.firstPanic() == null ? "-" : String.format("0x%08x", r.firstPanic().code()));
        row(out, "TA panics, all rounds (" + rounds.size() + ")", r -> {
            int column = runs.indexOf(r);
            long deaths = rounds.stream().mapToLong(round -> round.get(column).panics()).sum();
            long dying = rounds.stream().filter(round -> round.get(column).panics() > 0).count();
            return rounds.size() == 1 ? Long.toString(deaths) : String.format(Locale.ROOT, "%,d (%d of %d)", deaths, dying, rounds.size());
        });
        rule(out);
        row(out, "bystander latency p50", r -> millis(r.bystanderPercentile(50)));
        row(out, "bystander latency p99", r -> millis(r.bystanderPercentile(99)));
        row(out, "bystander latency max", r -> millis(r.bystanderPercentile(100)));
        row(out, "bystander calls (failed)", r -> r.bystanderNanos().length + " (" + r.bystanderFailures() + ")");
        rule(out);
        row(out, "peak calls waiting in the normal world", r -> Integer.toString(r.peakWaiting()));
        row(out, "secure threads busy, mean / peak", r -> String.format(Locale.ROOT, "%.1f / %d", r.meanThreadsBusy(), r.peakThreadsBusy()));
        row(out, "seed TA heap peak", r -> String.format(Locale.ROOT, "%,d B (%.0f%%)", r.heapPeak(), 100.0 * r.heapPeak() / r.heapSize()));
        row(out, "seed TA heap fragmentation, peak", r -> String.format(Locale.ROOT, "%.2f", r.peakFragmentation()));
        row(out, "TEE_Malloc failures (live instance)", r -> Long.toString(r.allocFailures()));
        rule(out);
        row(out, "driver: submitted", r -> String.format(Locale.ROOT, "%,d", r.flowStats().submitted()));
        row(out, "  = completed", r -> String.format(Locale.ROOT, "%,d", r.flowStats().completed()));
        row(out, "  + refused (BUSY, COMMS)", r -> String.format(Locale.ROOT, "%,d", r.flowStats().refused()));
        row(out, "  + cancelled", r -> String.format(Locale.ROOT, "%,d", r.flowStats().cancelled()));
        row(out, "  conserved", r -> conserved(r.flowStats()));
    }

    private static String conserved(FlowStats s) {
        return s.submitted() == s.completed() + s.refused() + s.cancelled() ? "yes" : "NO (" + s.underWay() + " missing)";
    }

    static String millis(long nanos) {
        if (nanos < 0) {
            return "-";
        }
        double ms = nanos / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%,.0f ms", ms);
    }

    private void row(PrintStream out, String label, Function<SeedScenario.Result, String> cell) {
        StringBuilder b = new StringBuilder(pad(label, LABEL));
        List<String> cells = new ArrayList<>();
        runs.forEach(r -> cells.add(cell.apply(r)));
        for (String c : cells) {
            b.append(lead(c, COLUMN));
        }
        out.println(b.toString().stripTrailing());
    }

    private void rule(PrintStream out) {
        out.println("-".repeat(LABEL + COLUMN * runs.size()));
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }

    private static String lead(String s, int w) {
        return s.length() >= w ? " " + s : " ".repeat(w - s.length()) + s;
    }
}
