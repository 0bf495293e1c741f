package dev.jtee.bench;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.seed.SeedTa;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Goodput under contention, one caller against many in the same run (issue 13, item 5), with the
 * driver's default flow control on an embedded HiKey-like world (8 secure threads):
 *
 * <ul>
 * <li>{@code seed1} / {@code seed64}: the seed TA's PROCESS with a 256-byte input and a 48-byte
 *     output, as {@code jtee stress seed 0 -p min:zeros:256 -p mout:48}; one context with 16
 *     sessions on the single instance, used by 1 caller or by 64 (caller {@code i} on session
 *     {@code i % 16}, as {@code --callers 64 --sessions 16}). The instance serves one call at a
 *     time, so 64 callers can at best keep it as busy as one does. {@code seed1x16}: one caller
 *     going round the 16 sessions, what the TA itself costs when 16 sessions' state interleaves
 *     on its heap (the ceiling of {@code seed64}). {@code seed2}: 2 callers on 2 of the sessions,
 *     the fewest that contend.</li>
 * <li>{@code hello1} / {@code hello2}: hello_world's null invoke as {@link InvokeBenchmark} makes it
 *     (each caller with a context and session, so an instance, of its own): 2 callers on 2 cores.</li>
 * </ul>
 *
 * Throughput is calls per second over all callers.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class GoodputBenchmark {
    static final int SEED_SESSIONS = 16;
    static final int SEED_INPUT = 256;

    @State(Scope.Benchmark)
    public static class World {
        SecureWorld world;
        Tee tee;
        Context seedContext;
        Session[] seedSessions;
        final AtomicInteger callers = new AtomicInteger();

        @Setup(Level.Trial)
        public void start() {
            world = SecureWorld.builder().threads(8).console(line -> { }).build();
            tee = Tee.on(world);
            seedContext = tee.newContext();
            seedSessions = new Session[SEED_SESSIONS];
            TeeUuid seed = TeeUuid.parse(SeedTa.UUID);
            for (int i = 0; i < SEED_SESSIONS; i++) {
                seedSessions[i] = seedContext.openSession(seed);
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            for (Session s : seedSessions) {
                s.close();
            }
            seedContext.close();
            tee.close();
            world.close();
        }
    }

    /** One seed caller: its session (shared with 3 others at 64 callers), operation and buffers. */
    @State(Scope.Thread)
    public static class SeedCaller {
        Session session;
        final Operation op = Operation.create();
        final byte[] request = new byte[SEED_INPUT];
        final byte[] response = new byte[SeedTa.RESPONSE_SIZE];
        /** seed1x16: the next session. */
        int next;

        @Setup(Level.Trial)
        public void pick(World w) {
            session = w.seedSessions[Math.floorMod(w.callers.getAndIncrement(), SEED_SESSIONS)];
        }
    }

    @Benchmark
    @Threads(1)
    public Operation seed1(SeedCaller c) {
        return process(c);
    }

    @Benchmark
    @Threads(2)
    public Operation seed2(SeedCaller c) {
        return process(c);
    }

    @Benchmark
    @Threads(64)
    public Operation seed64(SeedCaller c) {
        return process(c);
    }

    @Benchmark
    @Threads(1)
    public Operation seed1x16(SeedCaller c, World w) {
        c.session = w.seedSessions[c.next++ & (SEED_SESSIONS - 1)];
        return process(c);
    }

    @Benchmark
    @Threads(1)
    public int hello1(InvokeBenchmark.Caller c) {
        return InvokeBenchmark.invoke(c);
    }

    @Benchmark
    @Threads(2)
    public int hello2(InvokeBenchmark.Caller c) {
        return InvokeBenchmark.invoke(c);
    }

    private static Operation process(SeedCaller c) {
        Operation op = c.op;
        op.tempMemref(0, ParamType.MEMREF_TEMP_INPUT, c.request);
        op.tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, c.response);
        c.session.invoke(SeedTa.CMD_PROCESS, op);
        return op;
    }
}
