package dev.jtee.bench;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.HelloWorldTa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * The null invoke on a native TA against the Java one: hello_world's INC_VALUE through the client
 * API and the embedded world, once on the built-in Java hello_world, once on the C hello_world
 * built by the TA dev kit (same UUID: it replaces the built-in in its world), which means a frame
 * to its TA host process over a Unix socket and the answer back. SampleTime gives the p50.
 * The native parts come from {@code -Djtee.native.home}, else {@code ta-native/target/native}
 * under the working directory ({@code bench/run} runs from the repository's root).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NativeInvokeBenchmark {

    @State(Scope.Benchmark)
    public static class World {
        @Param({"java", "native"})
        public String kind;
        SecureWorld world;
        Tee tee;
        Context ctx;
        Session session;
        final Operation op = Operation.create();
        int value;

        @Setup(Level.Trial)
        public void start() {
            SecureWorld.Builder b = SecureWorld.builder().threads(8).console(line -> { });
            if (kind.equals("native")) {
                String prop = System.getProperty("jtee.native.home");
                Path home = Path.of(prop != null ? prop : "ta-native/target/native").toAbsolutePath();
                Path tas = home.resolve("ta");
                if (!Files.isRegularFile(tas.resolve(HelloWorldTa.UUID + ".ta"))) {
                    throw new IllegalStateException("no C hello_world in " + tas + ": build ta-native first");
                }
                b.nativeHome(home).taDir(tas);
            }
            world = b.build();
            if (kind.equals("native") != world.isNativeTa(TeeUuid.parse(HelloWorldTa.UUID))) {
                throw new IllegalStateException("hello_world is not the " + kind + " one");
            }
            tee = Tee.on(world);
            ctx = tee.newContext();
            session = ctx.openSession(TeeUuid.parse(HelloWorldTa.UUID));
        }

        @TearDown(Level.Trial)
        public void stop() {
            session.close();
            ctx.close();
            tee.close();
            world.close();
        }
    }

    @Benchmark
    @Threads(1)
    public int nullInvoke(World w) {
        w.op.value(0, ParamType.VALUE_INOUT, w.value, 0);
        w.session.invoke(HelloWorldTa.CMD_INC_VALUE, w.op);
        return w.value = w.op.valueA(0);
    }
}
