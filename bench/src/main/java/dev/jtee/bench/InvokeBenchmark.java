package dev.jtee.bench;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The embedded null invoke: hello_world INC_VALUE through the client API, the driver, a secure
 * thread and the instance's own thread, and back. Each caller thread has its own session (and so,
 * hello_world being multi-instance, its own instance), like independent client processes.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InvokeBenchmark {

    @State(Scope.Benchmark)
    public static class World {
        SecureWorld world;
        Tee tee;

        @Setup(Level.Trial)
        public void start() {
            world = SecureWorld.builder().threads(8).console(line -> { }).build();
            tee = Tee.on(world);
        }

        @TearDown(Level.Trial)
        public void stop() {
            tee.close();
            world.close();
        }
    }

    @State(Scope.Thread)
    public static class Caller {
        Context ctx;
        Session session;
        final Operation op = Operation.create();
        int value;

        @Setup(Level.Trial)
        public void open(World w) {
            ctx = w.tee.newContext();
            session = ctx.openSession(TeeUuid.parse(HelloWorldTa.UUID));
        }

        @TearDown(Level.Trial)
        public void close() {
            session.close();
            ctx.close();
        }
    }

    @Benchmark
    @Threads(1)
    public int nullInvoke1(Caller c) {
        return invoke(c);
    }

    @Benchmark
    @Threads(2)
    public int nullInvoke2(Caller c) {
        return invoke(c);
    }

    static int invoke(Caller c) {
        c.op.value(0, ParamType.VALUE_INOUT, c.value, 0);
        c.session.invoke(HelloWorldTa.CMD_INC_VALUE, c.op);
        return c.value = c.op.valueA(0);
    }
}
