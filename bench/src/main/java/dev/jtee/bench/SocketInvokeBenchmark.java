package dev.jtee.bench;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.daemon.Daemon;
import dev.jtee.examples.HelloWorldTa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The null invoke over the daemon's Unix socket: hello_world INC_VALUE through the client, the
 * socket port (group-commit writes, a reader thread that wakes the caller), the daemon (its
 * connection's reader thread takes the flow-limiter permit and posts the call to the TA's
 * instance thread without waiting, answers batched per read), the TA instance thread and back.
 * The daemon runs in the benchmark's JVM (the client and the daemon share its 2 cores, as on one
 * machine) unless {@value #DAEMON_PROPERTY} names one in another process. {@code connections} Tee
 * connections are shared round-robin by the caller threads; each caller has its own context and
 * session (hello_world being multi-instance: its own TA instance).
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"})
public class SocketInvokeBenchmark {

    /**
     * {@code -Djtee.bench.daemon=unix:/path}: call a daemon in another process (started with this
     * class's {@link #main}) instead of one in the benchmark's JVM.
     */
    static final String DAEMON_PROPERTY = "jtee.bench.daemon";

    static SecureWorld newWorld() {
        return SecureWorld.builder().threads(8).console(line -> { }).build();
    }

    /** {@code java -cp benchmarks.jar dev.jtee.bench.SocketInvokeBenchmark SOCKET}: the benchmark's daemon on its own, until killed. */
    public static void main(String[] args) throws InterruptedException {
        SecureWorld world = newWorld();
        Daemon daemon = Daemon.builder().socket(Path.of(args[0])).world(world).start();
        System.out.println("serving " + daemon.address());
        Thread.currentThread().join();
    }

    @State(Scope.Benchmark)
    public static class Daemonised {
        @Param({"1", "2", "8"})
        public int connections;

        Path dir;
        SecureWorld world;
        Daemon daemon;
        Tee[] tees;
        final AtomicInteger next = new AtomicInteger();

        @Setup(Level.Trial)
        public void start() throws IOException {
            String address = System.getProperty(DAEMON_PROPERTY);
            if (address == null) {
                dir = Files.createTempDirectory("jtee-bench-");
                world = newWorld();
                daemon = Daemon.builder().socket(dir.resolve("jtee.sock")).world(world).start();
                address = daemon.address();
            }
            tees = new Tee[connections];
            for (int i = 0; i < connections; i++) {
                tees[i] = Tee.connect(address);
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            for (Tee t : tees) {
                t.close();
            }
            if (daemon != null) {
                daemon.close();
                world.close();
                Files.deleteIfExists(dir.resolve("jtee.sock"));
                Files.deleteIfExists(dir);
            }
        }
    }

    @State(Scope.Thread)
    public static class Caller {
        Context ctx;
        Session session;
        final Operation op = Operation.create();
        int value;

        @Setup(Level.Trial)
        public void open(Daemonised d) {
            ctx = d.tees[d.next.getAndIncrement() % d.tees.length].newContext();
            session = ctx.openSession(TeeUuid.parse(HelloWorldTa.UUID));
        }

        @TearDown(Level.Trial)
        public void close() {
            try {
                session.close();
                ctx.close();
            } catch (TeeException e) {
                // JMH may tear the connections down before the last callers: nothing to measure here
            }
        }
    }

    private static int invoke(Caller c) {
        c.op.value(0, ParamType.VALUE_INOUT, c.value, 0);
        c.session.invoke(HelloWorldTa.CMD_INC_VALUE, c.op);
        return c.value = c.op.valueA(0);
    }

    /** One caller: the round trip's latency. */
    @Benchmark
    @Threads(1)
    public int socketInvoke1(Caller c) {
        return invoke(c);
    }

    /** Eight callers over {@code connections} connections: throughput with requests pipelined. */
    @Benchmark
    @Threads(8)
    public int socketInvoke8(Caller c) {
        return invoke(c);
    }

    /** 64 platform caller threads: deep pipelining, each call a thread wake-up on the client side. */
    @Benchmark
    @Threads(64)
    public int socketInvoke64(Caller c) {
        return invoke(c);
    }

    /**
     * 64 virtual caller threads (JMH's virtual-thread executor): deep pipelining, as a server
     * with many concurrent requests on virtual threads would call; a caller's wake-up is a
     * continuation on the carrier pool rather than an OS context switch.
     */
    @Benchmark
    @Threads(64)
    @Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
            "-Djmh.executor=VIRTUAL"})
    public int socketInvoke64v(Caller c) {
        return invoke(c);
    }
}
