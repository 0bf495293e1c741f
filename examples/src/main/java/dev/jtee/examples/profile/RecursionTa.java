package dev.jtee.examples.profile;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TrustedApplication;
import dev.jtee.ta.Value;

/**
 * A test TA for stack profiling: how deep it recurses is set by its input, so the stack it needs
 * grows with the input by a known step. Declares optee_examples' 2 KiB stack and the smallest heap.
 */
public final class RecursionTa implements TrustedApplication {
    public static final String UUID = "9f0f11e0-5c2d-4b1a-8e7f-3a1c0de5ac01";
    public static final int STACK_SIZE = 2 * 1024;
    public static final int DATA_SIZE = 1024;

    /**
     * p0 VALUE_INPUT or VALUE_INOUT {@code a} = depth: {@link #walk} calls itself {@code a} times.
     * With VALUE_INOUT, {@code b} = a checksum of the frames.
     */
    public static final int CMD_WALK = 0;
    /**
     * p0 VALUE_INPUT {@code a} = depth: {@code a} levels of two methods calling each other
     * ({@link #even}/{@link #odd}, frames of different sizes).
     */
    public static final int CMD_PING_PONG = 1;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "recursion")
            .stackSize(STACK_SIZE)
            .dataSize(DATA_SIZE)
            .description("Test TA: recursion as deep as its input says")
            .build();

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        ParamType p0 = params.type(0);
        if (p0 != ParamType.VALUE_INPUT && p0 != ParamType.VALUE_INOUT) {
            return TeeResult.BAD_PARAMETERS;
        }
        Value v = params.value(0);
        int depth = v.a();
        if (depth < 0) {
            return TeeResult.BAD_PARAMETERS;
        }
        long sum = switch (command) {
            case CMD_WALK -> walk(depth, 1);
            case CMD_PING_PONG -> even(depth, 7, 11);
            default -> -1;
        };
        if (sum == -1) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (p0 == ParamType.VALUE_INOUT) {
            v.b((int) (sum ^ (sum >>> 32)));
        }
        return TeeResult.SUCCESS;
    }

    /** One frame per level, with local state used after the call returns. */
    static long walk(int remaining, long seed) {
        if (remaining == 0) {
            return seed;
        }
        long mixed = seed * 0x9E3779B97F4A7C15L + remaining;
        long below = walk(remaining - 1, mixed);
        return below ^ (mixed >>> 17);
    }

    static long even(int remaining, long a, long b) {
        if (remaining == 0) {
            return a ^ b;
        }
        long c = a + b;
        return odd(remaining - 1, c) + c;
    }

    static long odd(int remaining, long a) {
        if (remaining == 0) {
            return a;
        }
        return even(remaining - 1, a, a >>> 3) - 1;
    }
}
