package dev.jtee.examples.seed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.core.HeapStats;
import dev.jtee.core.InstanceInfo;
import dev.jtee.core.SecureWorld;
import dev.jtee.junit.JteeTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** The seed TA on the shared test world: responses, session isolation, heap accounting, parameters. */
@JteeTest
@Timeout(60)
class SeedTaTest {
    static final TeeUuid UUID = TeeUuid.parse(SeedTa.UUID);

    /** The seed under test: the Java one here, the C one in {@link NativeSeedTaTest}. */
    final TeeUuid seed = seedUnderTest();

    TeeUuid seedUnderTest() {
        return UUID;
    }

    @Test
    void processGivesTheSameCorrectResponseInBothModes(Context ctx) {
        byte[][] requests = {
            "hello, seed".getBytes(StandardCharsets.US_ASCII), new byte[0], pattern(1), pattern(300),
            pattern(SeedTa.MAX_REQUEST), pattern(777)
        };
        try (Session dynamic = open(ctx, seed, SeedTa.MODE_DYNAMIC); Session fixed = open(ctx, seed, SeedTa.MODE_STATIC)) {
            SeedModel model = new SeedModel();
            for (int round = 0; round < 3; round++) {
                for (byte[] request : requests) {
                    byte[] expected = model.process(request);
                    assertArrayEquals(expected, process(dynamic, request), "dynamic, round " + round);
                    assertArrayEquals(expected, process(fixed, request), "static, round " + round);
                }
            }
            // an explicit work size
            for (int w : new int[] {SeedTa.MIN_WORK, 4000, SeedTa.MAX_WORK}) {
                byte[] request = pattern(900);
                byte[] expected = model.process(request, w);
                assertArrayEquals(expected, process(dynamic, request, w), "dynamic, work " + w);
                assertArrayEquals(expected, process(fixed, request, w), "static, work " + w);
            }
        }
    }

    @Test
    void workSizesVaryFromOneToSixKiB() {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (long c = 0; c < 50; c++) {
            int w = SeedTa.workSize(100, c);
            min = Math.min(min, w);
            max = Math.max(max, w);
            int t = SeedTa.keyStreamSize(100, c);
            assertTrue(t >= SeedTa.MIN_KEY_STREAM && t <= SeedTa.MAX_KEY_STREAM, "key stream " + t);
        }
        assertEquals(SeedTa.MIN_WORK, min);
        assertEquals(SeedTa.MAX_WORK, max);
        for (long c = 0; c < 21; c++) {
            assertTrue(SeedTa.workSize(SeedTa.MAX_REQUEST, c) >= SeedTa.MAX_REQUEST, "the work buffer holds the request");
        }
    }

    @Test
    void sessionStateIsIsolated(Context ctx) {
        byte[] x = pattern(64);
        byte[] y = "another client".getBytes(StandardCharsets.US_ASCII);
        try (Session a = open(ctx, seed, SeedTa.MODE_DYNAMIC); Session b = open(ctx, seed, SeedTa.MODE_DYNAMIC);
             Session c = open(ctx, seed, SeedTa.MODE_STATIC)) {
            SeedModel ma = new SeedModel();
            SeedModel mb = new SeedModel();
            SeedModel mc = new SeedModel();
            for (int i = 0; i < 10; i++) {
                assertArrayEquals(ma.process(x), process(a, x), "a, call " + i);
                if (i % 3 == 0) {
                    assertArrayEquals(mb.process(y), process(b, y), "b, call " + i);
                }
                assertArrayEquals(mc.process(y), process(c, y), "c, call " + i);
            }
            // a fresh session starts from counter 0 and the zero digest, whatever the others did
            try (Session d = open(ctx, seed, SeedTa.MODE_DYNAMIC)) {
                byte[] first = process(d, x);
                assertArrayEquals(new SeedModel().process(x), first);
                assertEquals(1, counterOf(first));
            }
            assertEquals(10, counterOf(process(a, new byte[0])) - 1, "a's counter counts only a's calls");
        }
    }

    @Test
    void heapHasNoLeakedBlocksAfterSessionsOpenAndClose(Context ctx, SecureWorld world) {
        // an anchor session keeps the single instance (and its static buffer) alive
        try (Session anchor = open(ctx, seed, SeedTa.MODE_STATIC)) {
            process(anchor, pattern(10));
            HeapStats baseline = heap(world, seed);
            assertEquals(2, baseline.liveBlocks(), "the anchor's context and the static buffer");
            for (int i = 0; i < 40; i++) {
                try (Session s = open(ctx, seed, i % 2 == 0 ? SeedTa.MODE_DYNAMIC : SeedTa.MODE_STATIC)) {
                    for (int k = 0; k <= i % 5; k++) {
                        process(s, pattern(50 + 97 * k + i));
                    }
                }
            }
            HeapStats after = heap(world, seed);
            assertEquals(baseline.liveBlocks(), after.liveBlocks(), "live blocks back to the baseline");
            assertEquals(baseline.used(), after.used(), "used bytes back to the baseline");
            assertTrue(after.allocations() >= baseline.allocations() + 40 + 20 * 3,
                    () -> "every session and dynamic call allocated: " + after);
            assertEquals(after.allocations() - baseline.allocations(), after.frees() - baseline.frees(),
                    "every allocation was freed");
            assertEquals(0, after.failures());
        }
    }

    @Test
    void shortBufferReportsTheSizeAndLeavesTheSessionUnchanged(Context ctx) {
        try (Session s = open(ctx, seed, SeedTa.MODE_DYNAMIC)) {
            byte[] request = pattern(32);
            byte[] small = new byte[SeedTa.RESPONSE_SIZE - 1];
            Operation op = Operation.create()
                    .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, request)
                    .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, small);
            assertTaError(TeeResult.SHORT_BUFFER, () -> s.invoke(SeedTa.CMD_PROCESS, op));
            assertEquals(SeedTa.RESPONSE_SIZE, op.size(1), "needed size written back");
            assertArrayEquals(new byte[small.length], small, "nothing written into the short buffer");
            // the failed call did not advance the session
            assertArrayEquals(new SeedModel().process(request), process(s, request));
        }
    }

    @Test
    void badParametersAreRefusedByTheTa(Context ctx) {
        assertTaError(TeeResult.BAD_PARAMETERS, () -> ctx.openSession(seed, Login.PUBLIC, null,
                Operation.create().value(0, ParamType.VALUE_INPUT, 2, 0)));
        try (Session s = ctx.openSession(seed)) { // no parameters: dynamic
            byte[] out = new byte[SeedTa.RESPONSE_SIZE];
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(SeedTa.CMD_PROCESS, Operation.create()
                    .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, new byte[SeedTa.MAX_REQUEST + 1])
                    .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, out)));
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(SeedTa.CMD_PROCESS, Operation.create()
                    .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, pattern(10))
                    .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, out)
                    .value(2, ParamType.VALUE_INPUT, SeedTa.MAX_WORK + 1, 0)));
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(SeedTa.CMD_RECURSE, Operation.create()
                    .value(0, ParamType.VALUE_INPUT, -1, 0)));
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(99, Operation.create()));
            assertArrayEquals(new SeedModel().process(pattern(10)), process(s, pattern(10)), "still alive");
        }
    }

    @Test
    void statsCountCallsAndSessions(Context ctx) {
        try (Session a = open(ctx, seed, SeedTa.MODE_DYNAMIC); Session b = open(ctx, seed, SeedTa.MODE_STATIC);
             Session c = open(ctx, seed, SeedTa.MODE_STATIC)) {
            Operation before = stats(a);
            process(a, pattern(5));
            process(b, pattern(5));
            process(c, pattern(5));
            Operation after = stats(c);
            assertEquals(3, after.valueA(0) - before.valueA(0), "calls served");
            assertEquals(3, after.valueB(0), "live sessions");
            assertEquals(1, after.valueA(1), "dynamic sessions");
            assertEquals(2, after.valueB(1), "static sessions");
        }
    }

    @Test
    void smallRecursionSucceeds(Context ctx) {
        try (Session s = open(ctx, seed, SeedTa.MODE_DYNAMIC)) {
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, SeedTa.SAFE_DEPTH, 0);
            s.invoke(SeedTa.CMD_RECURSE, op);
            assertEquals(SeedTa.SAFE_DEPTH, op.valueA(0));
            Operation other = Operation.create().value(0, ParamType.VALUE_INOUT, SeedTa.SAFE_DEPTH - 1, 0);
            s.invoke(SeedTa.CMD_RECURSE, other);
            assertNotEquals(op.valueB(0), other.valueB(0), "the frames' state depends on the depth");
            s.invoke(SeedTa.CMD_RECURSE, Operation.create().value(0, ParamType.VALUE_INPUT, 0, 0));
        }
    }

    // ---- helpers shared with the other seed tests

    static Session open(Context ctx, int mode) {
        return open(ctx, UUID, mode);
    }

    static Session open(Context ctx, TeeUuid seed, int mode) {
        return ctx.openSession(seed, Login.PUBLIC, null, Operation.create().value(0, ParamType.VALUE_INPUT, mode, 0));
    }

    static byte[] process(Session s, byte[] request) {
        byte[] out = new byte[SeedTa.RESPONSE_SIZE + 16];
        Operation op = Operation.create()
                .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, request)
                .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, out);
        s.invoke(SeedTa.CMD_PROCESS, op);
        assertEquals(SeedTa.RESPONSE_SIZE, op.size(1), "response size written back");
        return Arrays.copyOf(out, SeedTa.RESPONSE_SIZE);
    }

    static byte[] process(Session s, byte[] request, int workSize) {
        byte[] out = new byte[SeedTa.RESPONSE_SIZE];
        s.invoke(SeedTa.CMD_PROCESS, Operation.create()
                .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, request)
                .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, out)
                .value(2, ParamType.VALUE_INPUT, workSize, 0));
        return out;
    }

    static Operation stats(Session s) {
        Operation op = Operation.create().value(0, ParamType.VALUE_OUTPUT, 0, 0).value(1, ParamType.VALUE_OUTPUT, 0, 0);
        s.invoke(SeedTa.CMD_STATS, op);
        return op;
    }

    /** The call counter in a response (little-endian at offset 32). */
    static long counterOf(byte[] response) {
        long v = 0;
        for (int i = 39; i >= 32; i--) {
            v = (v << 8) | (response[i] & 0xFF);
        }
        return v;
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + n);
        }
        return b;
    }

    /** The heap of the one live seed instance. */
    static HeapStats heap(SecureWorld world) {
        return heap(world, UUID);
    }

    static HeapStats heap(SecureWorld world, TeeUuid seed) {
        return instance(world, seed).heap();
    }

    static InstanceInfo instance(SecureWorld world) {
        return instance(world, UUID);
    }

    static InstanceInfo instance(SecureWorld world, TeeUuid seed) {
        InstanceInfo found = null;
        for (InstanceInfo i : world.instances()) {
            if (i.uuid().equals(seed) && !i.dead()) {
                assertEquals(null, found, "one seed instance");
                found = i;
            }
        }
        assertNotEquals(null, found, "a live seed instance");
        return found;
    }

    static void assertTaError(TeeResult result, Executable call) {
        assertTeeError(result, Origin.TRUSTED_APP, call);
    }

    static TeeException assertTeeError(TeeResult result, Origin origin, Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(result, e.result(), () -> "result of: " + e.getMessage());
        assertEquals(origin, e.origin(), () -> "origin of: " + e.getMessage());
        return e;
    }

    static void bounded(Executable body) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), body);
    }
}
