package dev.jtee.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.HelloWorldTa;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a hostile local process ({@link Adversary}, a real child JVM) attacks the daemon
 * while a well-behaved client next to it calls hello_world and has its latency measured. Every
 * call of the well-behaved client must succeed with the right answer, the attack must be bounded
 * by the daemon's quotas, and once the adversary is gone the daemon's file descriptors and buffer
 * memory return to their baseline. The latency bound (attack p99 within 3× of the unloaded p99)
 * is a wall-clock verdict: {@link AdversaryLatencyTest} (tag {@code realtime}) asserts it; here it
 * is printed.
 */
class AdversaryTest {
    static final TeeUuid HELLO = TeeUuid.parse(HelloWorldTa.UUID);
    static final int CALLS = 2000;

    @TempDir
    Path dir;
    final List<Process> children = new ArrayList<>();
    SecureWorld world;
    Daemon daemon;

    /** Whether the wall-clock latency bound is asserted (the realtime subclass). */
    boolean assertLatency() {
        return false;
    }

    @AfterEach
    void stop() {
        for (Process p : children) {
            p.destroyForcibly();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (world != null) {
            world.close();
        }
    }

    private Daemon start(Daemon.Builder b) {
        world = SecureWorld.builder().threads(8).console(line -> { }).build();
        daemon = b.socket(dir.resolve("d.sock")).world(world).start();
        return daemon;
    }

    private Process adversary(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Adversary.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("adversary-" + children.size() + ".err").toFile()).start();
        children.add(p);
        return p;
    }

    private static String line(Process p) throws IOException {
        String l = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        return l == null ? "<eof>" : l;
    }

    /**
     * The well-behaved client: on a fresh connection, {@code n / 2} checked increments to settle
     * (JIT, the attack's start), then {@code n} measured ones; their sorted latencies (ns).
     */
    static long[] bystander(String address, int n) {
        long[] lat = new long[n];
        try (Tee tee = Tee.connect(address); Context ctx = tee.newContext(); Session s = ctx.openSession(HELLO)) {
            Operation op = Operation.create();
            for (int i = -n / 2; i < n; i++) {
                op.value(0, ParamType.VALUE_INOUT, i, 0);
                long t0 = System.nanoTime();
                s.invoke(HelloWorldTa.CMD_INC_VALUE, op); // any error fails the test
                if (i >= 0) {
                    lat[i] = System.nanoTime() - t0;
                }
                assertEquals(i + 1, op.valueA(0), "a correct answer");
            }
        }
        Arrays.sort(lat);
        return lat;
    }

    static long p99(long[] sorted) {
        return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
    }

    /** Compares the well-behaved client's p99 under attack with its unloaded p99. */
    void latency(String attack, long[] unloaded, long[] attacked) {
        long base = p99(unloaded);
        long under = p99(attacked);
        System.out.printf("%s: well-behaved client p99 %.1f µs unloaded, %.1f µs under attack (%.2f×)%n",
                attack, base / 1e3, under / 1e3, (double) under / base);
        if (assertLatency()) {
            // floor: below 200 µs a single scheduler hiccup of the 2-core machine is the whole p99
            assertTrue(under <= 3 * Math.max(base, 200_000), attack + ": p99 " + under + " ns vs unloaded " + base + " ns");
        }
    }

    /** Sockets this process (the daemon's) has open: what a connection costs and must give back. */
    static int openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            }).count();
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "timed out waiting until " + what + "; " + state.get());
            Thread.sleep(5);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Resident memory of this process (the daemon's), from /proc/self/status. */
    static long rssBytes() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /** Direct buffer memory of this process: where the daemon's frame and answer buffers live. */
    static long directBytes() {
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                return b.getMemoryUsed();
            }
        }
        throw new IllegalStateException("no direct buffer pool");
    }

    /** The Java heap's committed bytes: part of the RSS that the JVM keeps for the next load, not held by the daemon. */
    static long heapBytes() {
        return Runtime.getRuntime().totalMemory();
    }

    /** Resident memory outside the Java heap: the daemon's buffers, threads, mappings. */
    static long residentOffHeap() throws IOException {
        return rssBytes() - heapBytes();
    }

    /**
     * What the daemon's process holds before an attack: its sockets, resident memory (outside the
     * Java heap, whose size the JVM keeps for the next load) and direct buffer memory. Taken after
     * the unloaded measurement, so the JIT and the heap have settled.
     */
    record Baseline(int fds, long offHeapRss, long direct) {
        /** Slack for the JIT and thread stacks, far below what the attacks here took unbounded (hundreds of MiB). */
        static final long RSS_SLACK = 24L << 20;
        static final long DIRECT_SLACK = 4L << 20;

        static Baseline now() throws IOException {
            System.gc();
            return new Baseline(openFds(), residentOffHeap(), directBytes());
        }
    }

    /** After the attack: the adversary killed, the daemon back to its baseline. */
    void backToBaseline(Process adversary, Baseline base) throws Exception {
        adversary.destroyForcibly();
        assertTrue(adversary.waitFor(20, TimeUnit.SECONDS));
        adversary.getInputStream().close();
        adversary.getOutputStream().close();
        await("every connection of the adversary ended", () -> daemon.connections() == 0,
                () -> "connections " + daemon.connections() + ", " + daemon.limiter + ", calls counted " + daemon.quotas.calls()
                        + ", threads busy " + world.stats().threadsBusy());
        await("its sessions were closed", () -> world.stats().sessions() == 0);
        assertEquals(0, daemon.bufferBytes(), "no buffer memory held");
        assertEquals(0, daemon.quotas.processes(), "nothing counted for any client");
        assertEquals(0, daemon.limiter.inFlight());
        await("the daemon's sockets are back to the baseline", () -> {
            try {
                return openFds() <= base.fds();
            } catch (IOException e) {
                return false;
            }
        });
        // freed buffers go back once collected: a GC per look, as a process at rest gets one in time
        await("the daemon's direct buffer memory is back to the baseline", () -> {
            System.gc();
            return directBytes() <= base.direct() + Baseline.DIRECT_SLACK;
        }, () -> "direct " + directBytes() + " vs baseline " + base.direct());
        await("the daemon's resident memory is back to the baseline", () -> {
            System.gc();
            try {
                return residentOffHeap() <= base.offHeapRss() + Baseline.RSS_SLACK;
            } catch (IOException e) {
                return false;
            }
        }, () -> {
            try {
                return "RSS outside the heap " + (residentOffHeap() >> 20) + " MiB vs baseline " + (base.offHeapRss() >> 20)
                        + " MiB; heap committed " + (heapBytes() >> 20) + " MiB, direct " + (directBytes() >> 20) + " MiB";
            } catch (IOException e) {
                return e.toString();
            }
        });
        System.out.printf("back to baseline: RSS outside the heap %d MiB (baseline %d), heap committed %d MiB, direct %d KiB (baseline %d),"
                + " sockets %d (baseline %d)%n", residentOffHeap() >> 20, base.offHeapRss() >> 20, heapBytes() >> 20, directBytes() >> 10,
                base.direct() >> 10, openFds(), base.fds());
    }

    /**
     * Issue 15 §1: 8 connections pipeline invokes whose answers (256 KiB each) they never read. Each
     * permit goes back when the secure world finishes the call, not when its answer is written, so
     * the well-behaved client is served throughout; the non-readers are cut off after the reply
     * timeout and their sessions closed through the TA.
     */
    @Test
    void aClientThatStopsReadingStallsNobody() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            start(Daemon.builder().replyTimeout(Duration.ofSeconds(3)));
            long[] unloaded = bystander(daemon.address(), CALLS);
            Baseline base = Baseline.now();
            Process a = adversary("nonreader", daemon.socketPath().toString(), "8");
            assertEquals("READY", line(a));
            // the attack in its steady state: every connection's answers pile up unread
            await("the adversary's answers pile up unread", () -> daemon.stalledWriters(1_000_000) >= 8,
                    () -> "adversary: " + read(dir.resolve("adversary-0.err")) + " slow readers " + daemon.metrics.slowReaders.count()
                            + " connections " + daemon.connections() + "\n" + daemon.scrape());
            // the calls whose answers wait are done in the secure world: they hold no permit
            await("no permit is held for an answer that waits", () -> daemon.limiter.inFlight() == 0,
                    () -> daemon.limiter.inFlight() + " permits held, " + world.stats().threadsBusy() + " secure threads busy");
            long[] attacked = bystander(daemon.address(), CALLS);
            assertTrue(daemon.stalledWriters(0) >= 1, "the attack lasted through the measurement");
            latency("non-reading client", unloaded, attacked);
            await("the non-readers were cut off", () -> daemon.metrics.slowReaders.count() >= 8);
            await("their sessions were closed through the TA", () -> world.stats().sessions() == 0);
            backToBaseline(a, base);
        });
    }

    /**
     * Issue 15 §2: 200 connections each send all but the last byte of an 8 MiB frame. A frame's
     * buffer grows only as its bytes arrive and within its client's share of the buffer budget:
     * the connections beyond it are cut off, the daemon keeps accepting and serving.
     */
    @Test
    void framesThatNeverEndCannotExhaustMemory() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            start(Daemon.builder().maxConnectionsPerProcess(256));
            long[] unloaded = bystander(daemon.address(), CALLS);
            Baseline base = Baseline.now();
            Process a = adversary("frames", daemon.socketPath().toString(), "200", Integer.toString(8 << 20));
            String out = line(a);
            assertTrue(out.startsWith("FRAMES "), out);
            int kept = Integer.parseInt(out.substring(7));
            long perProcess = 64L << 20;
            assertTrue(daemon.bufferBytes() <= perProcess, "within one process's share: " + daemon.bufferBytes());
            assertTrue(kept < 200 && kept <= perProcess / (4 << 20) + 1, "the connections over the share were cut: kept " + kept);
            assertTrue(daemon.accepting());
            long[] attacked = bystander(daemon.address(), CALLS);
            latency("never-ending frames", unloaded, attacked);
            assertTrue(daemon.scrape().contains("jtee_daemon_accepting 1.0"), "/metrics tells it accepts");
            backToBaseline(a, base);
        });
    }

    /**
     * Issue 15 §3: shared memory is counted in the 4 KiB pages the secure RAM gives out, per
     * process and not per connection: one-byte blocks take a page each, and a second connection of
     * the same process gets nothing more.
     */
    @Test
    void sharedMemoryIsCountedInPagesPerProcess() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            start(Daemon.builder());
            long pages = world.stats().secureRamBudget() / 4096;
            long[] unloaded = bystander(daemon.address(), CALLS);
            Baseline base = Baseline.now();
            Process a = adversary("shm", daemon.socketPath().toString());
            assertEquals("SHM " + pages / 2 + " 0", line(a), "half the pages, one per block, for the process as a whole");
            assertTrue(world.stats().secureRamUsed() <= world.stats().secureRamBudget() / 2 + (1 << 20),
                    "the rest of the secure RAM is left for the others: " + world.stats().secureRamUsed());
            long[] attacked = bystander(daemon.address(), CALLS);
            latency("shared memory hog", unloaded, attacked);
            backToBaseline(a, base);
            assertEquals(0, world.stats().secureRamUsed(), "every page released");
        });
    }

    /** Issue 15 §4: one process takes only its own connection slots; a newcomer still gets in. */
    @Test
    void oneProcessCannotTakeEveryConnectionSlot() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            start(Daemon.builder().maxConnections(100).maxConnectionsPerProcess(16).maxConnectionsPerUser(80));
            long[] unloaded = bystander(daemon.address(), CALLS);
            Baseline base = Baseline.now();
            Process a = adversary("conns", daemon.socketPath().toString());
            assertEquals("CONNS 16", line(a));
            Process b = adversary("conns", daemon.socketPath().toString());
            assertEquals("CONNS 16", line(b));
            long[] attacked = bystander(daemon.address(), CALLS);
            latency("connection hog", unloaded, attacked);
            b.destroyForcibly();
            backToBaseline(a, base);
        });
    }

    /**
     * Issue 15, fair sharing: one process opens sessions without bound. It gets its own quota (8
     * here), then TEE_ERROR_BUSY from COMMS with the reason (OP-TEE answers a session it cannot
     * take now with BUSY) — on a second connection too, as the quota is the process's — while a
     * well-behaved process of the same user opens its session and calls without an error.
     */
    @Test
    void oneProcessCannotOpenSessionsWithoutBound() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            start(Daemon.builder().maxSessions(100).maxSessionsPerUser(64).maxSessionsPerProcess(8));
            long[] unloaded = bystander(daemon.address(), CALLS);
            Baseline base = Baseline.now();
            Process a = adversary("sessions", daemon.socketPath().toString());
            assertEquals("SESSIONS 8 0 ffff000d/2: too many sessions of one process (8); close sessions before opening more", line(a));
            assertEquals(8, daemon.quotas.sessions());
            long[] attacked = bystander(daemon.address(), CALLS);
            latency("session hog", unloaded, attacked);
            backToBaseline(a, base);
            assertEquals(0, daemon.quotas.sessions(), "every session given back");
        });
    }

    /**
     * Issue 15, fair sharing: one process queues calls without bound (64 infinite TEE_Waits over 4
     * connections). 16 are taken (its quota, counted over all its connections), the other 48 get
     * TEE_ERROR_BUSY from COMMS with the reason. Of the 16, no more than the process's share of
     * the secure threads (all but two of the 8) ever run: the rest wait in its partition, so the
     * well-behaved client opens its session and is served throughout; once the adversary dies its
     * calls are cancelled and the count is back to 0.
     */
    @Test
    void oneProcessCannotQueueCallsWithoutBound() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            start(Daemon.builder().maxCalls(200).maxCallsPerUser(64).maxCallsPerProcess(16));
            long[] unloaded = bystander(daemon.address(), CALLS);
            Baseline base = Baseline.now();
            Process a = adversary("calls", daemon.socketPath().toString(), "64", "48");
            assertEquals("CALLS 48 ffff000d/2: too many calls outstanding of one process (16); wait for answers before sending more",
                    line(a));
            assertEquals(16, daemon.quotas.calls());
            assertEquals(6, daemon.threadsPerProcess, "all the secure threads but two");
            await("the adversary holds its share of the secure threads", () -> daemon.limiter.inFlight() == daemon.threadsPerProcess,
                    () -> daemon.limiter.toString());
            await("its other calls wait in its partition", () -> daemon.limiter.queueDepth() == 16 - daemon.threadsPerProcess,
                    () -> daemon.limiter.toString());
            long[] attacked = bystander(daemon.address(), CALLS);
            assertEquals(daemon.threadsPerProcess, daemon.limiter.inFlight(), "the attack lasted through the measurement");
            latency("call hog", unloaded, attacked);
            backToBaseline(a, base);
            assertEquals(0, daemon.quotas.calls(), "every call given back");
        });
    }

    /**
     * Two hostile processes each hold calls that never return: the first takes its share (6 of 8
     * secure threads), the second, holding none, gets one more, but not the last: that one is
     * kept for a client running nothing, so the well-behaved client is still served.
     */
    @Test
    void twoProcessesHoldingCallsForEverLeaveAThreadForANewcomer() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            start(Daemon.builder().maxCallsPerProcess(16));
            long[] unloaded = bystander(daemon.address(), CALLS);
            Baseline base = Baseline.now();
            Process a = adversary("calls", daemon.socketPath().toString(), "16", "0");
            assertEquals("CALLS 0 none", line(a));
            await("the first holds its share", () -> daemon.limiter.inFlight() == daemon.threadsPerProcess, () -> daemon.limiter.toString());
            Process b = adversary("calls", daemon.socketPath().toString(), "16", "0");
            assertEquals("CALLS 0 none", line(b));
            await("the second holds one thread more", () -> daemon.limiter.inFlight() == daemon.threadsPerProcess + 1
                    && daemon.limiter.queueDepth() == 32 - daemon.threadsPerProcess - 1,
                    () -> daemon.limiter + ", calls counted " + daemon.quotas.calls() + ", partitions "
                            + daemon.limiter.partitions().stream().filter(p -> p.inFlight() > 0).map(p -> p.name() + "=" + p.inFlight()).toList()
                            + ", threads busy " + world.stats().threadsBusy());
            assertEquals(1, daemon.threadsForNewClients);
            long[] attacked = bystander(daemon.address(), CALLS);
            assertEquals(daemon.threadsPerProcess + 1, daemon.limiter.inFlight(), "the attack lasted through the measurement");
            latency("two call hogs", unloaded, attacked);
            b.destroyForcibly();
            backToBaseline(a, base);
        });
    }
}
