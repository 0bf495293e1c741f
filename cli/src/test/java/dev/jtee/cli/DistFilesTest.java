package dev.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The systemd unit and the container file start {@code jtee serve} with options this CLI takes,
 * on the socket directory and storage directory they create ({@code /run/jtee}, {@code /var/lib/jtee}).
 */
class DistFilesTest {
    private static final Path DIST = Path.of("..", "dist");

    @Test
    void theSystemdUnitStartsServeWithValidOptions(@TempDir Path tmp) throws IOException {
        String unit = Files.readString(DIST.resolve("jtee.service"));
        String exec = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        List<String> args = afterJar(Arrays.asList(exec.substring("ExecStart=".length()).split(" ")));
        assertTrue(unit.contains("RuntimeDirectory=jtee") && unit.contains("StateDirectory=jtee"), unit);
        ServeCommand serve = parse(args, tmp);
        assertEquals(tmp.resolve("run/jtee.sock"), serve.socket);
        assertEquals("rw-rw----", serve.permissions);
        assertEquals("127.0.0.1:9464", serve.http);
    }

    @Test
    void theContainerStartsServeWithValidOptions(@TempDir Path tmp) throws IOException {
        List<String> args = new ArrayList<>();
        for (String line : Files.readAllLines(DIST.resolve("Containerfile"))) {
            if (line.startsWith("ENTRYPOINT ") || line.startsWith("CMD ")) {
                for (JsonNode n : new ObjectMapper().readTree(line.substring(line.indexOf('[')))) {
                    args.add(n.asText());
                }
            }
        }
        ServeCommand serve = parse(afterJar(args), tmp);
        assertEquals(tmp.resolve("run/jtee.sock"), serve.socket);
        assertEquals("0.0.0.0:9464", serve.http);
    }

    private static List<String> afterJar(List<String> command) {
        int jar = command.indexOf("/opt/jtee/jtee.jar");
        assertTrue(jar > 0, command::toString);
        return command.subList(jar + 1, command.size());
    }

    /** Parses as jtee does, with the directories the unit and the image create made here. */
    private static ServeCommand parse(List<String> args, Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("run"));
        List<String> here = args.stream().map(a -> a.replace("/run/jtee", tmp.resolve("run").toString())
                .replace("/var/lib/jtee", tmp.resolve("state").toString())).toList();
        assertEquals("serve", here.getFirst());
        CommandLine.ParseResult r = new CommandLine(new Main()).setExpandAtFiles(false).parseArgs(here.toArray(String[]::new));
        return (ServeCommand) r.subcommand().commandSpec().userObject();
    }
}
