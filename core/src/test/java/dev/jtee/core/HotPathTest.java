package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaSession;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The invoke path allocates nothing per call, on the caller's thread or the instance's, for
 * value and memref parameters alike (DESIGN: hot paths allocation-free; brief: ≤ 200 bytes).
 * Measured with the JVM's per-thread allocation counters; no wall-clock assertion.
 */
class HotPathTest {
    static final String UUID = "aaaaaaaa-0000-0000-0000-000000000001";
    static final String SI = "aaaaaaaa-0000-0000-0000-000000000002";
    static final int CALLS = 100_000;

    @Test
    void invokeAllocatesNothingPerCall() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            TestTa.Control control = new TestTa.Control();
            Client c = Client.start(b -> b
                    .ta(() -> hot(TestTa.manifest(UUID, "hot", 0), control))
                    .ta(() -> hot(TestTa.manifest(SI, "hot_si", TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION), control)));
            try {
                for (String uuid : new String[] {UUID, SI}) {
                    int s = c.openOk(uuid);
                    Thread instance = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().startsWith(uuid.equals(UUID) ? "jtee-ta-hot-" : "jtee-ta-hot_si-"))
                            .findFirst().orElseThrow();
                    byte[] buffer = new byte[64];
                    CallFrame f = new CallFrame();
                    run(c, f, s, buffer, CALLS); // warm-up: JIT, lazily created structures
                    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                    long caller0 = mx.getThreadAllocatedBytes(Thread.currentThread().threadId());
                    long inst0 = mx.getThreadAllocatedBytes(instance.threadId());
                    run(c, f, s, buffer, CALLS);
                    long caller = mx.getThreadAllocatedBytes(Thread.currentThread().threadId()) - caller0;
                    long inst = mx.getThreadAllocatedBytes(instance.threadId()) - inst0;
                    double perCall = (caller + inst) / (double) (2 * CALLS);
                    assertTrue(perCall < 8, "bytes allocated per invoke: " + perCall + " (caller " + caller + ", instance "
                            + inst + " for " + 2 * CALLS + " calls)");
                    assertEquals((byte) (2 * CALLS), buffer[0], "every memref call really ran");
                }
            } finally {
                c.world.close();
            }
        });
    }

    /** A TestTa with command 50: p1 MEMREF_INOUT byte 0 + 1, size 1 reported. */
    private static TestTa hot(dev.jtee.ta.TaManifest manifest, TestTa.Control control) {
        return new TestTa(manifest, control) {
            @Override
            public dev.jtee.api.TeeResult invokeCommand(TaSession session, int command, Params p) {
                if (command == 50) {
                    p.memref(1).put(0, (byte) (p.memref(1).get(0) + 1));
                    p.memref(1).size(1);
                    return dev.jtee.api.TeeResult.SUCCESS;
                }
                return super.invokeCommand(session, command, p);
            }
        };
    }

    private static void run(Client c, CallFrame f, int session, byte[] buffer, int calls) {
        int value = 0;
        for (int i = 0; i < calls; i++) {
            f.session = session;
            f.command = TestTa.CMD_INC;
            f.paramTypes = ParamTypes.pack(ParamType.VALUE_INOUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
            f.valueA[0] = value;
            if (c.world.invokeCommand(f) != SecureWorldPort.OK || f.result != 0) {
                throw new AssertionError("invoke failed: " + f.result);
            }
            value = f.valueA[0];

            f.command = 50;
            f.paramTypes = ParamTypes.pack(ParamType.NONE, ParamType.MEMREF_INOUT, ParamType.NONE, ParamType.NONE);
            f.buffer[1] = buffer;
            f.offset[1] = 0;
            f.size[1] = buffer.length;
            if (c.world.invokeCommand(f) != SecureWorldPort.OK || f.result != 0 || f.size[1] != 1) {
                throw new AssertionError("memref invoke failed: " + f.result);
            }
        }
    }
}
