package dev.jtee.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.examples.xtest.OsTestTa;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients and daemons in real child JVMs. */
class MultiProcessTest {
    @TempDir
    Path dir;
    final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        for (Process p : children) {
            p.destroyForcibly();
        }
    }

    private Process child(Class<?> main, String... args) throws IOException {
        return child(List.of(), main, args);
    }

    private Process child(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-Xshare:auto", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve(main.getSimpleName() + "-" + children.size() + ".err").toFile()).start();
        children.add(p);
        return p;
    }

    /** The child's next output line (bounded wait: the test has a timeout). */
    private static String line(BufferedReader r) throws IOException {
        String l = r.readLine();
        return l == null ? "<eof>" : l;
    }

    private static BufferedReader out(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    @Test
    void aClientKilledMidCallLeavesNothingBehindAndOthersAreUnaffected() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            try (SecureWorld world = SecureWorld.builder().threads(4).console(line -> { }).build();
                 Daemon daemon = Daemon.builder().socket(dir.resolve("d.sock")).world(world).start()) {
                String sock = daemon.socketPath().toString();
                Process victim = child(ChildClient.class, "hold", sock);
                BufferedReader victimOut = out(victim);
                assertEquals("READY", line(victimOut));
                Process a = child(ChildClient.class, "loop", sock, "3000");
                Process b = child(ChildClient.class, "loop", sock, "3000");
                // the victim is inside its TEE_Wait: a secure thread is busy for it
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (world.stats().threadsBusy() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                assertTrue(world.stats().threadsBusy() > 0, "the victim is mid-call");
                assertTrue(world.stats().sessions() >= 2);
                victim.destroyForcibly(); // SIGKILL
                assertTrue(victim.waitFor(20, TimeUnit.SECONDS));
                assertEquals("OK 3000", line(out(a)));
                assertEquals("OK 3000", line(out(b)));
                assertTrue(a.waitFor(20, TimeUnit.SECONDS));
                assertTrue(b.waitFor(20, TimeUnit.SECONDS));
                assertEquals(0, a.exitValue());
                assertEquals(0, b.exitValue());
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while ((world.stats().sessions() != 0 || daemon.connections() != 0) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(0, world.stats().sessions(), "the victim's sessions were closed");
                assertEquals(0, world.stats().instances(), "and their instances destroyed");
                assertEquals(0, world.stats().threadsBusy());
                assertEquals(0, daemon.connections());
                assertEquals(0, daemon.limiter.inFlight());
                assertEquals(0, daemon.limiter.queueDepth());
                // and the daemon still serves
                try (Tee tee = Tee.connect(daemon.address()); Session s = tee.newContext().openSession(TeeUuid.parse(HelloWorldTa.UUID))) {
                    Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 6, 0);
                    s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
                    assertEquals(7, op.valueA(0));
                }
            }
        });
    }

    @Test
    void sigtermLetsCallsInFlightFinishClosesSessionsAndExitsZero() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Path sock = dir.resolve("c.sock");
            Process d = child(ChildDaemon.class, sock.toString());
            BufferedReader dOut = out(d);
            assertEquals("LISTENING", line(dOut));
            assertTrue(Files.exists(sock));
            Tee tee = Tee.connect("unix:" + sock);
            Session s = tee.newContext().openSession(TeeUuid.parse(OsTestTa.UUID));
            CompletableFuture<Void> inFlight = CompletableFuture.runAsync(
                    () -> s.invoke(OsTestTa.CMD_WAIT, Operation.create().value(0, ParamType.VALUE_INPUT, 1500, 0)));
            assertEquals("BUSY", line(dOut), "the wait is running in the child");
            d.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
            inFlight.get(20, TimeUnit.SECONDS); // finished normally
            String stopped = line(dOut);
            assertEquals("STOPPED sessions=0", stopped);
            assertTrue(d.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, d.exitValue());
            TeeException e = org.junit.jupiter.api.Assertions.assertThrows(TeeException.class,
                    () -> s.invoke(OsTestTa.CMD_WAIT, Operation.create().value(0, ParamType.VALUE_INPUT, 1, 0)));
            assertEquals(TeeResult.COMMUNICATION, e.result());
            tee.close();
            assertTrue(Files.notExists(sock));
        });
    }

    /**
     * Issue 15 §2: an Error in the accept path (here the JVM's direct memory, made tiny, runs out
     * while connections are set up) stops the daemon loudly with a non-zero exit for its
     * supervisor, instead of a daemon that silently accepts nobody.
     */
    @Test
    void anErrorInTheAcceptPathStopsTheDaemonLoudlyWithANonZeroExit() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Path sock = dir.resolve("e.sock");
            Process d = child(List.of("-XX:MaxDirectMemorySize=1m"), ChildDaemon.class, sock.toString());
            BufferedReader dOut = out(d);
            assertEquals("LISTENING", line(dOut));
            List<java.nio.channels.SocketChannel> held = new ArrayList<>();
            try {
                while (d.isAlive() && held.size() < 1000) {
                    try {
                        held.add(java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(sock)));
                    } catch (IOException e) {
                        Thread.sleep(5); // the daemon is going away
                    }
                }
            } finally {
                for (java.nio.channels.SocketChannel c : held) {
                    c.close();
                }
            }
            assertTrue(d.waitFor(30, TimeUnit.SECONDS), "the daemon stopped");
            assertEquals(70, d.exitValue(), "non-zero: a supervisor restarts it");
            String err = Files.readString(dir.resolve("ChildDaemon-0.err"));
            assertTrue(err.contains("cannot accept connections any more") && err.contains("OutOfMemoryError"), err);
        });
    }

    /**
     * Issue 15 §8: a killed client's calls are cancelled whatever their cancel id: 7 infinite
     * TEE_Waits sent with cancel id 0 (libteec's id for a NULL operation) end when their client
     * dies, and its sessions close.
     */
    @Test
    void aKilledClientsCallsWithCancelIdZeroAreCancelled() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            try (SecureWorld world = SecureWorld.builder().threads(8).console(line -> { }).build();
                 // the case: one client holds 7 of the 8 secure threads (more than its default share)
                 Daemon daemon = Daemon.builder().socket(dir.resolve("w.sock")).world(world).secureThreadsPerProcess(7).start()) {
                long ramBefore = world.stats().secureRamUsed();
                Process a = child(Adversary.class, "wait0", daemon.socketPath().toString(), "7");
                assertEquals("READY", line(out(a)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (world.stats().threadsBusy() < 7 && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                assertEquals(7, world.stats().threadsBusy(), "7 secure threads held in TEE_Wait");
                a.destroyForcibly(); // SIGKILL
                assertTrue(a.waitFor(20, TimeUnit.SECONDS));
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while ((world.stats().threadsBusy() != 0 || world.stats().sessions() != 0) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertEquals(0, world.stats().threadsBusy(), "the waits were cancelled");
                assertEquals(0, world.stats().sessions(), "and the sessions closed");
                assertEquals(ramBefore, world.stats().secureRamUsed(), "and their secure RAM given back");
            }
        });
    }

    /**
     * Issue 15 §9: a call longer than the shutdown timeout (an infinite TEE_Wait) is cancelled and
     * answered with TEE_ERROR_CANCEL instead of an end of file, and its session is closed through
     * the TA before the daemon exits 0.
     */
    @Test
    void sigtermAnswersACallLongerThanTheShutdownTimeoutAndClosesItsSession() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Path sock = dir.resolve("t.sock");
            Process d = child(ChildDaemon.class, sock.toString(), "300");
            BufferedReader dOut = out(d);
            assertEquals("LISTENING", line(dOut));
            try (Tee tee = Tee.connect("unix:" + sock)) {
                Session s = tee.newContext().openSession(TeeUuid.parse(OsTestTa.UUID));
                CompletableFuture<Void> forever = CompletableFuture.runAsync(() -> s.invoke(OsTestTa.CMD_WAIT,
                        Operation.create().value(0, ParamType.VALUE_INPUT, dev.jtee.ta.TeeApi.TIMEOUT_INFINITE, 0)));
                assertEquals("BUSY", line(dOut), "the wait is running in the child");
                d.toHandle().destroy(); // SIGTERM
                java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                        java.util.concurrent.ExecutionException.class, () -> forever.get(20, TimeUnit.SECONDS));
                TeeException t = (TeeException) e.getCause();
                assertEquals(TeeResult.CANCEL, t.result(), "answered, not cut off: " + t);
                assertEquals("STOPPED sessions=0", line(dOut), "its session was closed through the TA");
                assertTrue(d.waitFor(20, TimeUnit.SECONDS));
                assertEquals(0, d.exitValue());
            }
        });
    }
}
