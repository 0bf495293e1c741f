package dev.jtee.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.wire.Rendezvous;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 §6 and §11: the socket is a safe rendezvous. The daemon refuses a directory others can
 * write to, never deletes anything but its own socket, and a client refuses a daemon that runs as
 * another user (an impostor, here a real Python process running as nobody).
 */
class RendezvousTest {
    @TempDir
    Path dir;
    SecureWorld world;
    Process impostor;

    @BeforeEach
    void world() {
        world = SecureWorld.builder().threads(2).console(line -> { }).build();
    }

    @AfterEach
    void stop() {
        if (impostor != null) {
            impostor.destroyForcibly();
        }
        world.close();
    }

    private Daemon start(Path socket) {
        return Daemon.builder().socket(socket).world(world).start();
    }

    @Test
    void theDefaultSocketIsInADirectoryOfTheUsersOwn() {
        assertEquals(Path.of("/run/jtee/jtee.sock"), Rendezvous.defaultSocket(0, "/run/user/0"));
        assertEquals(Path.of("/run/user/1000/jtee/jtee.sock"), Rendezvous.defaultSocket(1000, "/run/user/1000"));
        assertEquals(Path.of("/run/user/1000/jtee/jtee.sock"), Rendezvous.defaultSocket(1000, null));
    }

    @Test
    void aDirectoryOthersCanWriteToIsRefused() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx")); // like /tmp (Java cannot set the sticky bit; it would not help)
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> start(shared.resolve("jtee.sock")));
        assertTrue(e.getMessage().contains("may be written by others"), e.getMessage());
        assertTrue(Files.notExists(shared.resolve("jtee.sock")));
    }

    @Test
    void aRegularFileAtTheSocketPathIsLeftAlone() throws Exception {
        Path file = dir.resolve("jtee.sock");
        Files.writeString(file, "precious");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> start(file));
        assertTrue(e.getMessage().contains("not a socket: left alone"), e.getMessage());
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void anotherUsersSocketIsLeftAlone() throws Exception {
        assumeTrue(Rendezvous.uid() == 0, "needs root to give a file to another user");
        Path sock = dir.resolve("jtee.sock");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock)); // closed: a dead socket stays behind
        }
        Files.setAttribute(sock, "unix:uid", 65534);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> start(sock));
        assertTrue(e.getMessage().contains("a socket of uid 65534"), e.getMessage());
        assertTrue(Files.exists(sock));
    }

    @Test
    void aStaleSocketOfItsOwnIsReplacedAndOnlyItsOwnSocketIsRemovedAtTheEnd() throws Exception {
        Path sock = dir.resolve("jtee.sock");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock));
        }
        Daemon d = start(sock);
        try (Tee tee = Tee.connect(d.address())) {
            tee.newContext().close();
        }
        // someone put something else there meanwhile: the daemon does not delete it
        Files.delete(sock);
        Files.writeString(sock, "not the daemon's");
        d.close();
        assertEquals("not the daemon's", Files.readString(sock));
    }

    @Test
    void aClientRefusesADaemonRunningAsAnotherUser() {
        assumeTrue(Rendezvous.uid() == 0, "needs root to run the impostor as another user");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Path open = Files.createDirectory(dir.resolve("open"));
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path sock = open.resolve("jtee.sock");
            String script = String.join("\n",
                    "import os, socket, sys, time",
                    "os.setgroups([]); os.setgid(65534); os.setuid(65534)",
                    "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(sys.argv[1]); s.listen(8)",
                    "print('LISTENING', flush=True)",
                    "while True:",
                    "    c, _ = s.accept()",
                    "    data = c.recv(64)",
                    "    print('GOT %d' % len(data), flush=True)");
            impostor = new ProcessBuilder(List.of("python3", "-c", script, sock.toString()))
                    .redirectError(dir.resolve("impostor.err").toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(impostor.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("LISTENING", out.readLine());
            TeeException e = assertThrows(TeeException.class, () -> Tee.connect("unix:" + sock).newContext());
            assertEquals(TeeResult.COMMUNICATION, e.result());
            assertTrue(e.getMessage().contains("refusing the jtee daemon") && e.getMessage().contains("runs as user nobody"), e.getMessage());
            impostor.toHandle().destroyForcibly(); // not Process.destroy: that closes our end of its output
            impostor.waitFor();
            String said = new String(impostor.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(said.lines().allMatch(l -> l.equals("GOT 0")), "not a byte was sent to the impostor: " + said);
        });
    }
}
