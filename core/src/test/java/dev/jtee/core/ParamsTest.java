package dev.jtee.core;

import static dev.jtee.core.Client.assertResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.Memref;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reference facts §1–2: how a frame's parameters reach the TA and come back. */
class ParamsTest {
    static final String UUID = "44444444-0000-0000-0000-000000000001";
    /** Every value +1 (a and b), every MEMREF_INOUT byte +1, every MEMREF_OUTPUT filled with 0x5A, reported size p0.b. */
    static final int CMD_TOUCH_ALL = 1;
    /** Writes p1 MEMREF_OUTPUT only if it holds p0.a bytes, else SHORT_BUFFER with p0.a reported. */
    static final int CMD_SHORT_BUFFER = 2;
    /** Records address and size of each memref into the test's list. */
    static final int CMD_ADDRESSES = 3;
    /** Writes one byte to p0, a MEMREF_INPUT. */
    static final int CMD_WRITE_INPUT = 4;
    /** Reads the byte just past p0. */
    static final int CMD_READ_PAST = 5;

    final List<String> seen = new CopyOnWriteArrayList<>();
    final TestTa.Control control = new TestTa.Control();
    Client c;
    int s;

    @BeforeEach
    void start() {
        c = Client.start(b -> b.ta(() -> new TestTa(TestTa.manifest(UUID, "params", 0), control) {
            @Override
            public TeeResult invokeCommand(TaSession session, int command, Params p) {
                switch (command) {
                    case CMD_TOUCH_ALL -> {
                        for (int i = 0; i < 4; i++) {
                            ParamType t = p.type(i);
                            if (t.isValue()) {
                                p.value(i).a(p.value(i).a() + 1);
                                p.value(i).b(p.value(i).b() + 1);
                            } else if (t == ParamType.MEMREF_INOUT) {
                                Memref m = p.memref(i);
                                for (int k = 0; k < m.size(); k++) {
                                    m.put(k, (byte) (m.get(k) + 1));
                                }
                            } else if (t == ParamType.MEMREF_OUTPUT) {
                                Memref m = p.memref(i);
                                for (int k = 0; k < m.size(); k++) {
                                    m.put(k, (byte) 0x5A);
                                }
                                m.size(m.size() - 1);
                            } else if (t == ParamType.MEMREF_INPUT) {
                                p.memref(i).size(0); // ignored for an input
                            }
                        }
                        return TeeResult.SUCCESS;
                    }
                    case CMD_SHORT_BUFFER -> {
                        int need = p.value(0).a();
                        Memref out = p.memref(1);
                        if (out.size() < need) {
                            out.size(need);
                            return TeeResult.SHORT_BUFFER;
                        }
                        byte[] data = new byte[need];
                        java.util.Arrays.fill(data, (byte) 7);
                        out.write(0, data, 0, need);
                        out.size(need);
                        return TeeResult.SUCCESS;
                    }
                    case CMD_ADDRESSES -> {
                        for (int i = 0; i < 4; i++) {
                            if (p.type(i) != null && p.type(i).isMemref()) {
                                seen.add(i + ":" + (p.memref(i).address() != 0) + ":" + p.memref(i).size());
                                TeeResult r = TeeApi.checkMemoryAccessRights(TeeApi.ACCESS_READ | TeeApi.ACCESS_ANY_OWNER,
                                        p.memref(i).address(), p.memref(i).size());
                                seen.add(r.name());
                            }
                        }
                        return TeeResult.SUCCESS;
                    }
                    case CMD_WRITE_INPUT -> p.memref(0).put(0, (byte) 1);
                    case CMD_READ_PAST -> p.memref(0).get(p.memref(0).size());
                    default -> {
                        return super.invokeCommand(session, command, p);
                    }
                }
                return TeeResult.SUCCESS;
            }
        }));
        s = c.openOk(UUID);
    }

    @AfterEach
    void stop() {
        c.world.close();
    }

    private CallFrame frame(int command, ParamType p0, ParamType p1, ParamType p2, ParamType p3) {
        CallFrame f = new CallFrame();
        f.session = s;
        f.command = command;
        f.paramTypes = ParamTypes.pack(p0, p1, p2, p3);
        return f;
    }

    private static void memref(CallFrame f, int i, byte[] buffer, int offset, long size) {
        f.buffer[i] = buffer;
        f.offset[i] = offset;
        f.size[i] = size;
    }

    @Test
    void valuesComeBackOnlyForOutputAndInout() {
        CallFrame f = frame(CMD_TOUCH_ALL, ParamType.VALUE_INPUT, ParamType.VALUE_OUTPUT, ParamType.VALUE_INOUT, ParamType.NONE);
        for (int i = 0; i < 3; i++) {
            f.valueA[i] = 10 * i;
            f.valueB[i] = 10 * i + 1;
        }
        c.world.invokeCommand(f);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(0, f.valueA[0], "INPUT is not copied back");
        assertEquals(1, f.valueB[0]);
        assertEquals(11, f.valueA[1], "OUTPUT comes back (the TA saw the client's values)");
        assertEquals(12, f.valueB[1]);
        assertEquals(21, f.valueA[2]);
        assertEquals(22, f.valueB[2]);
    }

    @Test
    void memrefsAreTheClientsBytesAndSizesComeBackForOutputAndInout() {
        byte[] in = {1, 2, 3, 4};
        byte[] inout = {0, 10, 20, 30, 40, 0};
        byte[] out = new byte[8];
        CallFrame f = frame(CMD_TOUCH_ALL, ParamType.MEMREF_INPUT, ParamType.MEMREF_INOUT, ParamType.MEMREF_OUTPUT, ParamType.NONE);
        memref(f, 0, in, 0, 4);
        memref(f, 1, inout, 1, 4);
        memref(f, 2, out, 2, 5);
        c.world.invokeCommand(f);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, in);
        assertArrayEquals(new byte[] {0, 11, 21, 31, 41, 0}, inout, "only the window [offset, offset+size) is the TA's");
        assertArrayEquals(new byte[] {0, 0, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0}, out);
        assertEquals(4, f.size[0], "an INPUT size is not written back");
        assertEquals(4, f.size[1]);
        assertEquals(4, f.size[2], "the size the TA reported");
    }

    @Test
    void shortBufferReportsTheNeededSize() {
        CallFrame f = frame(CMD_SHORT_BUFFER, ParamType.VALUE_INPUT, ParamType.MEMREF_OUTPUT, ParamType.NONE, ParamType.NONE);
        f.valueA[0] = 100;
        byte[] small = new byte[10];
        memref(f, 1, small, 0, 10);
        c.world.invokeCommand(f);
        assertResult(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, f);
        assertEquals(100, f.size[1], "the larger size is reported on SHORT_BUFFER");
        byte[] big = new byte[100];
        memref(f, 1, big, 0, 100);
        c.world.invokeCommand(f);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(7, big[99]);
    }

    @Test
    void nullAndZeroSizeMemrefs() {
        CallFrame f = frame(CMD_ADDRESSES, ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT, ParamType.MEMREF_INOUT, ParamType.NONE);
        memref(f, 0, null, 0, 0);
        memref(f, 1, new byte[4], 0, 0);
        memref(f, 2, new byte[16], 4, 8);
        c.world.invokeCommand(f);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(List.of("0:false:0", "TEE_SUCCESS", "1:true:0", "TEE_SUCCESS", "2:true:8", "TEE_SUCCESS"), seen,
                "null memref at 0, a zero-size one non-NULL, size 0 is always accessible");
    }

    @Test
    void malformedFramesAreBadParametersFromTheTee() {
        CallFrame nullBuffer = frame(CMD_ADDRESSES, ParamType.MEMREF_INPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
        memref(nullBuffer, 0, null, 0, 4);
        c.world.invokeCommand(nullBuffer);
        assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, nullBuffer);

        CallFrame outside = frame(CMD_ADDRESSES, ParamType.MEMREF_INOUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
        memref(outside, 0, new byte[8], 4, 8);
        c.world.invokeCommand(outside);
        assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, outside);

        CallFrame type = frame(CMD_ADDRESSES, ParamType.NONE, ParamType.NONE, ParamType.NONE, ParamType.NONE);
        type.paramTypes = 0x4;
        c.world.invokeCommand(type);
        assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, type);
        assertTrue(seen.isEmpty(), "the TA never ran");
        // and the session is fine
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, TestTa.CMD_INC, 1));
    }

    @Test
    void writingAnInputMemrefOrPastAMemrefIsADataAbort() {
        CallFrame f = frame(CMD_WRITE_INPUT, ParamType.MEMREF_INPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
        byte[] in = new byte[16];
        memref(f, 0, in, 0, 16);
        c.world.invokeCommand(f);
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, f);
        assertEquals(0, in[0], "the client's input is untouched");
        assertTrue(c.consoleHas("User mode data-abort at address 0x[0-9a-f]{8} \\(write permission fault\\)"), c.consoleText());
        assertTrue(c.consoleHas("flags r--- \\(param\\)$"), "the dump shows the parameter region");

        int s2 = c.openOk(UUID);
        CallFrame g = frame(CMD_READ_PAST, ParamType.MEMREF_INOUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
        g.session = s2;
        memref(g, 0, new byte[64], 0, 16);
        c.world.invokeCommand(g);
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, g);
        assertTrue(c.consoleHas("flags rw-- \\(param\\)$"), c.consoleText());
    }
}
