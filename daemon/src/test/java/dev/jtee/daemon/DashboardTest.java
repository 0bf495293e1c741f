package dev.jtee.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.examples.xtest.OsTestTa;
import dev.jtee.junit.browser.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics and the live dashboard, the latter in a real headless Chromium while load runs. */
class DashboardTest {
    @TempDir
    Path dir;

    @Test
    void dashboardRendersChartsThatMoveWhileLoadRuns() {
        HeadlessChromium chromium = HeadlessChromium.find()
                .orElseThrow(() -> new AssertionError("the dashboard test needs Chromium (set " + HeadlessChromium.ENV + " or put chromium on the PATH)"))
                .withVirtualTime(Duration.ofSeconds(4));
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (SecureWorld world = SecureWorld.builder().threads(4).console(line -> { }).build();
                 Daemon daemon = Daemon.builder().socket(dir.resolve("d.sock")).world(world).http("127.0.0.1:0").start();
                 Tee tee = Tee.connect(daemon.address()); Context ctx = tee.newContext()) {
                URI base = URI.create("http://127.0.0.1:" + daemon.httpAddress().getPort() + "/");
                // a panic for the dump panel
                try (Session s = ctx.openSession(TeeUuid.parse(OsTestTa.UUID))) {
                    TeeException e = assertThrows(TeeException.class, () -> s.invoke(OsTestTa.CMD_PANIC, null));
                    assertEquals(TeeResult.TARGET_DEAD, e.result());
                }
                AtomicBoolean stop = new AtomicBoolean();
                Thread load = Thread.ofPlatform().start(() -> {
                    try (Session s = ctx.openSession(TeeUuid.parse(HelloWorldTa.UUID))) {
                        Operation op = Operation.create();
                        while (!stop.get()) {
                            s.invoke(HelloWorldTa.CMD_INC_VALUE, op.value(0, ParamType.VALUE_INOUT, 1, 0));
                        }
                    }
                });
                try {
                    HeadlessChromium.Page first = chromium.dumpDom(base);
                    HeadlessChromium.Page second = chromium.dumpDom(base);
                    for (HeadlessChromium.Page p : new HeadlessChromium.Page[] {first, second}) {
                        assertTrue(p.jsErrors().isEmpty(), p.console().toString());
                        assertEquals("6", attribute(p.dom(), "data-charts"), "six charts were created");
                        assertTrue(Integer.parseInt(attribute(p.dom(), "data-samples")) >= 2, "the page updated itself");
                        assertTrue(p.dom().contains("TA panicked with code 0x0000beef"), () -> "the panic and its dump are listed: "
                                + p.dom().substring(Math.max(0, p.dom().indexOf("Last panics") - 10)));
                        assertTrue(p.dom().contains("<div id=\"status\">live · updated"), "the last refresh reached the daemon");
                    }
                    double calls1 = Double.parseDouble(attribute(first.dom(), "data-calls"));
                    double calls2 = Double.parseDouble(attribute(second.dom(), "data-calls"));
                    assertTrue(calls1 > 0);
                    assertNotEquals(calls1, calls2, "values change while load runs");
                    assertTrue(calls2 > calls1);
                    HeadlessChromium.Screenshot shot = chromium.screenshot(base, 1400, 1000);
                    assertFalse(shot.isBlank(), "the charts drew something");
                    Path shots = Path.of("target", "screenshots");
                    java.nio.file.Files.createDirectories(shots);
                    java.nio.file.Files.write(shots.resolve("dashboard.png"), shot.png());
                    assertReadsAtAGlance(second.dom());
                } finally {
                    stop.set(true);
                    load.join(10_000);
                }
            }
        });
    }

    @Test
    void metricsAreServedInPrometheusFormat() throws Exception {
        try (SecureWorld world = SecureWorld.builder().threads(2).console(line -> { }).build();
             Daemon daemon = Daemon.builder().socket(dir.resolve("m.sock")).world(world).http("127.0.0.1:0").start();
             Tee tee = Tee.connect(daemon.address()); Session s = tee.newContext().openSession(TeeUuid.parse(HelloWorldTa.UUID))) {
            s.invoke(HelloWorldTa.CMD_INC_VALUE, Operation.create().value(0, ParamType.VALUE_INOUT, 1, 0));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + daemon.httpAddress().getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            String m = r.body();
            for (String name : new String[] {"jtee_invocations_total", "jtee_invoke_latency_seconds{ta=\"hello_world\",quantile=\"0.99\"}",
                    "jtee_flow_inflight{limiter=\"daemon\"}", "jtee_flow_queue_depth", "jtee_secure_threads_busy", "jtee_secure_ram_used_bytes",
                    "jtee_ta_heap_used_bytes{ta=\"hello_world\"}", "jtee_ta_heap_fragmentation", "jtee_daemon_connections 1.0", "jtee_sessions 1.0"}) {
                assertTrue(m.contains(name), name + " in\n" + m);
            }
        }
    }

    /** Layout, not only presence: what the page measured of itself (body data-layout). */
    private static void assertReadsAtAGlance(String dom) throws Exception {
        String json = attribute(dom, "data-layout").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        com.fasterxml.jackson.databind.JsonNode layout = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals(6, layout.size(), json);
        layout.fields().forEachRemaining(e -> {
            String id = e.getKey();
            com.fasterxml.jackson.databind.JsonNode c = e.getValue();
            assertFalse(c.get("overflow").asBoolean(), id + " stays within its card: " + c);
            assertTrue(c.get("plotHeight").asDouble() >= 120, id + " plot area at least 120 px: " + c);
            assertTrue(c.get("legendHeight").asDouble() <= 64, id + " legend at most three rows: " + c);
            assertEquals(0, c.get("xLabelRotation").asDouble(), 1e-9, id + " time labels are not rotated: " + c);
            assertTrue(c.get("xAxisHeight").asDouble() <= 0.2 * c.get("canvasHeight").asDouble(), id + " x axis takes little room: " + c);
            assertTrue(c.get("yTitle").asBoolean(), id + " y axis has a title");
            if (!id.equals("chart-heaps")) {
                assertEquals(c.get("withData").asInt(), c.get("legendItems").asInt(), id + " legend lists only series with data: " + c);
                String last = c.get("xTicks").get(c.get("xTicks").size() - 1).asText();
                assertEquals("0 s", last, id + " time runs up to now: " + c);
            }
        });
        assertTrue(layout.get("chart-latency").get("logY").asBoolean(), "latency on a log axis");
        assertEquals(0, layout.get("chart-rejections").get("legendItems").asInt(), "no rejections, no legend items");
    }

    private static String attribute(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
        assertTrue(m.find(), name + " not in the DOM");
        return m.group(1);
    }
}
