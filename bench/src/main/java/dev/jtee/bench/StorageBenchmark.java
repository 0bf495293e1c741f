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
 * Trusted storage and crypto through the TA API, from a client: secure_storage's WRITE_RAW and
 * READ_RAW of 1 KiB objects (one SQLite transaction, AES-GCM sealing and the key hierarchy per
 * write; a load and unseal per read), and aes' AUTHENC with AES-128-GCM over a buffer of
 * {@code payload} bytes (MB/s = ops/s × payload). The world's storage is a temporary directory.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StorageBenchmark {
    private static final byte[] ID = "bench-object".getBytes();

    @Param({"65536"})
    public int payload;

    SecureWorld world;
    Tee tee;
    Context ctx;
    Session storage;
    Session aes;
    byte[] data1k = new byte[1024];
    byte[] read1k = new byte[1024];
    byte[] plain;
    byte[] cipher;
    byte[] tag = new byte[16];
    int counter;

    @Setup(Level.Trial)
    public void start() {
        world = SecureWorld.builder().threads(4).console(line -> { }).build();
        tee = Tee.on(world);
        ctx = tee.newContext();
        storage = ctx.openSession(TeeUuid.parse(SecureStorageTa.UUID));
        storage.invoke(SecureStorageTa.CMD_WRITE_RAW, Operation.create()
                .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, ID).tempMemref(1, ParamType.MEMREF_TEMP_INPUT, data1k));
        aes = ctx.openSession(TeeUuid.parse(AesTa.UUID));
        aes.invoke(AesTa.CMD_PREPARE, Operation.create().value(0, ParamType.VALUE_INPUT, AesTa.ALGO_GCM, 0)
                .value(1, ParamType.VALUE_INPUT, 16, 0).value(2, ParamType.VALUE_INPUT, AesTa.MODE_ENCODE, 0));
        aes.invoke(AesTa.CMD_SET_KEY, Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, new byte[16]));
        plain = new byte[payload];
        cipher = new byte[payload];
    }

    @TearDown(Level.Trial)
    public void stop() {
        aes.close();
        storage.close();
        ctx.close();
        tee.close();
        world.close();
    }

    /** One persistent object write of 1 KiB (create with OVERWRITE, as secure_storage does). */
    @Benchmark
    public long write1KiB() {
        data1k[0] = (byte) counter++;
        Operation op = Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, ID)
                .tempMemref(1, ParamType.MEMREF_TEMP_INPUT, data1k);
        storage.invoke(SecureStorageTa.CMD_WRITE_RAW, op);
        return op.types();
    }

    /** One persistent object read of 1 KiB (open, info, read, close). */
    @Benchmark
    public long read1KiB() {
        Operation op = Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, ID)
                .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, read1k);
        storage.invoke(SecureStorageTa.CMD_READ_RAW, op);
        return op.size(1);
    }

    /** AES-128-GCM encryption of {@code payload} bytes with a 128-bit tag, through the TA. */
    @Benchmark
    public long aesGcmEncrypt() {
        Operation op = Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, plain)
                .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, cipher).value(2, ParamType.VALUE_INPUT, 1, 0)
                .tempMemref(3, ParamType.MEMREF_TEMP_INOUT, tag);
        aes.invoke(AesTa.CMD_AUTHENC, op);
        return op.size(1);
    }
}
