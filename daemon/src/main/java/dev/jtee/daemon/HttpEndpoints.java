package dev.jtee.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The daemon's HTTP side on the JDK's server: {@code /metrics} (Prometheus text), {@code /} (the
 * live dashboard page), {@code /chart.js} (Chart.js from its WebJar, so the page needs no CDN) and
 * {@code /panics} (the last panics with their dumps, as text) and {@code /health} (200 "accepting"
 * while the daemon accepts connections, else 503). Read-only; GET only.
 */
final class HttpEndpoints {
    private static final String CHART_JS_POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final byte[] page;
    private final byte[] chartJs;

    HttpEndpoints(Daemon daemon, InetSocketAddress address) throws IOException {
        this.page = resource("dev/jtee/daemon/dashboard.html");
        this.chartJs = resource(chartJsPath());
        this.server = HttpServer.create(address, 64);
        server.setExecutor(executor);
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                daemon.scrape().getBytes(StandardCharsets.UTF_8)));
        server.createContext("/health", ex -> {
            boolean ok = daemon.accepting();
            respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8",
                    (ok ? "accepting\n" : "not accepting\n").getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/chart.js", ex -> respond(ex, 200, "text/javascript; charset=utf-8", chartJs));
        server.createContext("/panics", ex -> respond(ex, 200, "text/plain; charset=utf-8",
                panics(daemon).getBytes(StandardCharsets.UTF_8)));
        server.createContext("/", ex -> {
            if (ex.getRequestURI().getPath().equals("/")) {
                respond(ex, 200, "text/html; charset=utf-8", page);
            } else {
                respond(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** One block per panic, newest first: a header line, then the dump as the console printed it. */
    private static String panics(Daemon daemon) {
        StringBuilder sb = new StringBuilder();
        for (DaemonMetrics.Panic p : daemon.metrics.panics()) {
            sb.append("=== ").append(Instant.ofEpochMilli(p.epochMillis())).append(' ').append(p.ta()).append(' ')
                    .append(p.uuid()).append(" code 0x").append(Integer.toHexString(p.code())).append('\n');
            for (String line : p.lines()) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static String chartJsPath() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = HttpEndpoints.class.getClassLoader().getResourceAsStream(CHART_JS_POM)) {
            if (in == null) {
                throw new IOException("the chart.js WebJar is not on the class path (" + CHART_JS_POM + ")");
            }
            pom.load(in);
        }
        return "META-INF/resources/webjars/chart.js/" + pom.getProperty("version") + "/dist/chart.umd.js";
    }

    private static byte[] resource(String path) throws IOException {
        // the page through this class: a named module's packages are closed to ClassLoader lookups
        // (the WebJar's META-INF is not a package, so the loader finds it on either path)
        try (InputStream in = path.startsWith("META-INF/") ? HttpEndpoints.class.getClassLoader().getResourceAsStream(path)
                : HttpEndpoints.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IOException("missing resource " + path);
            }
            return in.readAllBytes();
        }
    }
}
