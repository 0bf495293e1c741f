package dev.jtee.stress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Writes a {@link StressReport}: {@code report.html} (one self-contained file with Chart.js and
 * the data inline, opens offline), {@code summary.json} (the same data, machine-readable) and one
 * HdrHistogram interval log per step ({@code step-01.hlog}, …); and renders the text table.
 */
public final class Report {
    public static final String HTML = "report.html";
    public static final String JSON = "summary.json";
    private static final String CHART_JS_POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Report() {
    }

    /** Writes the report files into {@code dir} (created if missing); answers the HTML file. */
    public static Path write(Path dir, StressReport report) {
        try {
            Files.createDirectories(dir);
            Map<String, Object> data = data(report);
            Files.writeString(dir.resolve(JSON), JSON_MAPPER.writeValueAsString(data), StandardCharsets.UTF_8);
            for (StepResult s : report.steps()) {
                Files.writeString(dir.resolve(hlogName(s)), s.intervalLog(), StandardCharsets.UTF_8);
            }
            Path html = dir.resolve(HTML);
            Files.writeString(html, html(data), StandardCharsets.UTF_8);
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The summary as {@link #JSON} holds it, for {@code jtee stress --json}. */
    public static String json(StressReport report) {
        try {
            return JSON_MAPPER.writeValueAsString(data(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hlogName(StepResult s) {
        return String.format(Locale.ROOT, "step-%02d.hlog", s.index());
    }

    /** The report page with {@code data} inline. */
    static String html(Map<String, Object> data) throws IOException {
        String page = resource("report.html");
        String script = resource("report.js");
        String json = JSON_MAPPER.writeValueAsString(data).replace("</", "<\\/");
        return page.replace("/*CHART_JS*/", chartJs())
                .replace("/*REPORT_JS*/", script)
                .replace("/*DATA*/", json)
                .replace("<!--TITLE-->", escape("jtee stress — " + report(data)));
    }

    private static String report(Map<String, Object> data) {
        return String.valueOf(data.get("target"));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Chart.js from its WebJar, without the source-map line (the page must not fetch anything). */
    static String chartJs() throws IOException {
        ClassLoader cl = Report.class.getClassLoader();
        Properties pom = new Properties();
        try (InputStream in = cl.getResourceAsStream(CHART_JS_POM)) {
            if (in == null) {
                throw new IOException("Chart.js WebJar not on the classpath (" + CHART_JS_POM + ")");
            }
            pom.load(in);
        }
        String path = "META-INF/resources/webjars/chart.js/" + pom.getProperty("version") + "/dist/chart.umd.js";
        try (InputStream in = cl.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no " + path + " in the Chart.js WebJar");
            }
            String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return js.replaceAll("//# sourceMappingURL=\\S*", "").replace("</script", "<\\/script");
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Report.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The report's data: what summary.json holds and the page draws. Latencies in nanoseconds. */
    static Map<String, Object> data(StressReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", "jtee stress");
        m.put("units", "rates in calls/s, latencies in nanoseconds, times in seconds since the run started");
        m.put("target", report.target());
        m.put("metadata", report.metadata());
        List<Object> steps = new ArrayList<>();
        for (StepResult s : report.steps()) {
            steps.add(step(s));
        }
        m.put("steps", steps);
        KneeResult k = report.knee();
        if (k != null) {
            Map<String, Object> km = new LinkedHashMap<>();
            km.put("knee", finite(k.knee()));
            km.put("kneeStep", k.kneeStep() == null ? null : k.kneeStep().index());
            km.put("saturatedAt", finite(k.saturatedAt()));
            km.put("closedPeak", k.closedPeak());
            km.put("verdict", k.verdict());
            Confidence c = k.confidence();
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("level", c.level().toString());
            cm.put("generatorCeiling", finite(c.generatorCeiling()));
            cm.put("generatorHeadroom", finite(c.generatorHeadroom()));
            cm.put("littleRatio", finite(c.littleRatio()));
            cm.put("uslRSquared", finite(c.uslRSquared()));
            cm.put("reasons", c.reasons());
            km.put("confidence", cm);
            km.put("generatorLimited", k.generatorLimited());
            km.put("uslTrusted", k.uslTrusted());
            km.put("uslNote", k.uslNote());
            if (k.usl() != null) {
                UslFit u = k.usl();
                Map<String, Object> um = new LinkedHashMap<>();
                um.put("lambda", u.lambda());
                um.put("sigma", u.sigma());
                um.put("kappa", u.kappa());
                um.put("rSquared", u.rSquared());
                um.put("maxConcurrency", finite(u.maxConcurrency()));
                um.put("maxThroughput", finite(u.maxThroughput()));
                List<Object> curve = new ArrayList<>();
                double top = Math.max(1, u.points().stream().mapToDouble(UslFit.Point::concurrency).max().orElse(1));
                double nStar = u.maxConcurrency();
                if (Double.isFinite(nStar)) {
                    top = Math.max(top, Math.min(nStar * 1.5, top * 4));
                }
                for (int i = 0; i <= 100; i++) {
                    double n = 1 + (top - 1) * i / 100.0;
                    curve.add(List.of(n, u.throughputAt(n)));
                }
                um.put("curve", curve);
                um.put("points", u.points().stream().map(p -> List.of(p.concurrency(), p.throughput())).toList());
                km.put("usl", um);
            } else {
                km.put("usl", null);
            }
            m.put("knee", km);
        }
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Map<String, Object> step(StepResult s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", s.index());
        m.put("phase", s.phase());
        m.put("model", s.model().describe());
        m.put("load", s.load());
        if (s.model() instanceof ClosedModel c) {
            m.put("callers", c.callers());
        }
        m.put("offered", s.offered());
        m.put("achieved", s.achieved());
        m.put("scheduled", s.scheduled());
        m.put("started", s.started());
        m.put("completed", s.completed());
        m.put("missed", s.missed());
        m.put("workers", s.workers());
        m.put("workersLimited", s.workersLimited());
        m.put("errors", s.errors());
        m.put("elapsedSeconds", s.elapsedSeconds());
        List<Object> outcomes = new ArrayList<>();
        for (OutcomeCount o : s.outcomes()) {
            Map<String, Object> om = new LinkedHashMap<>();
            om.put("result", o.result().name());
            om.put("code", o.result().toString());
            om.put("origin", o.origin() == null ? null : o.origin().name());
            om.put("count", o.count());
            outcomes.add(om);
        }
        m.put("outcomes", outcomes);
        m.put("corrected", latency(s.corrected()));
        m.put("uncorrected", latency(s.uncorrected()));
        m.put("lateness", latency(s.lateness()));
        Map<String, Object> little = new LinkedHashMap<>();
        little.put("sampledInProgress", s.little().sampled());
        little.put("throughputTimesLatency", s.little().predicted());
        little.put("ratio", finite(s.little().ratio()));
        little.put("consistent", s.little().consistent());
        m.put("littlesLaw", little);
        m.put("saturated", s.saturation().saturated());
        m.put("saturationReasons", s.saturation().reasons());
        m.put("generatorNote", s.generatorNote());
        m.put("intervalLog", hlogName(s));
        m.put("spectrum", spectrum(s.correctedHistogram()));
        m.put("spectrumUncorrected", spectrum(s.uncorrectedHistogram()));
        List<Object> iv = new ArrayList<>();
        for (Interval i : s.intervals()) {
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("t", i.atSeconds());
            im.put("throughput", i.throughput());
            im.put("p50", i.p50());
            im.put("p90", i.p90());
            im.put("p99", i.p99());
            im.put("max", i.max());
            im.put("uncorrectedP99", i.uncorrectedP99());
            im.put("lateP99", i.lateP99());
            im.put("inCall", i.inCall());
            im.put("inFlight", i.inFlight() < 0 ? null : i.inFlight());
            im.put("limit", i.limit() < 0 ? null : i.limit());
            im.put("queued", i.queued() < 0 ? null : i.queued());
            iv.add(im);
        }
        m.put("intervals", iv);
        return m;
    }

    private static Map<String, Object> latency(Latency l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", l.count());
        m.put("mean", l.mean());
        m.put("p50", l.p50());
        m.put("p90", l.p90());
        m.put("p99", l.p99());
        m.put("p999", l.p999());
        m.put("max", l.max());
        return m;
    }

    /** [percentile, value] pairs along the histogram (5 ticks per halving of the tail), last one the max. */
    static List<Object> spectrum(Histogram h) {
        List<Object> points = new ArrayList<>();
        if (h.getTotalCount() == 0) {
            return points;
        }
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo();
            if (p >= 100) {
                break;
            }
            points.add(List.of(p, h.highestEquivalentValue(v.getValueIteratedTo())));
            if (points.size() > 400) {
                break;
            }
        }
        return points;
    }

    /** The per-step table: load, offered, achieved, missed, results, corrected percentiles, Little's law. */
    public static String table(StressReport report) {
        StringBuilder b = new StringBuilder();
        String fmt = "%4s  %-6s  %-11s  %10s  %10s  %7s  %9s  %9s  %9s  %9s  %9s  %-11s  %s%n";
        b.append(String.format(Locale.ROOT, fmt, "step", "model", "load", "offered", "achieved", "missed", "p50", "p90", "p99",
                "p99.9", "max", "Little L", "results"));
        for (StepResult s : report.steps()) {
            Latency c = s.corrected();
            String little = String.format(Locale.ROOT, "%.2f/%.2f%s", s.little().sampled(), s.little().predicted(),
                    s.little().consistent() ? "" : " !");
            b.append(String.format(Locale.ROOT, fmt, s.index(), s.model() instanceof OpenModel ? "open" : "closed", s.load(),
                    s.offered() > 0 ? Format.rate(s.offered()) : "—", Format.rate(s.achieved()), s.missed(),
                    Format.latency(c.p50()), Format.latency(c.p90()), Format.latency(c.p99()), Format.latency(c.p999()),
                    Format.latency(c.max()), little, results(s) + (s.saturation().saturated() ? "  [saturated]" : "")));
        }
        for (StepResult s : report.steps()) {
            if (!s.generatorNote().isEmpty()) {
                b.append("step ").append(s.index()).append(": ").append(s.generatorNote()).append('\n');
            }
        }
        KneeResult k = report.knee();
        if (k != null) {
            b.append('\n').append(k.verdict()).append('\n');
            if (k.uslTrusted()) {
                UslFit u = k.usl();
                b.append(String.format(Locale.ROOT, "USL fit of %d closed steps: λ = %s per caller, σ = %.4f, κ = %.6f, R² = %.3f;"
                                + " USL max concurrency %s, USL max throughput %s%n",
                        u.points().size(), Format.rate(u.lambda()), u.sigma(), u.kappa(), u.rSquared(),
                        Double.isFinite(u.maxConcurrency()) ? String.format(Locale.ROOT, "%.1f", u.maxConcurrency()) : "unbounded (κ = 0)",
                        Double.isFinite(u.maxThroughput()) ? Format.rate(u.maxThroughput()) : "unbounded"));
            } else {
                b.append("no USL prediction: ").append(k.uslNote()).append('\n');
            }
            if (!k.generatorLimited().isEmpty()) {
                b.append("steps limited by the generator (not the target; neither knee nor saturation): ").append(k.generatorLimited()).append('\n');
            }
        }
        b.append("latencies are corrected for coordinated omission (from each call's intended start); Little L = sampled calls"
                + " in progress / throughput × mean latency\n");
        return b.toString();
    }

    private static String results(StepResult s) {
        List<String> parts = new ArrayList<>();
        for (OutcomeCount o : s.outcomes()) {
            String name = o.result().name().replace("TEE_ERROR_", "").replace("TEE_", "");
            parts.add(name + (o.origin() == null || o.isSuccess() ? "" : "/" + o.origin()) + " " + o.count());
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
