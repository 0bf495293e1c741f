package dev.jtee.bench;

import dev.jtee.api.ParamType;
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
 * connection's reader thread takes the flow-limiter permit and enters the secure world itself,
 * answers batched per read), the TA instance thread and back.
 * The daemon runs in the benchmark's JVM (the client and the daemon share its 2 cores, as on one
 * machine). {@code connections} Tee connections are shared round-robin by the caller threads;
 * each caller has its own context and session.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"})
public class SocketInvokeBenchmark {

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
            dir = Files.createTempDirectory("jtee-bench-");
            world = SecureWorld.builder().threads(8).console(line -> { }).build();
            daemon = Daemon.builder().socket(dir.resolve("jtee.sock")).world(world).start();
            tees = new Tee[connections];
            for (int i = 0; i < connections; i++) {
                tees[i] = Tee.connect(daemon.address());
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            for (Tee t : tees) {
                t.close();
            }
            daemon.close();
            world.close();
            Files.deleteIfExists(dir);
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
            session.close();
            ctx.close();
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
}
