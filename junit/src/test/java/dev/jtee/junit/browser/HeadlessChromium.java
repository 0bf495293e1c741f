package dev.jtee.junit.browser;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A headless Chromium run as a real process, for tests that must see a page the way a browser
 * does: the DOM after its scripts ran, a PNG screenshot, and the console lines (uncaught script
 * errors among them). Immutable and thread-safe; every call starts its own browser process with a
 * throw-away profile and kills it at the timeout.
 *
 * <pre>{@code
 * HeadlessChromium chromium = HeadlessChromium.find().orElseThrow();
 * HeadlessChromium.Rendering r = chromium.render(file.toUri(), 1200, 900);
 * assertTrue(r.jsErrors().isEmpty(), r.console().toString());
 * assertFalse(r.isBlank());
 * }</pre>
 */
public final class HeadlessChromium {
    /** Environment variable naming the Chromium binary, checked before the PATH. */
    public static final String ENV = "JTEE_CHROMIUM";
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Chromium logs console messages as {@code ...:CONSOLE:7] "message", source: url (7)}. */
    private static final Pattern CONSOLE = Pattern.compile(":CONSOLE(?:\\(\\d+\\)|:\\d+)\\] \"(.*)\", source: (.*)$");

    private final Path binary;
    private final Duration timeout;
    private final Duration virtualTime;

    private HeadlessChromium(Path binary, Duration timeout, Duration virtualTime) {
        this.binary = binary;
        this.timeout = timeout;
        this.virtualTime = virtualTime;
    }

    /** Chromium from {@value #ENV}, else the first of chromium, chromium-browser, google-chrome on the PATH. */
    public static Optional<HeadlessChromium> find() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env.strip());
            return Files.isExecutable(p) ? Optional.of(at(p)) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return Optional.of(at(p));
                }
            }
        }
        return Optional.empty();
    }

    /** Chromium at {@code binary}, with a 60 s timeout per process and 5 s of virtual time for scripts. */
    public static HeadlessChromium at(Path binary) {
        return new HeadlessChromium(binary, DEFAULT_TIMEOUT, Duration.ofSeconds(5));
    }

    public Path binary() {
        return binary;
    }

    /** The same browser with another bound on each process's wall-clock run time. */
    public HeadlessChromium withTimeout(Duration timeout) {
        return new HeadlessChromium(binary, timeout, virtualTime);
    }

    /**
     * The same browser letting pages run timers and animations for {@code budget} of virtual time
     * before the DOM or screenshot is taken (Chromium's {@code --virtual-time-budget}).
     */
    public HeadlessChromium withVirtualTime(Duration budget) {
        return new HeadlessChromium(binary, timeout, budget);
    }

    /** The serialised DOM of {@code url} after its scripts ran, with the console lines. */
    public Page dumpDom(URI url) {
        Run run = run(List.of("--dump-dom", url.toString()));
        return new Page(run.stdout, run.console);
    }

    /** A PNG screenshot of {@code url} in a {@code width}×{@code height} window, with the console lines. */
    public Screenshot screenshot(URI url, int width, int height) {
        Path dir = tempDir("jtee-shot-");
        try {
            Path png = dir.resolve("screenshot.png");
            Run run = run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png, url.toString()));
            if (!Files.exists(png)) {
                throw new IllegalStateException("chromium wrote no screenshot; its output:\n" + run.stderr);
            }
            return new Screenshot(Files.readAllBytes(png), run.console);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    /** Both: the DOM and a screenshot (two browser runs), console lines of both. */
    public Rendering render(URI url, int width, int height) {
        Page page = dumpDom(url);
        Screenshot shot = screenshot(url, width, height);
        List<String> console = new ArrayList<>(page.console());
        console.addAll(shot.console());
        return new Rendering(page.dom(), shot.png(), List.copyOf(console));
    }

    /** The DOM after scripts ran and the console messages ({@code "message", source: url (line)}). */
    public record Page(String dom, List<String> console) {
        /** Console messages of uncaught script errors. */
        public List<String> jsErrors() {
            return errors(console);
        }
    }

    /** A PNG screenshot and the console messages of that run. */
    public record Screenshot(byte[] png, List<String> console) {
        public BufferedImage image() {
            return decode(png);
        }

        /** True when every pixel has the colour of the top-left one. */
        public boolean isBlank() {
            return HeadlessChromium.isBlank(image());
        }
    }

    /** {@link #dumpDom} and {@link #screenshot} of one page. */
    public record Rendering(String dom, byte[] png, List<String> console) {
        public BufferedImage image() {
            return decode(png);
        }

        public boolean isBlank() {
            return HeadlessChromium.isBlank(image());
        }

        /** Console messages of uncaught script errors. */
        public List<String> jsErrors() {
            return errors(console);
        }
    }

    private static List<String> errors(List<String> console) {
        return console.stream().filter(l -> l.contains("Uncaught") || l.contains("Error:") || l.contains("Error\"")).toList();
    }

    private static BufferedImage decode(byte[] png) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            if (img == null) {
                throw new IllegalStateException("not a PNG image (" + png.length + " bytes)");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isBlank(BufferedImage img) {
        int first = img.getRGB(0, 0);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRGB(x, y) != first) {
                    return false;
                }
            }
        }
        return true;
    }

    private record Run(String stdout, String stderr, List<String> console) { }

    private Run run(List<String> args) {
        Path profile = tempDir("jtee-chromium-");
        Path out = profile.resolve("stdout.txt");
        Path err = profile.resolve("stderr.txt");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--user-data-dir=" + profile.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=" + virtualTime.toMillis()));
        cmd.addAll(args);
        Process p = null;
        try {
            // files, not pipes: a chatty browser can never block on a full pipe
            p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("chromium did not finish within " + timeout + ": " + String.join(" ", cmd));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("chromium exited with " + p.exitValue() + ":\n" + stderr);
            }
            List<String> console = new ArrayList<>();
            for (String line : stderr.split("\n")) {
                Matcher m = CONSOLE.matcher(line);
                if (m.find()) {
                    console.add("\"" + m.group(1) + "\", source: " + m.group(2));
                }
            }
            return new Run(stdout, stderr, List.copyOf(console));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while chromium ran", e);
        } finally {
            if (p != null && p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            delete(profile);
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    @Override
    public String toString() {
        return "HeadlessChromium[" + binary + "]";
    }
}
