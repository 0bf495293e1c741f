package dev.jtee.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee top}: a live terminal view of a running daemon, read from its {@code /metrics}
 * endpoint (start the daemon with {@code --http}): call rate and latency per TA, flow control,
 * secure threads and RAM, TA heaps, connections, panics.
 */
@Command(name = "top", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = "Live view of a running daemon (reads its /metrics; start it with serve --http).")
final class TopCommand implements Callable<Integer> {
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Option(names = "--http", paramLabel = "HOST:PORT", description = "The daemon's HTTP address (default ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1:9464",
            converter = CliArgs.HostPort.class)
    String http;

    @Option(names = "--interval", paramLabel = "MS", description = "Refresh period in milliseconds (default ${DEFAULT-VALUE}).", defaultValue = "1000",
            converter = CliArgs.Positive.class)
    int intervalMs;

    @Option(names = "--iterations", paramLabel = "N", description = "Stop after N refreshes (default: until interrupted).")
    Integer iterations;

    @Option(names = "--plain", description = "No screen clearing and no keys (for logs and pipes; also when the output is not a terminal).")
    boolean plain;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    record Sample(String name, Map<String, String> labels, double value) {
    }

    @Override
    public Integer call() throws Exception {
        if (iterations != null && iterations < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--iterations must be at least 1, got " + iterations);
        }
        if (plain || System.console() == null || !System.console().isTerminal()) {
            plain = true;
            return watch(new PrintStream(System.out, true), null);
        }
        try (Terminal t = TerminalBuilder.builder().system(true).build()) {
            return watch(t);
        }
    }

    /** On a terminal: raw mode so that q quits at once, the screen redrawn to the terminal's width. */
    int watch(Terminal t) throws InterruptedException {
        Attributes saved = t.enterRawMode();
        try {
            return watch(new PrintStream(t.output(), true, StandardCharsets.UTF_8), t);
        } finally {
            t.setAttributes(saved);
        }
    }

    private int watch(PrintStream out, Terminal terminal) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        URI uri = URI.create("http://" + http + "/metrics");
        Map<String, Double> previousCalls = null;
        long previousAt = 0;
        boolean seen = false;
        for (int n = 0; iterations == null || n < iterations; n++) {
            if (n > 0 && waitOrQuit(terminal)) {
                return 0;
            }
            List<Sample> samples;
            HttpResponse<String> r;
            try {
                r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.ofString());
                samples = parse(r.body());
            } catch (java.io.IOException e) {
                System.err.println("jtee top: cannot read " + uri + ": " + unreachable(e));
                if (iterations != null || !seen) {
                    return CliErrors.FAILURE; // never reached: a wrong address, not a daemon restarting
                }
                continue;
            }
            if (r.statusCode() != 200) {
                System.err.println("jtee top: " + uri + " answered HTTP " + r.statusCode() + " (is it a jtee serve --http address?)");
                return CliErrors.FAILURE;
            }
            seen = true;
            long now = System.nanoTime();
            Map<String, Double> calls = group(samples, "jtee_invocations_total", "ta");
            double dt = previousCalls == null ? 0 : (now - previousAt) / 1e9;
            String screen = render(samples, calls, previousCalls, dt, terminal == null ? 0 : terminal.getWidth());
            out.print(screen); // JLine's raw mode keeps output processing: \n still starts a new line
            out.flush();
            previousCalls = calls;
            previousAt = now;
        }
        return 0;
    }

    /** Why the endpoint could not be read, in words (a refused connection has no message of its own). */
    private String unreachable(java.io.IOException e) {
        return switch (e) {
            case java.net.http.HttpConnectTimeoutException t -> "no answer within 3 s";
            case java.net.ConnectException c -> "connection refused (is a daemon running with serve --http " + http + "?)";
            case java.net.http.HttpTimeoutException t -> "no answer within 3 s";
            default -> CliErrors.describe(e.getCause() instanceof java.io.IOException c && e.getMessage() == null ? c : e);
        };
    }

    /** Waits one interval; true when q was pressed meanwhile. */
    private boolean waitOrQuit(Terminal terminal) throws InterruptedException {
        if (terminal == null) {
            Thread.sleep(intervalMs);
            return false;
        }
        long deadline = System.nanoTime() + intervalMs * 1_000_000L;
        for (long left = intervalMs; left > 0; left = (deadline - System.nanoTime()) / 1_000_000L) {
            int c;
            try {
                c = terminal.reader().read(left);
            } catch (java.io.IOException e) {
                c = NonBlockingReader.EOF;
            }
            if (c == 'q' || c == 'Q') {
                return true;
            }
            if (c == NonBlockingReader.EOF) {
                Thread.sleep(Math.max(0, left)); // no keyboard any more: just wait
                return false;
            }
        }
        return false;
    }

    /** The screen; {@code width} > 0 fits every line to it (the TA column takes what is left), 0 for logs. */
    String render(List<Sample> s, Map<String, Double> calls, Map<String, Double> before, double dt, int width) {
        int ta = width <= 0 ? 24 : Math.clamp(width - 60, 8, 40);
        String row = "%-" + ta + "." + ta + "s %12s %12s %10s %10s %10s%n";
        String heapRow = "%-" + ta + "." + ta + "s %12s %12s %14s%n";
        StringBuilder b = new StringBuilder();
        if (!plain) {
            b.append("\033[H\033[2J");
        }
        b.append(String.format("jtee top — %s   connections %.0f   sessions %.0f   instances %.0f   panics %.0f%n", http,
                sum(s, "jtee_daemon_connections"), sum(s, "jtee_sessions"), sum(s, "jtee_instances"), sum(s, "jtee_panics_total")));
        b.append(String.format("secure threads %.0f/%.0f busy   secure RAM %s / %s%n", sum(s, "jtee_secure_threads_busy"), sum(s, "jtee_secure_threads"),
                bytes(sum(s, "jtee_secure_ram_used_bytes")), bytes(sum(s, "jtee_secure_ram_budget_bytes"))));
        Map<String, String> daemon = Map.of("limiter", "daemon");
        b.append(String.format("flow: in flight %.0f / limit %.0f   queued %.0f   rejected %.0f%n%n", sum(s, "jtee_flow_inflight", daemon),
                sum(s, "jtee_flow_limit", daemon), sum(s, "jtee_flow_queue_depth", daemon), sum(s, "jtee_flow_rejections_total", daemon)));
        b.append(String.format(row, "TA", "calls", "calls/s", "p50 µs", "p90 µs", "p99 µs"));
        for (Map.Entry<String, Double> e : new TreeMap<>(calls).entrySet()) {
            String name = e.getKey();
            double rate = before != null && dt > 0 && before.containsKey(name) ? Math.max(0, (e.getValue() - before.get(name)) / dt) : Double.NaN;
            b.append(String.format(row, name, String.format("%.0f", e.getValue()), Double.isNaN(rate) ? "–" : String.format("%.0f", rate),
                    micros(quantile(s, name, "0.5")), micros(quantile(s, name, "0.9")), micros(quantile(s, name, "0.99"))));
        }
        Map<String, Double> heapUsed = group(s, "jtee_ta_heap_used_bytes", "ta");
        if (!heapUsed.isEmpty()) {
            Map<String, Double> heapSize = group(s, "jtee_ta_heap_size_bytes", "ta");
            Map<String, Double> frag = group(s, "jtee_ta_heap_fragmentation", "ta");
            b.append(String.format("%n" + heapRow, "TA heap", "used", "size", "fragmentation"));
            for (String name : new TreeMap<>(heapUsed).keySet()) {
                b.append(String.format(heapRow, name, bytes(heapUsed.get(name)), bytes(heapSize.getOrDefault(name, 0.0)),
                        String.format("%.2f", frag.getOrDefault(name, 0.0))));
            }
        }
        return width <= 0 ? b.toString() : fit(b.toString(), width);
    }

    /** Cuts every line to the width: a wrapped line would push the screen out of place. */
    private static String fit(String screen, int width) {
        StringBuilder b = new StringBuilder();
        for (String line : screen.split("\n", -1)) {
            if (!b.isEmpty()) {
                b.append('\n');
            }
            int visible = line.startsWith("\033[H\033[2J") ? width + 7 : width;
            b.append(line.length() > visible ? line.substring(0, visible) : line);
        }
        return b.toString();
    }

    static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            try {
                out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
            } catch (NumberFormatException ignored) {
                // NaN spelled differently: skip
            }
        }
        return out;
    }

    private static double sum(List<Sample> s, String name) {
        return sum(s, name, Map.of());
    }

    private static double sum(List<Sample> s, String name, Map<String, String> match) {
        double t = 0;
        for (Sample x : s) {
            if (x.name.equals(name) && x.labels.entrySet().containsAll(match.entrySet())) {
                t += x.value;
            }
        }
        return t;
    }

    private static Map<String, Double> group(List<Sample> s, String name, String key) {
        Map<String, Double> g = new HashMap<>();
        for (Sample x : s) {
            if (x.name.equals(name) && x.labels.containsKey(key)) {
                g.merge(x.labels.get(key), x.value, Double::sum);
            }
        }
        return g;
    }

    private static double quantile(List<Sample> s, String ta, String q) {
        for (Sample x : s) {
            if (x.name.equals("jtee_invoke_latency_seconds") && ta.equals(x.labels.get("ta")) && q.equals(x.labels.get("quantile"))) {
                return x.value;
            }
        }
        return Double.NaN;
    }

    private static String micros(double seconds) {
        return Double.isNaN(seconds) ? "–" : String.format("%.1f", seconds * 1e6);
    }

    private static String bytes(double n) {
        if (n >= 1 << 20) {
            return String.format("%.1f MiB", n / (1 << 20));
        }
        if (n >= 1 << 10) {
            return String.format("%.1f KiB", n / (1 << 10));
        }
        return String.format("%.0f B", n);
    }
}
