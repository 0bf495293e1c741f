package dev.jtee.bench;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.AesTa;
import dev.jtee.examples.SecureStorageTa;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Crypto and storage of a C TA against a Java TA, in one run: AES-128-GCM over 64 KiB per call and a
 * 1 KiB persistent write per call. Java: aes' AUTHENC (operation prepared once; AEInit and
 * AEEncryptFinal per call) and secure_storage's WRITE_RAW (create with OVERWRITE and the data, close).
 * Native: the gpops C test TA's BENCH_GCM and BENCH_WRITE doing the same GP calls, each a REQUEST to the
 * world's engine (NATIVE-TAS.md §C.1), with the buffers through the TA host's shared memory. MB/s of
 * the GCM case = ops/s × 64 KiB. The native parts come from {@code -Djtee.native.home}, else
 * {@code ta-native/target/native} under the working directory ({@code bench/run} runs from the root).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class NativeCryptoBenchmark {
    private static final String GPOPS = "9c0a17e0-0017-4e6e-8a7f-6a7b1e5c0d17";
    private static final int BENCH_GCM = 17;
    private static final int BENCH_WRITE = 18;
    private static final byte[] ID = "bench-object".getBytes();

    @Param({"java", "native"})
    public String kind;

    SecureWorld world;
    Tee tee;
    Context ctx;
    Session aes;
    Session storage;
    final byte[] plain = new byte[64 << 10];
    final byte[] cipher = new byte[64 << 10];
    final byte[] tag = new byte[16];
    final byte[] data1k = new byte[1024];
    int counter;

    @Setup(Level.Trial)
    public void start() {
        SecureWorld.Builder b = SecureWorld.builder().threads(4).console(line -> { });
        boolean nat = kind.equals("native");
        if (nat) {
            String prop = System.getProperty("jtee.native.home");
            Path home = Path.of(prop != null ? prop : "ta-native/target/native").toAbsolutePath();
            Path tas = home.resolve("ta");
            if (!Files.isRegularFile(tas.resolve(GPOPS + ".ta"))) {
                throw new IllegalStateException("no gpops C TA in " + tas + ": build ta-native first");
            }
            b.nativeHome(home).taDir(tas);
        }
        world = b.build();
        tee = Tee.on(world);
        ctx = tee.newContext();
        if (nat) {
            aes = ctx.openSession(TeeUuid.parse(GPOPS));
            storage = aes;
        } else {
            aes = ctx.openSession(TeeUuid.parse(AesTa.UUID));
            aes.invoke(AesTa.CMD_PREPARE, Operation.create().value(0, ParamType.VALUE_INPUT, AesTa.ALGO_GCM, 0)
                    .value(1, ParamType.VALUE_INPUT, 16, 0).value(2, ParamType.VALUE_INPUT, AesTa.MODE_ENCODE, 0));
            aes.invoke(AesTa.CMD_SET_KEY, Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, new byte[16]));
            storage = ctx.openSession(TeeUuid.parse(SecureStorageTa.UUID));
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (storage != aes) {
            storage.close();
        }
        aes.close();
        ctx.close();
        tee.close();
        world.close();
    }

    /** AES-128-GCM encryption of 64 KiB with a 128-bit tag, through the TA. */
    @Benchmark
    public long aesGcm64KiB() {
        Operation op = kind.equals("native")
                ? Operation.create().value(0, ParamType.VALUE_OUTPUT, 0, 0)
                        .tempMemref(1, ParamType.MEMREF_TEMP_INPUT, plain).tempMemref(2, ParamType.MEMREF_TEMP_OUTPUT, cipher)
                        .tempMemref(3, ParamType.MEMREF_TEMP_INOUT, tag)
                : Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, plain)
                        .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, cipher).value(2, ParamType.VALUE_INPUT, 1, 0)
                        .tempMemref(3, ParamType.MEMREF_TEMP_INOUT, tag);
        aes.invoke(kind.equals("native") ? BENCH_GCM : AesTa.CMD_AUTHENC, op);
        return op.types();
    }

    /** One persistent object write of 1 KiB (create with OVERWRITE and the data, close). */
    @Benchmark
    public long write1KiB() {
        data1k[0] = (byte) counter++;
        Operation op = kind.equals("native")
                ? Operation.create().value(0, ParamType.VALUE_OUTPUT, 0, 0).tempMemref(1, ParamType.MEMREF_TEMP_INPUT, ID)
                        .tempMemref(2, ParamType.MEMREF_TEMP_INPUT, data1k)
                : Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, ID)
                        .tempMemref(1, ParamType.MEMREF_TEMP_INPUT, data1k);
        storage.invoke(kind.equals("native") ? BENCH_WRITE : SecureStorageTa.CMD_WRITE_RAW, op);
        return op.types();
    }
}
