package dev.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.daemon.Daemon;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtee top} on a terminal: q quits, and the screen fits the terminal's width. */
class TopCommandTest {

    @Test
    void qQuitsAndEveryLineFitsTheWidth(@TempDir Path dir) throws Exception {
        try (Daemon d = Daemon.builder().socket(dir.resolve("jtee.sock")).http("127.0.0.1:0").console(line -> { }).start()) {
            TopCommand top = new TopCommand();
            top.http = "127.0.0.1:" + d.httpAddress().getPort();
            top.intervalMs = 60_000; // only the key can end the wait in time
            PipedOutputStream keys = new PipedOutputStream();
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            try (Terminal t = TerminalBuilder.builder().system(false).type("xterm").size(new Size(60, 24))
                    .streams(new PipedInputStream(keys), screen).build()) {
                t.echo(false); // as a terminal in raw mode: the key is not printed back
                keys.write('q');
                keys.flush();
                int exit = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> top.watch(t));
                assertEquals(0, exit);
                // JLine's pty terminal copies its output to the stream on a thread of its own: closing it
                // first can drop the screen (seen on a loaded machine), so wait, bounded, for the screen
                t.flush();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!screen.toString(StandardCharsets.UTF_8).contains("jtee top") && System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
            String out = screen.toString(StandardCharsets.UTF_8).replace("\033[H\033[2J", "");
            assertTrue(out.contains("jtee top"), out);
            for (String line : out.split("\r\n")) {
                assertTrue(line.length() <= 60, () -> "wider than the terminal (" + line.length() + "): '" + line.replace("\033", "ESC").replace("\r", "CR") + "'");
            }
        }
    }
}
