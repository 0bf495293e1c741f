package dev.jtee.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Use jtee in your build", done as a new user does it, from a scratch directory:
 * a copy of this checkout installed with the README's one command, then the quick-start project's
 * {@code mvn test}. The scratch Maven repository takes everything installed or downloaded; the
 * user's {@code ~/.m2/repository} is only read (Maven's {@code maven.repo.local.tail}), so the
 * test neither needs nor leaves jtee there.
 */
class QuickstartTest {
    private static final long TIMEOUT_MINUTES = 8;

    @Test
    void theQuickstartProjectPassesItsTestsAgainstAnInstalledJtee(@TempDir Path scratch) throws Exception {
        Path checkout = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(checkout.resolve("mvnw")), "not in the jtee checkout: " + checkout);
        Path jtee = scratch.resolve("jtee");
        copy(checkout, jtee);
        Path repo = scratch.resolve("repository");
        Path ownRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");

        // the README: ./mvnw install -DskipTests
        Result install = maven(jtee, jtee, repo, ownRepo, "install", "-DskipTests");
        assertEquals(0, install.exit(), () -> "install failed:\n" + install.tail());
        assertTrue(Files.isDirectory(repo.resolve("dev/jtee/jtee-bom/0.1.0-SNAPSHOT")), "no BOM installed");

        // the README: copy examples/quickstart, then mvn test in it
        Path app = scratch.resolve("my-ta");
        copy(jtee.resolve("examples/quickstart"), app);
        Result test = maven(jtee, app, repo, ownRepo, "test");
        assertEquals(0, test.exit(), () -> "the quick-start project's mvn test failed:\n" + test.tail());
        assertTrue(test.output().contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0"), test::tail);
        assertFalse(Files.exists(ownRepo.resolve("dev/jtee/jtee-quickstart")), "wrote into ~/.m2");
    }

    record Result(int exit, String output) {
        String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    /** Runs the checkout's Maven wrapper in {@code dir} against the scratch repository. */
    private static Result maven(Path jtee, Path dir, Path repo, Path ownRepo, String... goals) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(jtee.resolve("mvnw").toString(), "-B", "--no-transfer-progress",
                "-Dmaven.repo.local=" + repo, "-Dmaven.repo.local.tail=" + ownRepo));
        cmd.addAll(List.of(goals));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // the outer build's Maven must not leak into the user's: their project is its own base directory
        env.keySet().removeIf(k -> k.startsWith("MAVEN_") && !k.equals("MAVEN_USER_HOME"));
        Path log = Files.createTempFile(repo.getParent(), "mvn", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return new Result(-1, Files.readString(log) + "\n(timed out after " + TIMEOUT_MINUTES + " min)");
        }
        return new Result(p.exitValue(), Files.readString(log));
    }

    /** The source tree as a user's clone has it: no build output, no git metadata. */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(f);
                if (skipped(rel)) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static boolean skipped(Path rel) {
        for (Path part : rel) {
            String name = part.toString();
            if (name.equals("target") || name.equals(".git")) {
                return true;
            }
        }
        return false;
    }
}
