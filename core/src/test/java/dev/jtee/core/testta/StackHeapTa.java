package dev.jtee.core.testta;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;

/**
 * A TA for the stack meter's and profiler's core tests, in a package of its own so that its
 * classes can be loaded again, instrumented. Command 0: recurse p0.a levels ({@link #level}: two
 * int slots, 24 bytes modelled → 32). Command 1: malloc p0.a bytes and free them (churn).
 * Command 2: malloc p0.a bytes and keep them (a leak). Command 3: 100 times throw from p0.a levels
 * deep and catch, then recurse p0.a levels.
 */
public final class StackHeapTa implements TrustedApplication {
    public static final String UUID = "c0de57ac-0000-4000-8000-000000000001";
    public static final int STACK = 1024;
    public static final int DATA = 4096;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "stack_heap")
            .stackSize(STACK).dataSize(DATA).build();

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        if (params.type(0) != ParamType.VALUE_INPUT && params.type(0) != ParamType.VALUE_INOUT) {
            return TeeResult.BAD_PARAMETERS;
        }
        int a = params.value(0).a();
        switch (command) {
            case 0 -> level(a);
            case 1 -> {
                long p = TeeApi.malloc(a, TeeApi.MALLOC_FILL_ZERO);
                if (p == 0) {
                    return TeeResult.OUT_OF_MEMORY;
                }
                TeeApi.free(p);
            }
            case 2 -> {
                if (TeeApi.malloc(a, TeeApi.MALLOC_FILL_ZERO) == 0) {
                    return TeeResult.OUT_OF_MEMORY;
                }
            }
            case 3 -> {
                // exceptions thrown through TA frames and caught in TA code: the meter must stay balanced
                for (int i = 0; i < 100; i++) {
                    try {
                        throwAt(a);
                    } catch (IllegalStateException expected) {
                        // as planned
                    }
                }
                level(a);
            }
            default -> {
                return TeeResult.BAD_PARAMETERS;
            }
        }
        return TeeResult.SUCCESS;
    }

    /** {@code n} frames, then a throw: one int slot, 32 bytes modelled per frame. */
    static void throwAt(int n) {
        if (n <= 0) {
            throw new IllegalStateException("bottom");
        }
        throwAt(n - 1);
    }

    /** One frame per level: locals {@code n} and {@code r}, 2 slots: 16 + 8 → 32 bytes modelled. */
    static int level(int n) {
        if (n <= 0) {
            return 0;
        }
        int r = level(n - 1);
        return r + 1;
    }
}
