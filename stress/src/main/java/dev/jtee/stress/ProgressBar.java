package dev.jtee.stress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar for a terminal: one line per step, redrawn in place a few times a second with
 * the step's progress, calls so far, the last interval's throughput and corrected p99; when the
 * step ends the line is finished with its result. With {@code interactive} false (output not a
 * terminal) only the finished lines are printed.
 */
public final class ProgressBar implements StressListener {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final boolean interactive;
    private String label = "";
    private int lastLength;

    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** On stderr, interactive when the JVM has a console. */
    public static ProgressBar stderr() {
        return new ProgressBar(System.err, System.console() != null);
    }

    @Override
    public void stepStarted(int index, int plannedSteps, String phase, LoadModel model) {
        label = String.format(Locale.ROOT, "step %2d%s %-7s %s", index, plannedSteps > 0 ? "/" + plannedSteps : "", phase,
                model instanceof ClosedModel c ? c.callers() + " callers" : Format.rate(((OpenModel) model).profile().meanRate()));
        draw(0, 0, 0, 0);
    }

    @Override
    public void progress(double fraction, long completed, double throughput, long p99Nanos) {
        draw(fraction, completed, throughput, p99Nanos);
    }

    private void draw(double fraction, long completed, double throughput, long p99) {
        if (!interactive) {
            return;
        }
        int filled = (int) Math.round(Math.min(1, Math.max(0, fraction)) * WIDTH);
        String line = String.format(Locale.ROOT, "%-32s [%s%s] %3.0f%%  %s calls  %s  p99 %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), fraction * 100, Format.count(completed), Format.rate(throughput), Format.latency(p99));
        print(line, false);
    }

    @Override
    public void stepFinished(StepResult r) {
        String line = String.format(Locale.ROOT, "%-32s achieved %s  p99 %s  max %s%s%s", label, Format.rate(r.achieved()),
                Format.latency(r.corrected().p99()), Format.latency(r.corrected().max()),
                r.missed() > 0 ? "  missed " + r.missed() : "",
                r.saturation().saturated() ? "  saturated: " + String.join("; ", r.saturation().reasons()) : "");
        print(line, true);
    }

    private void print(String line, boolean finish) {
        if (interactive) {
            int pad = Math.max(0, lastLength - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastLength = finish ? 0 : line.length();
            if (finish) {
                out.println();
            }
        } else if (finish) {
            out.println(line);
        }
        out.flush();
    }
}
