package dev.jtee.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The TA dev kit the build made (ta-native/target/native/devkit, found through the
 * {@code jtee.native.home} property the ./jtee script sets): {@code jtee ta devkit} prints where it
 * is, {@code jtee ta build} builds an OP-TEE TA directory with it.
 */
final class TaDevKit {
    static final String HOME_PROPERTY = "jtee.native.home";
    private static final Pattern BINARY = Pattern.compile("(?m)^\\s*BINARY\\s*[:?]?=\\s*(\\S+)\\s*$");
    /** A TA shared library's UUID: its product is <uuid>.so (ta-native/NATIVE-TAS.md §E). */
    private static final Pattern SHLIBUUID = Pattern.compile("(?m)^\\s*SHLIBUUID\\s*[:?]?=\\s*(\\S+)\\s*$");

    private TaDevKit() {
    }

    /** The dev kit's directory, or a one-line reason why there is none. */
    static Path find() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("the TA dev kit's location is unknown (" + HOME_PROPERTY
                    + " is not set): run jtee through the ./jtee script of a jtee checkout");
        }
        Path devkit = Path.of(home, "devkit").toAbsolutePath().normalize();
        if (!Files.isRegularFile(devkit.resolve("mk/ta_dev_kit.mk"))) {
            throw new IllegalStateException("the TA dev kit is not built (no " + devkit.resolve("mk/ta_dev_kit.mk")
                    + "): build it with ./jtee or ./mvnw -pl ta-native package");
        }
        return devkit;
    }

    @Command(name = "devkit", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Print the TA dev kit's directory (for make TA_DEV_KIT_DIR=…).")
    static final class Print implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.println(find());
            return 0;
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Build an OP-TEE TA directory (Makefile with BINARY=<uuid>, sub.mk, user_ta_header_defines.h) "
                    + "with the TA dev kit and print the .ta file's path (a TA shared library's, SHLIBUUID=<uuid>: its <uuid>.so).",
                    "DIR is the TA directory or its parent with a ta/ sub-directory, as in optee_examples."})
    static final class Build implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "The TA directory, or a directory holding it as ta/.")
        Path dir;

        @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Where the objects and the .ta go (make's O=; default: the TA directory).")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path devkit = find();
            Path taDir = taDirectory(dir);
            Path outDir = (out != null ? out : taDir).toAbsolutePath().normalize();
            List<String> cmd = new ArrayList<>(List.of("make", "-s", "-C", taDir.toString(), "TA_DEV_KIT_DIR=" + devkit));
            if (out != null) {
                Files.createDirectories(outDir);
                cmd.add("O=" + outDir);
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().remove("MAKEFLAGS");
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run make (" + e.getMessage()
                        + "): install make and gcc, e.g. sudo apt-get install make gcc", e);
            }
            String output;
            try (InputStream in = p.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int exit = p.waitFor();
            if (exit != 0) {
                // the compiler's lines are the message: they name the file and line to fix
                System.err.print(output);
                System.err.println(spec.qualifiedName() + ": building " + taDir + " failed (make exit " + exit + ")");
                return CliErrors.FAILURE;
            }
            Matcher lib = SHLIBUUID.matcher(Files.readString(taDir.resolve("Makefile")));
            Path ta = lib.find() ? outDir.resolve(lib.group(1) + ".so") : outDir.resolve(binary(taDir) + ".ta");
            if (!Files.isRegularFile(ta)) {
                throw new IllegalStateException("make succeeded but made no " + ta);
            }
            System.out.println(ta);
            return 0;
        }

        /** DIR itself when it holds the TA's Makefile, else DIR/ta (optee_examples' layout). */
        private static Path taDirectory(Path dir) {
            Path d = dir.toAbsolutePath().normalize();
            if (!Files.isDirectory(d)) {
                throw new UncheckedIOException(new java.nio.file.NoSuchFileException(d.toString()));
            }
            for (Path candidate : List.of(d, d.resolve("ta"))) {
                if (Files.isRegularFile(candidate.resolve("Makefile")) && Files.isRegularFile(candidate.resolve("sub.mk"))) {
                    return candidate;
                }
            }
            throw new IllegalArgumentException(d + ": not a TA directory (no Makefile and sub.mk here or in " + d.resolve("ta") + ")");
        }

        /** The UUID the TA's Makefile sets BINARY to. */
        private static String binary(Path taDir) throws IOException {
            Matcher m = BINARY.matcher(Files.readString(taDir.resolve("Makefile")));
            if (m.find()) {
                return m.group(1);
            }
            try (Stream<Path> s = Files.list(taDir)) { // BINARY set in some other way: the .ta make left
                return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ta")).findFirst()
                        .map(n -> n.substring(0, n.length() - 3))
                        .orElseThrow(() -> new IllegalStateException(taDir + "/Makefile: no BINARY = <uuid> line"));
            }
        }
    }
}
