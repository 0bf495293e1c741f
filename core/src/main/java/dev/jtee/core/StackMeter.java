package dev.jtee.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The modelled stack of one TA instance. A Java TA has no C stack to measure, and the JVM's own
 * thread stack depends on the JIT and never goes below the JVM's minimum (over 100 KiB), so a
 * declared {@code TA_STACK_SIZE} of 2 KiB would mean nothing. Instead, when a world meters stacks,
 * TA classes are loaded instrumented ({@link StackInstrumenter}): every TA method charges its
 * modelled frame on entry ({@link #enter}) and gives it back on exit ({@link #exit}), and a call
 * chain whose frames exceed the limit throws {@link TaStackOverflow} — a panic with
 * TEE_ERROR_OVERFLOW, as a smashed stack canary on OP-TEE.
 *
 * <p>The frame model (deterministic, independent of the JIT): {@value #FRAME_RECORD} bytes of frame
 * record (saved FP and LR on AArch64) plus 4 bytes per JVM local-variable slot (a long or double
 * takes two), rounded up to {@value #ALIGN} bytes (AArch64's SP alignment). That is a C function
 * compiled without optimisation, every local spilled to the stack; operand-stack temporaries are
 * taken to live in registers. Code outside the TA's own classes (the JDK, jtee's TEE API) is not
 * charged: OP-TEE's 2 KiB {@code TA_FRAMEWORK_STACK_SIZE} on top of TA_STACK_SIZE stands for it.
 *
 * <p>The static methods are called by instrumented TA code on the instance's own thread; the
 * instance fields are written by that thread only and read by others after the call returns (the
 * hand-off in {@link Instance} orders them).
 */
public final class StackMeter {
    /** Bytes of a frame record: the saved frame pointer and link register. */
    static final int FRAME_RECORD = 16;
    /** Stack alignment of the model. */
    static final int ALIGN = 16;

    private static final Object NAMES_LOCK = new Object();
    /** Method names by id, for the deepest chain; grows, never shrinks. */
    private static volatile String[] names = new String[64];
    private static int nameCount;

    /** The limit on TA frames in bytes ({@link Long#MAX_VALUE}: metered, not enforced). */
    final long limit;
    private long used;
    private int depth;
    private int[] chain = new int[64];

    private long peak;
    private int peakDepth;
    private int[] peakChain = new int[64];
    /** Entries below this index of {@link #peakChain} still equal {@link #chain}. */
    private int same;

    private long entryPeak;
    private int entryPeakDepth;

    StackMeter(long limit) {
        this.limit = limit;
    }

    /** The modelled frame of a method with {@code maxLocals} local-variable slots. */
    static int frameCost(int maxLocals) {
        return (FRAME_RECORD + 4 * maxLocals + ALIGN - 1) & -ALIGN;
    }

    /** A stable id for {@code name} (class.method), the same in every world of this JVM. */
    static int methodId(String name) {
        synchronized (NAMES_LOCK) {
            String[] n = names;
            for (int i = 0; i < nameCount; i++) {
                if (n[i].equals(name)) {
                    return i;
                }
            }
            if (nameCount == n.length) {
                n = Arrays.copyOf(n, n.length * 2);
            }
            n[nameCount] = name;
            names = n;
            return nameCount++;
        }
    }

    static String methodName(int id) {
        String[] n = names;
        return id >= 0 && id < n.length && n[id] != null ? n[id] : "?";
    }

    // ---- called by instrumented TA code

    /** Charges a frame of {@code cost} bytes for method {@code method}; throws when over the limit. Instrumented code only. */
    public static void enter(int cost, int method) {
        if (Thread.currentThread() instanceof JavaRuntime.InstanceThread t) {
            StackMeter m = t.stackMeter();
            if (m != null) {
                m.push(cost, method);
            }
        }
    }

    /** Gives back a frame of {@code cost} bytes. Instrumented code only. */
    public static void exit(int cost) {
        if (Thread.currentThread() instanceof JavaRuntime.InstanceThread t) {
            StackMeter m = t.stackMeter();
            if (m != null) {
                m.pop(cost);
            }
        }
    }

    // ---- the instance thread's side

    private void push(int cost, int method) {
        long now = used + cost;
        if (now > limit) {
            throw new TaStackOverflow(limit, now, depth + 1, methodName(method));
        }
        used = now;
        if (depth == chain.length) {
            chain = Arrays.copyOf(chain, depth * 2);
        }
        chain[depth++] = method;
        if (now > peak) {
            // copy only what changed since the last peak: a deepening recursion costs O(1) per frame
            if (peakChain.length < depth) {
                peakChain = Arrays.copyOf(peakChain, chain.length);
            }
            System.arraycopy(chain, same, peakChain, same, depth - same);
            same = depth;
            peak = now;
            peakDepth = depth;
        }
        if (now > entryPeak) {
            entryPeak = now;
            entryPeakDepth = depth;
        }
    }

    private void pop(int cost) {
        if (depth > 0) {
            depth--;
            used -= cost;
            if (depth < same) {
                same = depth;
            }
        }
    }

    /** At the start of every entry point: nothing of the TA is on the stack. */
    void beginEntry() {
        used = 0;
        depth = 0;
        same = 0;
        entryPeak = 0;
        entryPeakDepth = 0;
    }

    /** The highest modelled TA stack of the entry point that ran last, in bytes. */
    long entryPeak() {
        return entryPeak;
    }

    /** Frames at {@link #entryPeak()}. */
    int entryPeakDepth() {
        return entryPeakDepth;
    }

    /** The highest modelled TA stack of this instance so far, in bytes. */
    long peak() {
        return peak;
    }

    int peakDepth() {
        return peakDepth;
    }

    /** The call chain at {@link #peak()}, outermost first, as class.method names. */
    List<String> peakChain() {
        List<String> out = new ArrayList<>(peakDepth);
        for (int i = 0; i < peakDepth; i++) {
            out.add(methodName(peakChain[i]));
        }
        return out;
    }
}
