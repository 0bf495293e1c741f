package dev.jtee.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtee.junit.browser.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a short knee search, rendered by a real headless Chromium. */
class ReportTest {
    private static final List<String> CANVASES = List.of("chart-spectrum", "chart-throughput-latency", "chart-over-time", "chart-flow", "chart-usl");

    @TempDir
    static Path dir;
    static StressReport report;
    static Path html;

    @BeforeAll
    static void runAShortKneeSearch() {
        Stress stress = Stress.builder(Target.simulated(4000, 2)).metadata("world", "simulated service").build();
        stress.findKnee(KneeOptions.defaults().withStepDuration(Duration.ofMillis(200)).withClosedCallers(List.of(1, 2, 3, 4, 5, 6))
                .withOpenWorkers(8).withGrace(Duration.ofMillis(100)));
        report = stress.report();
        html = Report.write(dir, report);
    }

    @Test
    void writesOneSelfContainedPage() throws Exception {
        String page = Files.readString(html);
        assertFalse(page.contains("/*CHART_JS*/") || page.contains("/*DATA*/") || page.contains("/*REPORT_JS*/"), "placeholders filled");
        assertTrue(page.contains("Chart.js v4"), "Chart.js is inline");
        assertFalse(page.contains("sourceMappingURL"), "nothing to fetch");
        assertFalse(Pattern.compile("<script[^>]+src=|<link[^>]+href=").matcher(page).find(), "no external resources");
    }

    @Test
    void writesTheSummaryAndIntervalLogs() throws Exception {
        JsonNode json = new ObjectMapper().readTree(dir.resolve(Report.JSON).toFile());
        assertEquals(report.steps().size(), json.get("steps").size());
        assertTrue(json.get("knee").get("knee").asDouble() > 0, json.get("knee").get("verdict").asText());
        assertEquals(6, json.get("knee").get("usl").get("points").size());
        JsonNode step = json.get("steps").get(0);
        assertEquals("closed", step.get("phase").asText());
        assertTrue(step.get("corrected").get("p99").asLong() > 0);
        assertEquals("TEE_SUCCESS", step.get("outcomes").get(0).get("result").asText());
        assertTrue(step.get("littlesLaw").has("ratio"));
        for (StepResult s : report.steps()) {
            Path hlog = dir.resolve(Report.hlogName(s));
            long count = 0;
            try (InputStream in = new FileInputStream(hlog.toFile())) {
                HistogramLogReader reader = new HistogramLogReader(in);
                for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
                    if ("corrected".equals(h.getTag())) {
                        count += ((org.HdrHistogram.Histogram) h).getTotalCount();
                    }
                }
            }
            assertEquals(s.completed(), count, "the interval log of step " + s.index() + " holds every call");
        }
    }

    @Test
    void theTableHasAStepPerLineAndTheKnee() {
        String table = Report.table(report);
        assertTrue(table.contains("p99.9") && table.contains("achieved"), table);
        assertEquals(report.steps().size(), table.lines().filter(l -> l.matches("\\s*\\d+\\s+(open|closed)\\s.*")).count(), table);
        assertTrue(table.contains(report.knee().verdict()), table);
        assertTrue(table.contains("USL fit of 6 closed steps") || table.contains("no USL prediction: poor fit"), table);
    }

    @Test
    void chromiumDrawsEveryChartWithoutScriptErrors() {
        HeadlessChromium chromium = HeadlessChromium.find().orElseThrow(() -> new AssertionError(
                "no Chromium found (install Debian's chromium package, as .ci/run does, or set " + HeadlessChromium.ENV + ")"));
        HeadlessChromium.Rendering r = chromium.withTimeout(Duration.ofSeconds(90)).render(html.toUri(), 1400, 1800);
        assertEquals(List.of(), r.jsErrors(), "console: " + r.console());
        assertTrue(r.dom().contains("data-charts=\"5\""), "five charts created");
        for (String id : CANVASES) {
            Matcher m = Pattern.compile("<canvas id=\"" + id + "\"[^>]*>").matcher(r.dom());
            assertTrue(m.find(), id + " present");
            assertTrue(m.group().contains("data-drawn=\"true\""), id + " drawn: " + m.group());
        }
        assertTrue(r.dom().contains("id=\"errors\" hidden"), "the page's own error box stays hidden");
        assertTrue(r.dom().contains(report.knee().verdict().substring(0, 12)), "verdict shown");
        assertFalse(r.isBlank());
        BufferedImage img = r.image();
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertTrue(colours.size() > 50, "a screenshot with charts has many colours, not " + colours.size());
    }

    /** Layout, not only presence: what the page measured of itself in Chromium (body data-layout). */
    @Test
    void theReportReadsAtAGlance() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find().orElseThrow(() -> new AssertionError("no Chromium found (set " + HeadlessChromium.ENV + ")"));
        HeadlessChromium.Rendering r = chromium.withTimeout(Duration.ofSeconds(90)).render(html.toUri(), 1400, 2400);
        assertEquals(List.of(), r.jsErrors(), "console: " + r.console());
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve("stress-report.png"), r.png());
        JsonNode layout = layout(r.dom());
        JsonNode charts = layout.get("charts");
        assertEquals(CANVASES.size(), charts.size(), layout.toString());
        for (String id : CANVASES) {
            JsonNode c = charts.get(id);
            assertTrue(c.get("plotHeight").asDouble() >= 180, id + " plot area at least 180 px high: " + c);
            assertFalse(c.get("overflow").asBoolean(), id + " stays within its card: " + c);
            assertTrue(c.get("legendHeight").asDouble() <= 0.3 * 340, id + " legend at most 30 % of the card: " + c);
            assertTrue(c.get("series").asInt() <= 6, id + " at most 6 series: " + c);
        }
        for (String id : List.of("chart-spectrum", "chart-throughput-latency", "chart-over-time")) {
            assertTrue(charts.get(id).get("logY").asBoolean(), id + " has a log latency axis");
        }
        for (String id : List.of("chart-over-time", "chart-flow")) {
            assertEquals(charts.get(id).get("dataXMax").asDouble(), charts.get(id).get("xMax").asDouble(), 1e-9, id + " time axis ends with the data");
        }
        JsonNode t = layout.get("table");
        assertEquals(report.steps().size() + 1, t.get("rows").asInt());
        assertTrue(t.get("maxVerdictHeight").asDouble() <= 30, "the verdict is a one-line badge: " + t);
        assertTrue(t.get("maxRowHeight").asDouble() <= 30, "every step is one line: " + t);
        assertTrue(t.get("height").asDouble() <= 30 * (report.steps().size() + 1), "a compact step table: " + t);
        assertTrue(layout.get("summaryTop").asDouble() < layout.get("firstChartTop").asDouble(), "the summary card comes first");
        String dom = r.dom();
        for (String figure : List.of("knee", "confidence", "max throughput (closed steps)", "p99 at the knee", "generator headroom")) {
            assertTrue(dom.contains("<span>" + figure + "</span>"), "summary card shows " + figure);
        }
    }

    static JsonNode layout(String dom) throws Exception {
        Matcher m = Pattern.compile("data-layout=\"([^\"]*)\"").matcher(dom);
        assertTrue(m.find(), "the page measured its layout");
        String json = m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return new ObjectMapper().readTree(json);
    }
}
