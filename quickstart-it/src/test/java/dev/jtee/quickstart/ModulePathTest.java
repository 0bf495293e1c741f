package dev.jtee.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jtee on the module path: the built jars' module descriptors export to users only the packages
 * meant for them, and a user's own module (a TA registered with {@code provides}, a program that
 * opens a context) runs in a real {@code java --module-path … -m} process with no
 * {@code --add-opens} or {@code --add-exports}. The rest of the suite runs on the class path.
 */
class ModulePathTest {
    /**
     * The packages each jtee module exports to every module. A new entry is a decision: the
     * package becomes API users can compile against. Everything else is exported only to the
     * jtee modules that use it (checked below) or not at all.
     */
    private static final Map<String, Set<String>> USER_PACKAGES = Map.ofEntries(
            Map.entry("dev.jtee.api", Set.of("dev.jtee.api")),
            Map.entry("dev.jtee.ta", Set.of("dev.jtee.ta")),
            Map.entry("dev.jtee.flow", Set.of("dev.jtee.flow")),
            Map.entry("dev.jtee.client", Set.of("dev.jtee.client")),
            Map.entry("dev.jtee.junit", Set.of("dev.jtee.junit")),
            Map.entry("dev.jtee.stress", Set.of("dev.jtee.stress")),
            Map.entry("dev.jtee.storage", Set.of()),
            Map.entry("dev.jtee.wire", Set.of()),
            Map.entry("dev.jtee.core", Set.of()),
            Map.entry("dev.jtee.daemon", Set.of()),
            Map.entry("dev.jtee.examples", Set.of()),
            Map.entry("dev.jtee.cli", Set.of()),
            Map.entry("dev.jtee.libteec", Set.of()));

    @Test
    void eachModuleExportsToUsersOnlyItsUserPackages() {
        Map<String, ModuleDescriptor> jtee = jteeModules();
        assertEquals(new TreeSet<>(USER_PACKAGES.keySet()), new TreeSet<>(jtee.keySet()), "jtee's named modules");
        Map<String, Set<String>> actual = new TreeMap<>();
        for (ModuleDescriptor d : jtee.values()) {
            actual.put(d.name(), d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        USER_PACKAGES.forEach((m, p) -> expected.put(m, new TreeSet<>(p)));
        assertEquals(expected, actual, "unqualified exports per module");
    }

    @Test
    void internalPackagesAreExportedOnlyToJteeModulesAndNothingIsOpenToAll() {
        Map<String, ModuleDescriptor> jtee = jteeModules();
        for (ModuleDescriptor d : jtee.values()) {
            assertTrue(!d.isOpen() && !d.isAutomatic(), d.name() + " is an open or automatic module");
            for (ModuleDescriptor.Exports e : d.exports()) {
                // a typo in a target would silently export to nobody (javac only warns)
                e.targets().forEach(t -> assertTrue(jtee.containsKey(t), d.name() + " exports " + e.source() + " to unknown module " + t));
            }
            for (ModuleDescriptor.Opens o : d.opens()) {
                assertTrue(o.isQualified(), d.name() + " opens " + o.source() + " to every module");
            }
        }
        // what each qualified export is for: a user module must not reach these
        assertEquals(Set.of("dev.jtee.cli"), targets(jtee, "dev.jtee.daemon", "dev.jtee.daemon"));
        assertEquals(Set.of("dev.jtee.daemon"), targets(jtee, "dev.jtee.wire", "dev.jtee.wire"));
        assertEquals(Set.of("dev.jtee.core"), targets(jtee, "dev.jtee.storage", "dev.jtee.storage"));
        assertEquals(Set.of("dev.jtee.daemon", "dev.jtee.junit", "dev.jtee.cli"), targets(jtee, "dev.jtee.core", "dev.jtee.core"));
    }

    @Test
    void theModulesDeclareTheServicesTheClassPathRegisters() throws IOException {
        Map<String, ModuleDescriptor> jtee = jteeModules();
        assertEquals(servicesFile("dev.jtee.examples", "dev.jtee.ta.TrustedApplication"),
                provided(jtee.get("dev.jtee.examples"), "dev.jtee.ta.TrustedApplication"),
                "examples' provides clause and its META-INF/services file list the same TAs");
        assertEquals(servicesFile("dev.jtee.core", "dev.jtee.api.spi.SecureWorldProvider"),
                provided(jtee.get("dev.jtee.core"), "dev.jtee.api.spi.SecureWorldProvider"));
        assertEquals(servicesFile("dev.jtee.wire", "dev.jtee.api.spi.TeeConnector"),
                provided(jtee.get("dev.jtee.wire"), "dev.jtee.api.spi.TeeConnector"));
        assertEquals(servicesFile("dev.jtee.libteec", "dev.jtee.api.spi.TeeConnector"),
                provided(jtee.get("dev.jtee.libteec"), "dev.jtee.api.spi.TeeConnector"));
        // ServiceLoader.load in a named module needs these
        assertTrue(jtee.get("dev.jtee.core").uses().contains("dev.jtee.ta.TrustedApplication"));
        assertTrue(jtee.get("dev.jtee.cli").uses().contains("dev.jtee.ta.TrustedApplication"));
        assertTrue(jtee.get("dev.jtee.client").uses().containsAll(Set.of("dev.jtee.api.spi.SecureWorldProvider", "dev.jtee.api.spi.TeeConnector")));
        assertTrue(jtee.get("dev.jtee.junit").uses().contains("dev.jtee.junit.WorldTransport"));
        // picocli sets the commands' fields, JUnit creates the extension
        assertTrue(opensTo(jtee.get("dev.jtee.cli"), "dev.jtee.cli", "info.picocli"));
        assertTrue(opensTo(jtee.get("dev.jtee.junit"), "dev.jtee.junit", "org.junit.platform.commons"));
    }

    @Test
    void aUserModuleInvokesItsOwnTaRegisteredWithProvides(@TempDir Path dir) throws Exception {
        String modulePath = modulePath("jtee-junit-", "jtee-cli-"); // they need JUnit, picocli: not a program's dependencies
        Path src = dir.resolve("src/com.example.modular");
        write(src.resolve("module-info.java"), """
                module com.example.modular {
                    requires dev.jtee.client;
                    requires dev.jtee.ta;
                    provides dev.jtee.ta.TrustedApplication with com.example.modular.AdderTa;
                }
                """);
        // public but in a package the module does not export: the world finds it through provides alone
        write(src.resolve("com/example/modular/AdderTa.java"), adderTa("com.example.modular", "public ", "00000000000a"));
        write(src.resolve("com/example/modular/Main.java"), """
                package com.example.modular;

                import dev.jtee.api.ParamType;
                import dev.jtee.api.TeeUuid;
                import dev.jtee.client.Context;
                import dev.jtee.client.Operation;
                import dev.jtee.client.Session;
                import dev.jtee.client.Tee;

                public final class Main {
                    public static void main(String[] args) {
                        Module me = Main.class.getModule();
                        Module core = ModuleLayer.boot().findModule("dev.jtee.core").orElseThrow();
                        System.out.println("named " + me.isNamed() + " core-bound " + core.isNamed()
                                + " core-exported " + core.isExported("dev.jtee.core", me));
                        // the builder creates TA classes reflectively: a closed package is refused with the fix
                        try (Tee tee = Tee.builder().ta(AdderTa.class).classpathTas(false).build()) {
                            System.out.println("built");
                        } catch (RuntimeException e) {
                            for (Throwable t = e; t != null; t = t.getCause()) {
                                System.out.println("refused: " + t.getMessage());
                            }
                        }
                        try (Context ctx = Context.open();
                             Session s = ctx.openSession(TeeUuid.parse(AdderTa.UUID))) {
                            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 40, 2);
                            s.invoke(0, op);
                            System.out.println("result " + op.valueA(0));
                        }
                    }
                }
                """);
        Path classes = compile(src, dir.resolve("classes"), modulePath);
        Run run = java(dir, List.of("--module-path", classes + File.pathSeparator + modulePath,
                "-m", "com.example.modular/com.example.modular.Main"));
        String out = run.output();
        assertEquals(0, run.exit(), () -> "the user module's run failed:\n" + out);
        // the embedded world (dev.jtee.core) was bound as a SecureWorldProvider, not required, and
        // its packages stay closed to the user's module
        assertTrue(out.contains("named true core-bound true core-exported false"), out);
        assertTrue(out.contains("refused: taClasses: com.example.modular.AdderTa cannot be created: module com.example.modular"
                + " does not export com.example.modular to dev.jtee.core; add 'opens com.example.modular to dev.jtee.core;'"), out);
        assertTrue(out.contains("result 42"), out);
    }

    /**
     * The CLI as a module: picocli reaches the commands' fields (opens), ServiceLoader finds the
     * example TAs (uses), and {@code ta profile}'s stack-metered copy of a TA calls into core from
     * its own loader (an export added at run time).
     */
    @Test
    void theCliRunsOnTheModulePath(@TempDir Path dir) throws Exception {
        List<String> jtee = List.of("--module-path", modulePath("jtee-junit-"), "-m", "dev.jtee.cli/dev.jtee.cli.Main");
        Run version = java(dir, concat(jtee, "--version"));
        assertEquals(0, version.exit(), version::output);
        assertTrue(version.output().startsWith("jtee 0."), version::output); // the module's version, not "dev"
        Run help = java(dir, concat(jtee, "invoke", "--help"));
        assertEquals(0, help.exit(), help::output);
        assertTrue(help.output().contains("Usage: jtee invoke"), help::output);
        Run list = java(dir, concat(jtee, "ta", "list"));
        assertEquals(0, list.exit(), list::output);
        assertTrue(list.output().contains("hello_world"), list::output);
        Run invoke = java(dir, concat(jtee, "invoke", "hello_world", "0", "--value", "41"));
        assertEquals(0, invoke.exit(), invoke::output);
        assertTrue(invoke.output().contains("a=42"), invoke::output);
        Run profile = java(dir, concat(jtee, "ta", "profile", "hello_world", "--command", "0", "--value", "1"));
        assertEquals(0, profile.exit(), profile::output);
        // Jackson writes the summary from the report's records, the page embeds Chart.js from its WebJar
        Run stress = java(dir, concat(jtee, "stress", "hello_world", "0", "--value", "1", "--rate", "100", "--duration", "1s",
                "--report", dir.resolve("report").toString(), "--json"));
        assertEquals(0, stress.exit(), stress::output);
        assertTrue(stress.output().contains("\"steps\""), stress::output);
        assertTrue(Files.readString(dir.resolve("report/report.html")).contains("Chart"), "the report has no Chart.js");
    }

    /**
     * {@code jtee serve} as a module, with no {@code --add-opens} or {@code --add-exports}: a client
     * module reaches it through the {@code unix:} connector (provided by dev.jtee.wire), and the
     * HTTP endpoints serve the dashboard page (a resource of the daemon's own package) and
     * Chart.js (from its WebJar).
     */
    @Test
    void theDaemonServesOnTheModulePath(@TempDir Path dir) throws Exception {
        String modulePath = modulePath("jtee-junit-");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path socket = dir.resolve("jtee.sock");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "-m", "dev.jtee.cli/dev.jtee.cli.Main",
                "serve", "--socket", socket.toString(), "--http", "127.0.0.1:" + port));
        Path log = dir.resolve("serve.log");
        Process serve = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + port);
            HttpResponse<String> health = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (serve.isAlive() && System.nanoTime() < deadline) {
                try {
                    health = http.send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        break;
                    }
                    serve.waitFor(200, TimeUnit.MILLISECONDS);
                } catch (IOException notYet) {
                    serve.waitFor(200, TimeUnit.MILLISECONDS); // polls a process that is starting, not a timing assumption
                }
            }
            HttpResponse<String> first = health;
            assertTrue(first != null && first.statusCode() == 200, () -> "the daemon did not come up:\n" + readQuietly(log));
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<html"), page.body());
            HttpResponse<String> chart = http.send(HttpRequest.newBuilder(base.resolve("/chart.js")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, chart.statusCode());
            assertTrue(chart.body().contains("Chart"), "not Chart.js");

            Run invoke = java(dir, List.of("--module-path", modulePath, "-m", "dev.jtee.cli/dev.jtee.cli.Main",
                    "invoke", "hello_world", "0", "--value", "41", "--tee", "unix:" + socket));
            assertEquals(0, invoke.exit(), invoke::output);
            assertTrue(invoke.output().contains("a=42"), invoke::output);
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly().waitFor();
            }
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /**
     * A user's test module: {@code @JteeTest(tas = …)} on a test class whose package is opened to
     * JUnit and to the extension (as JUnit on the module path asks), run by the JUnit launcher in
     * a {@code java -m} process; the extension creates the TA, injects a context into a field and
     * a parameter, and the TA's result comes back. Where a package is opened to JUnit only, the
     * failure says which {@code opens} the extension needs.
     */
    @Test
    void aUserTestModuleRunsAJteeTest(@TempDir Path dir) throws Exception {
        String modulePath = modulePath(true, "jtee-cli-");
        Path src = dir.resolve("src/com.example.tested");
        write(src.resolve("module-info.java"), """
                module com.example.tested {
                    requires dev.jtee.junit;
                    requires org.junit.platform.launcher;
                    opens com.example.tested to org.junit.platform.commons, dev.jtee.junit;
                    opens com.example.tested.closed to org.junit.platform.commons;
                    opens com.example.tested.fieldclosed to org.junit.platform.commons;
                }
                """);
        // packages not opened to the extension: the TA it must create, the field it must set
        write(src.resolve("com/example/tested/closed/AdderTa.java"), adderTa("com.example.tested.closed", "", "00000000000c"));
        write(src.resolve("com/example/tested/closed/ClosedTaTest.java"), """
                package com.example.tested.closed;

                import dev.jtee.client.Context;
                import dev.jtee.junit.JteeTest;
                import org.junit.jupiter.api.Test;

                @JteeTest(tas = AdderTa.class, classpathTas = false)
                class ClosedTaTest {
                    @Test
                    void needsTheTa(Context ctx) {
                    }
                }
                """);
        write(src.resolve("com/example/tested/fieldclosed/ClosedFieldTest.java"), """
                package com.example.tested.fieldclosed;

                import dev.jtee.client.Context;
                import dev.jtee.junit.JteeTest;
                import org.junit.jupiter.api.Test;

                @JteeTest(classpathTas = false)
                class ClosedFieldTest {
                    Context ctx;

                    @Test
                    void needsTheField() {
                    }
                }
                """);
        write(src.resolve("com/example/tested/AdderTa.java"), adderTa("com.example.tested", "", "00000000000b"));
        write(src.resolve("com/example/tested/AdderTest.java"), """
                package com.example.tested;

                import static org.junit.jupiter.api.Assertions.assertEquals;
                import static org.junit.jupiter.api.Assertions.assertNotNull;

                import dev.jtee.api.ParamType;
                import dev.jtee.api.TeeUuid;
                import dev.jtee.client.Context;
                import dev.jtee.client.Operation;
                import dev.jtee.client.Session;
                import dev.jtee.junit.JteeTest;
                import org.junit.jupiter.api.Test;

                @JteeTest(tas = AdderTa.class, classpathTas = false)
                class AdderTest {
                    Context injected;

                    @Test
                    void adds(Context ctx) {
                        try (Session s = ctx.openSession(TeeUuid.parse(AdderTa.UUID))) {
                            assertEquals(42, s.invoke(0, Operation.create().value(0, ParamType.VALUE_INOUT, 40, 2)).valueA(0));
                        }
                    }

                    @Test
                    void theFieldIsInjected() {
                        assertNotNull(injected);
                    }
                }
                """);
        write(src.resolve("com/example/tested/RunTests.java"), """
                package com.example.tested;

                import java.io.PrintWriter;
                import org.junit.platform.engine.discovery.DiscoverySelectors;
                import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
                import org.junit.platform.launcher.core.LauncherFactory;
                import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
                import org.junit.platform.launcher.listeners.TestExecutionSummary;

                public final class RunTests {
                    public static void main(String[] args) {
                        SummaryGeneratingListener listener = new SummaryGeneratingListener();
                        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                                .selectors(DiscoverySelectors.selectClass("com.example.tested.AdderTest"),
                                        DiscoverySelectors.selectClass("com.example.tested.closed.ClosedTaTest"),
                                        DiscoverySelectors.selectClass("com.example.tested.fieldclosed.ClosedFieldTest")).build(), listener);
                        TestExecutionSummary sum = listener.getSummary();
                        PrintWriter out = new PrintWriter(System.out, true);
                        sum.printFailuresTo(out, 30);
                        out.println("succeeded " + sum.getTestsSucceededCount() + ", failed " + sum.getTotalFailureCount());
                    }
                }
                """);
        Path classes = compile(src, dir.resolve("classes"), modulePath);
        Run run = java(dir, List.of("--module-path", classes + File.pathSeparator + modulePath,
                "-m", "com.example.tested/com.example.tested.RunTests"));
        assertEquals(0, run.exit(), run::output);
        assertTrue(run.output().contains("succeeded 2, failed 2"), run::output);
        assertTrue(run.output().contains("@JteeTest(tas = AdderTa.class) on com.example.tested.closed.ClosedTaTest: module com.example.tested"
                + " does not open com.example.tested.closed to dev.jtee.junit; add 'opens com.example.tested.closed to dev.jtee.junit;'"), run::output);
        assertTrue(run.output().contains("cannot set ClosedFieldTest.ctx: module com.example.tested does not open"
                + " com.example.tested.fieldclosed to dev.jtee.junit"), run::output);
    }

    /** The source of a TA whose command 0 adds p0.b to p0.a of a VALUE_INOUT parameter. */
    private static String adderTa(String pkg, String modifier, String uuidNode) {
        return """
                package %s;

                import dev.jtee.api.ParamType;
                import dev.jtee.api.TeeResult;
                import dev.jtee.ta.Params;
                import dev.jtee.ta.TaManifest;
                import dev.jtee.ta.TaSession;
                import dev.jtee.ta.TrustedApplication;

                %sfinal class AdderTa implements TrustedApplication {
                    static final String UUID = "c0de0000-1234-4abc-8def-%s";

                    @Override
                    public TaManifest manifest() {
                        return TaManifest.builder(UUID, "adder").build();
                    }

                    @Override
                    public TeeResult invokeCommand(TaSession session, int command, Params params) {
                        if (command != 0 || !params.are(ParamType.VALUE_INOUT, ParamType.NONE, ParamType.NONE, ParamType.NONE)) {
                            return TeeResult.BAD_PARAMETERS;
                        }
                        params.value(0).a(params.value(0).a() + params.value(0).b());
                        return TeeResult.SUCCESS;
                    }
                }
                """.formatted(pkg, modifier, uuidNode);
    }

    /** javac of the module in {@code src} into {@code classes}. */
    private static Path compile(Path src, Path classes, String modulePath) throws IOException {
        List<String> args = new ArrayList<>(List.of("--module-path", modulePath, "-d", classes.toString()));
        try (var files = Files.walk(src)) {
            files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(args::add);
        }
        StringWriter out = new StringWriter();
        int javac = ToolProvider.findFirst("javac").orElseThrow().run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
        assertEquals(0, javac, () -> "javac of " + src.getFileName() + " failed:\n" + out + "\nmodule path: " + modulePath);
        return classes;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> l = new ArrayList<>(head);
        l.addAll(List.of(tail));
        return l;
    }

    // ---- the built jars

    /** The entries of this test's class path (Surefire puts the reactor's jtee jars there). */
    private static List<Path> classPath() {
        String cp = System.getProperty("java.class.path");
        return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of).filter(Files::exists).toList();
    }

    /** Every dev.jtee module on the class path, read as the module path would. */
    private static Map<String, ModuleDescriptor> jteeModules() {
        Map<String, ModuleDescriptor> m = new TreeMap<>();
        for (Path entry : classPath()) {
            if (isJtee(entry)) {
                ModuleFinder.of(entry).findAll().forEach(r -> m.put(r.descriptor().name(), r.descriptor()));
            }
        }
        return m;
    }

    /** A jtee artifact: jtee-*.jar, or a reactor module's target/classes. */
    private static boolean isJtee(Path entry) {
        String name = entry.getFileName().toString();
        if (name.startsWith("jtee-") && name.endsWith(".jar")) {
            return !name.startsWith("jtee-quickstart");
        }
        return name.equals("classes") && entry.getParent() != null && entry.getParent().getFileName().toString().equals("target")
                && !entry.getParent().getParent().getFileName().toString().equals("quickstart-it");
    }

    /**
     * What a user's module path holds: the jtee jars and their dependencies, without this test's
     * own (JUnit, Surefire), without test classes and without the jars named by {@code leaveOut}.
     */
    private static String modulePath(String... leaveOut) {
        return modulePath(false, leaveOut);
    }

    private static String modulePath(boolean withJUnit, String... leaveOut) {
        List<String> entries = new ArrayList<>();
        for (Path entry : classPath()) {
            String s = entry.toString().replace(File.separatorChar, '/');
            String name = entry.getFileName().toString();
            boolean junit = s.contains("/org/junit/") || s.contains("/org/opentest4j/") || s.contains("/org/apiguardian/");
            if (name.equals("test-classes") || (junit && !withJUnit) || name.contains("surefire") || name.startsWith("jtee-quickstart")
                    || s.endsWith("/quickstart-it/target/classes") || Arrays.stream(leaveOut).anyMatch(name::startsWith)) {
                continue;
            }
            entries.add(entry.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Runs {@code java args} in {@code dir}; its exit code and output. */
    private static Run java(Path dir, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("JTEE_") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        Path log = Files.createTempFile(dir, "java", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return new Run(-1, Files.readString(log) + "\n(timed out)");
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    record Run(int exit, String output) {
    }

    private static Set<String> targets(Map<String, ModuleDescriptor> jtee, String module, String pkg) {
        return jtee.get(module).exports().stream().filter(e -> e.source().equals(pkg)).findFirst().orElseThrow().targets();
    }

    private static boolean opensTo(ModuleDescriptor d, String pkg, String target) {
        return d.opens().stream().anyMatch(o -> o.source().equals(pkg) && o.targets().contains(target));
    }

    private static Set<String> provided(ModuleDescriptor d, String service) {
        return d.provides().stream().filter(p -> p.service().equals(service)).findFirst()
                .map(p -> (Set<String>) new TreeSet<>(p.providers())).orElse(Set.of());
    }

    /** The class names a module's jar lists in META-INF/services/{@code service}. */
    private static Set<String> servicesFile(String module, String service) throws IOException {
        for (Path entry : classPath()) {
            if (!isJtee(entry)) {
                continue;
            }
            for (ModuleReference r : ModuleFinder.of(entry).findAll()) {
                if (!r.descriptor().name().equals(module)) {
                    continue;
                }
                try (ModuleReader reader = r.open()) {
                    var in = reader.open("META-INF/services/" + service);
                    if (in.isEmpty()) {
                        return Set.of();
                    }
                    try (InputStream s = in.get()) {
                        return new String(s.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
                    }
                }
            }
        }
        throw new AssertionError("module " + module + " not on the class path");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
