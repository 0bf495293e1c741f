package dev.jtee.examples.xtest;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Memref;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TrustedApplication;
import dev.jtee.ta.Value;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * optee_test's concurrent TA (xtest 1005, 1013): multi-instance, so every session has its own
 * instance and calls on different sessions really run in parallel. Both commands take the
 * xtest layout: p0 MEMREF_INOUT (the shared block, at least 4 bytes), p1 VALUE_INOUT with
 * {@code a} = rounds in and {@code b} = the highest number of commands of this TA seen running at
 * once during the call out. In C the count lives in the shared block; Java TA code cannot do
 * atomics on a memref, so it is a JVM-wide counter here, which measures the same thing.
 */
public final class ConcurrentTa implements TrustedApplication {
    public static final String UUID = "e13010e0-2ae1-11e5-896a-0002a5d5c51b";
    /** p0 MEMREF_INOUT, p1 VALUE_INOUT: spins {@code a} × 1000 iterations. */
    public static final int CMD_BUSY_LOOP = 0;
    /** As BUSY_LOOP plus p2 MEMREF_INPUT data, p3 MEMREF_OUTPUT (≥ 32 bytes): SHA-256, {@code a} times. */
    public static final int CMD_SHA256 = 1;
    /** Size of the shared block the commands expect ({@code struct ta_concurrent_shm}). */
    public static final int SHM_SIZE = 4;
    public static final int SHA256_SIZE = 32;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "concurrent")
            .description("optee_test concurrent TA: busy loop and SHA-256 under parallel sessions")
            .stackSize(2 * 1024)
            .dataSize(32 * 1024)
            .build();

    private static final int BUSY_LOOP_TYPES =
            ParamTypes.pack(ParamType.MEMREF_INOUT, ParamType.VALUE_INOUT, ParamType.NONE, ParamType.NONE);
    private static final int SHA256_TYPES =
            ParamTypes.pack(ParamType.MEMREF_INOUT, ParamType.VALUE_INOUT, ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT);

    /** Commands of this TA running right now, over all instances (all worlds of this JVM). */
    private static final AtomicInteger ACTIVE = new AtomicInteger();

    /** Written by the busy loop so the JIT cannot drop it. */
    private long sink;

    public ConcurrentTa() {
    }

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        return switch (command) {
            case CMD_BUSY_LOOP -> busyLoop(params);
            case CMD_SHA256 -> sha256(params);
            default -> TeeResult.BAD_PARAMETERS;
        };
    }

    private TeeResult busyLoop(Params params) {
        if (params.types() != BUSY_LOOP_TYPES || params.memref(0).size() < SHM_SIZE) {
            return TeeResult.BAD_PARAMETERS;
        }
        Value v = params.value(1);
        int max = ACTIVE.incrementAndGet();
        try {
            long x = sink;
            for (long round = Integer.toUnsignedLong(v.a()); round > 0; round--) {
                for (int n = 0; n < 1000; n++) {
                    x = x * 31 + n;
                }
                max = Math.max(max, ACTIVE.get());
            }
            sink = x;
        } finally {
            ACTIVE.decrementAndGet();
        }
        v.b(max);
        return TeeResult.SUCCESS;
    }

    private static TeeResult sha256(Params params) {
        if (params.types() != SHA256_TYPES || params.memref(0).size() < SHM_SIZE
                || params.memref(3).size() < SHA256_SIZE) {
            return TeeResult.BAD_PARAMETERS;
        }
        Value v = params.value(1);
        int max = ACTIVE.incrementAndGet();
        try {
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                return TeeResult.NOT_SUPPORTED;
            }
            byte[] in = params.memref(2).toByteArray();
            byte[] digest = md.digest(in);
            for (long round = Integer.toUnsignedLong(v.a()); round > 1; round--) {
                md.reset();
                digest = md.digest(in);
                max = Math.max(max, ACTIVE.get());
            }
            Memref out = params.memref(3);
            out.write(0, digest, 0, digest.length);
            out.size(digest.length);
        } finally {
            ACTIVE.decrementAndGet();
        }
        v.b(max);
        return TeeResult.SUCCESS;
    }
}
