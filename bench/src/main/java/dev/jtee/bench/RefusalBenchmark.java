package dev.jtee.bench;

import dev.jtee.api.TeeException;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.FlowControl;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.HelloWorldTa;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a refusal costs the caller: hello_world's invoke through a context whose token bucket is
 * empty, so flow control answers every call with BUSY (rate limited) before the secure world. Under
 * overload refusals come by the hundred thousand a second (issue 13's 1,000 callers), so their
 * allocation decides how soon a GC pause delays them all; {@code -prof gc} shows it per call.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RefusalBenchmark {
    Tee tee;
    SecureWorld world;
    Context ctx;
    Session session;
    final Operation op = Operation.create();

    @Setup(Level.Trial)
    public void start() {
        world = SecureWorld.builder().console(line -> { }).build();
        tee = Tee.on(world);
        // one token a day, used by the open: every invoke after it is refused
        ctx = tee.newContext(FlowControl.builder().rateLimit(1.0 / 86_400, 1).build());
        session = ctx.openSession(TeeUuid.parse(HelloWorldTa.UUID));
    }

    @TearDown(Level.Trial)
    public void stop() {
        session.close();
        ctx.close();
        tee.close();
        world.close();
    }

    @Benchmark
    public TeeException refusedInvoke() {
        try {
            session.invoke(HelloWorldTa.CMD_INC_VALUE, op.value(0, dev.jtee.api.ParamType.VALUE_INOUT, 1, 0));
            throw new AssertionError("not refused");
        } catch (TeeException e) {
            return e;
        }
    }
}
