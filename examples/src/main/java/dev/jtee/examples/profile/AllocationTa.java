package dev.jtee.examples.profile;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;

/**
 * A test TA for heap profiling with a known allocation pattern. Every session keeps a
 * {@link #CONTEXT_SIZE}-byte context (freed on close). A single-instance TA, so all sessions share
 * one heap of {@link #DATA_SIZE} bytes.
 */
public final class AllocationTa implements TrustedApplication {
    public static final String UUID = "9f0f11e0-5c2d-4b1a-8e7f-3a1c0de5ac02";
    public static final int STACK_SIZE = 2 * 1024;
    public static final int DATA_SIZE = 4 * 1024;
    public static final int CONTEXT_SIZE = 512;

    /** Churn: malloc {@link #CHURN_SIZES} (1024, 256, 64 bytes), use them, free them all. No parameters. */
    public static final int CMD_CHURN = 0;
    /** Leak: malloc p0 VALUE_INPUT {@code a} bytes and forget the pointer. */
    public static final int CMD_LEAK = 1;
    /** Keep: malloc p0 VALUE_INPUT {@code a} blocks of 32 bytes, kept until destroy (at most {@link #MAX_KEPT}). */
    public static final int CMD_KEEP = 2;
    /** The churn's work done in one buffer allocated at create and reset per call (the static alternative). */
    public static final int CMD_STATIC = 3;

    public static final int[] CHURN_SIZES = {1024, 256, 64};
    public static final int STATIC_SIZE = 1024 + 256 + 64;
    public static final int MAX_KEPT = 64;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "allocation")
            .flags(dev.jtee.ta.TaFlags.SINGLE_INSTANCE | dev.jtee.ta.TaFlags.MULTI_SESSION)
            .stackSize(STACK_SIZE)
            .dataSize(DATA_SIZE)
            .description("Test TA: a known allocation pattern with churn, a leak and a static alternative")
            .build();

    private final long[] kept = new long[MAX_KEPT];
    private int keptCount;
    private long staticBuffer;
    private final byte[] scratch = new byte[64];

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult create() {
        staticBuffer = TeeApi.malloc(STATIC_SIZE, TeeApi.MALLOC_FILL_ZERO);
        return staticBuffer == 0 ? TeeResult.OUT_OF_MEMORY : TeeResult.SUCCESS;
    }

    @Override
    public void destroy() {
        for (int i = 0; i < keptCount; i++) {
            TeeApi.free(kept[i]);
        }
        TeeApi.free(staticBuffer);
    }

    @Override
    public TeeResult openSession(Params params, TaSession session) {
        long ctx = TeeApi.malloc(CONTEXT_SIZE, TeeApi.MALLOC_FILL_ZERO);
        if (ctx == 0) {
            return TeeResult.OUT_OF_MEMORY;
        }
        session.context(ctx);
        return TeeResult.SUCCESS;
    }

    @Override
    public void closeSession(TaSession session) {
        Long ctx = session.context();
        TeeApi.free(ctx);
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        switch (command) {
            case CMD_CHURN -> {
                long[] blocks = new long[CHURN_SIZES.length];
                for (int i = 0; i < blocks.length; i++) {
                    blocks[i] = TeeApi.malloc(CHURN_SIZES[i], TeeApi.MALLOC_FILL_ZERO);
                    if (blocks[i] == 0) {
                        throw TeeApi.panic(TeeResult.OUT_OF_MEMORY);
                    }
                    TeeApi.write(blocks[i], scratch, 0, scratch.length);
                }
                for (long b : blocks) {
                    TeeApi.free(b);
                }
            }
            case CMD_STATIC -> {
                TeeApi.memFill(staticBuffer, 0, STATIC_SIZE);
                TeeApi.write(staticBuffer, scratch, 0, scratch.length);
            }
            case CMD_LEAK, CMD_KEEP -> {
                if (params.type(0) != ParamType.VALUE_INPUT) {
                    return TeeResult.BAD_PARAMETERS;
                }
                int a = params.value(0).a();
                if (command == CMD_LEAK) {
                    return TeeApi.malloc(a, TeeApi.MALLOC_FILL_ZERO) == 0 ? TeeResult.OUT_OF_MEMORY : TeeResult.SUCCESS;
                }
                for (int i = 0; i < a; i++) {
                    if (keptCount == MAX_KEPT) {
                        return TeeResult.OUT_OF_MEMORY;
                    }
                    long p = TeeApi.malloc(32, TeeApi.MALLOC_FILL_ZERO);
                    if (p == 0) {
                        return TeeResult.OUT_OF_MEMORY;
                    }
                    kept[keptCount++] = p;
                }
            }
            default -> {
                return TeeResult.BAD_PARAMETERS;
            }
        }
        return TeeResult.SUCCESS;
    }
}
