package dev.jtee.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * What a failing {@link JteeTest} says, without {@code console = true}: a TA's crash shows its
 * panic and its Java exception, a TA missing from the world is named by UUID with where TAs are
 * looked up. The classes below fail on purpose; they are run here through the JUnit launcher
 * (Surefire skips nested classes).
 */
class FailureReportTest {

    @JteeTest(tas = CrashTa.class)
    static class ACrashingTa {
        @Test
        void crashes(Context ctx) {
            try (Session s = ctx.openSession(TeeUuid.parse(CrashTa.UUID))) {
                s.invoke(7, Operation.create());
            }
        }
    }

    @JteeTest
    static class AMissingTa {
        @Test
        void opensATaNobodyRegistered(Context ctx) {
            ctx.openSession(TeeUuid.parse(CrashTa.UUID)).close(); // CrashTa is not in META-INF/services
        }
    }

    @JteeTest(tas = {CrashTa.class, EchoTa.class}, classpathTas = false)
    static class OnlyTheGivenTas {
        @Test
        void holdsThem(dev.jtee.core.SecureWorld world) {
            assertEquals(List.of("crash", "echo"), world.tas().stream().map(m -> m.name()).sorted().toList());
        }
    }

    /** Runs {@code testClass} and returns its failures, each as its printed stack trace. */
    private static List<String> failures(Class<?> testClass) {
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> passed = new CopyOnWriteArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClass(testClass)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (!id.isTest()) {
                            result.getThrowable().ifPresent(t -> out.add("container: " + trace(t)));
                            return;
                        }
                        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                            passed.add(id.getDisplayName());
                        }
                        result.getThrowable().ifPresent(t -> out.add(trace(t)));
                    }
                });
        return out;
    }

    private static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void aTaCrashShowsItsPanicAndItsExceptionWithoutConsoleTrue() {
        List<String> f = failures(ACrashingTa.class);
        assertEquals(1, f.size(), f::toString);
        String report = f.getFirst();
        assertTrue(report.startsWith("dev.jtee.api.TeeException: " + TeeResult.TARGET_DEAD), report);
        assertTrue(report.contains("the secure world's console during this test:"), report);
        assertTrue(report.contains("the TA's own bug: index 7 out of range"), report);
        assertTrue(report.contains("TA panicked"), report);
    }

    @Test
    void aMissingTaIsNamedWithWhereTasAreLookedUp() {
        List<String> f = failures(AMissingTa.class);
        assertEquals(1, f.size(), f::toString);
        String report = f.getFirst();
        assertTrue(report.startsWith("dev.jtee.api.TeeException: " + TeeResult.ITEM_NOT_FOUND), report);
        assertTrue(report.contains("SecureWorldConsole: no TA with UUID " + CrashTa.UUID + " in this world\n"), report);
        assertTrue(report.contains("@JteeTest(tas = {MyTa.class, ...})"), report);
        assertTrue(report.contains("META-INF/services/dev.jtee.ta.TrustedApplication"), report);
        assertTrue(report.contains("this world has: echo (" + EchoTa.UUID + ")"), report);
    }

    @Test
    void tasCanBeGivenAsClasses() {
        assertEquals(List.of(), failures(OnlyTheGivenTas.class));
    }
}
