package dev.jtee.examples.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.FlowControl;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.HeapStats;
import dev.jtee.core.InstanceInfo;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.examples.seed.JournalTa;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * OP-TEE's stats pseudo-TA ({@code core/pta/stats.c}, {@code pta_stats.h}), read as a C client
 * reads it: STATS_CMD_TA_STATS fills memref[0] with one {@code struct pta_stats_ta} per loaded TA
 * (88 bytes: TEE_UUID in native byte order, u32 panicked, u32 sess_num, then pta_stats_alloc:
 * char desc[32], u64 free2_sum, u32 allocated, max_allocated, size, num_alloc_fail,
 * biggest_alloc_fail, biggest_alloc_fail_used); SHORT_BUFFER with the size needed;
 * ITEM_NOT_FOUND when no TA is loaded; BAD_PARAMETERS for other parameter types.
 */
class StatsPtaTest {
    static final TeeUuid STATS = TeeUuid.parse("d96a5b40-e2c7-b1af-8794-1002a5d5c61b");
    static final int TA_STATS = 3;
    static final int RECORD = 88;

    record Record(TeeUuid uuid, int panicked, int sessions, long free2Sum, int allocated, int maxAllocated, int size,
                  int fails, int biggestFail, int biggestFailUsed) {
    }

    static Record read(ByteBuffer b) {
        TeeUuid uuid = TeeUuid.readStruct(b);
        int panicked = b.getInt();
        int sessions = b.getInt();
        byte[] desc = new byte[32];
        b.get(desc);
        return new Record(uuid, panicked, sessions, b.getLong(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt());
    }

    private static Operation taStats(byte[] out) {
        return Operation.create().tempMemref(0, ParamType.MEMREF_OUTPUT, out);
    }

    @Test
    void taStatsGivesOneRecordPerLoadedTaInTheCLayout() {
        try (SecureWorld world = SecureWorld.builder().console(line -> { }).build(); Tee tee = Tee.on(world);
             Context ctx = tee.newContext(FlowControl.off())) {
            Session stats = ctx.openSession(STATS);
            // nothing loaded yet (the pseudo-TA is no TA instance)
            TeeException none = assertThrows(TeeException.class, () -> stats.invoke(TA_STATS, taStats(new byte[RECORD])));
            assertEquals(TeeResult.ITEM_NOT_FOUND, none.result());
            assertEquals(Origin.TRUSTED_APP, none.origin());

            Session journal = ctx.openSession(TeeUuid.parse(JournalTa.UUID));
            Session journal2 = ctx.openSession(TeeUuid.parse(JournalTa.UUID));
            TeeException tooBig = assertThrows(TeeException.class,
                    () -> journal.invoke(JournalTa.CMD_HOLD, Operation.create().value(0, ParamType.VALUE_INPUT, 70_000, 0)));
            assertEquals(TeeResult.OUT_OF_MEMORY, tooBig.result());
            Session hello = ctx.openSession(TeeUuid.parse(HelloWorldTa.UUID));

            Operation small = taStats(new byte[RECORD]);
            TeeException shortBuffer = assertThrows(TeeException.class, () -> stats.invoke(TA_STATS, small));
            assertEquals(TeeResult.SHORT_BUFFER, shortBuffer.result());
            assertEquals(2 * RECORD, small.size(0), "the size needed");

            byte[] out = new byte[4 * RECORD];
            Operation op = taStats(out);
            stats.invoke(TA_STATS, op);
            assertEquals(2 * RECORD, op.size(0));
            ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
            Record j = null;
            Record h = null;
            for (int i = 0; i < 2; i++) {
                Record r = read(b);
                if (r.uuid().toString().equals(JournalTa.UUID)) {
                    j = r;
                } else {
                    h = r;
                }
            }
            assertEquals(TeeUuid.parse(HelloWorldTa.UUID), h.uuid());
            assertEquals(1, h.sessions());
            assertEquals(2, j.sessions());
            assertEquals(0, j.panicked());
            assertEquals(JournalTa.DATA_SIZE, j.size());
            HeapStats heap = world.instances().stream().filter(i -> i.uuid().toString().equals(JournalTa.UUID))
                    .map(InstanceInfo::heap).findFirst().orElseThrow();
            assertEquals(heap.used(), j.allocated());
            assertEquals(2 * JournalTa.STATE_SIZE, j.allocated());
            assertEquals(heap.peakUsed(), j.maxAllocated());
            assertEquals(1, j.fails());
            assertEquals(70_000, j.biggestFail());
            assertEquals(2 * JournalTa.STATE_SIZE, j.biggestFailUsed());
            assertEquals(heap.free2Sum(), j.free2Sum());
            assertTrue(j.free2Sum() > 0);
            // the bytes, not just the parse: the UUID's first field in the CPU's byte order
            ByteBuffer raw = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
            int first = raw.getInt(0);
            assertTrue(first == TeeUuid.parse(JournalTa.UUID).timeLow() || first == TeeUuid.parse(HelloWorldTa.UUID).timeLow());

            journal.close();
            journal2.close();
            hello.close();
            stats.close();
        }
    }

    @Test
    void otherCommandsAndParameterTypesAsOpteeAnswersThem() {
        try (SecureWorld world = SecureWorld.builder().console(line -> { }).build(); Tee tee = Tee.on(world);
             Context ctx = tee.newContext(FlowControl.off())) {
            Session stats = ctx.openSession(STATS);
            TeeException bad = assertThrows(TeeException.class,
                    () -> stats.invoke(TA_STATS, Operation.create().value(0, ParamType.VALUE_INPUT, 0, 0)));
            assertEquals(TeeResult.BAD_PARAMETERS, bad.result());
            assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> stats.invoke(99)).result());
            // STATS_CMD_GET_TIME: REE time and TEE system time, seconds and milliseconds
            Operation time = Operation.create().value(0, ParamType.VALUE_OUTPUT, 0, 0).value(1, ParamType.VALUE_OUTPUT, 0, 0);
            stats.invoke(4, time);
            long ree = Integer.toUnsignedLong(time.valueA(0)) * 1000 + time.valueB(0);
            assertTrue(Math.abs(ree - System.currentTimeMillis()) < 60_000, "REE time " + ree);
            assertTrue(time.valueB(1) < 1000);
            // STATS_CMD_ALLOC_STATS for pool 3 (ALLOC_ID_TA_RAM): the secure RAM
            byte[] pool = new byte[64];
            Operation alloc = Operation.create().value(0, ParamType.VALUE_INPUT, 3, 0).tempMemref(1, ParamType.MEMREF_OUTPUT, pool);
            stats.invoke(1, alloc);
            assertEquals(64, alloc.size(1));
            assertEquals("Physical TA memory", new String(pool, 0, 18, StandardCharsets.US_ASCII));
            ByteBuffer b = ByteBuffer.wrap(pool).order(ByteOrder.nativeOrder());
            assertEquals(world.stats().secureRamBudget(), Integer.toUnsignedLong(b.getInt(48)));
            // all five pools need 5 × 64 bytes
            Operation all = Operation.create().value(0, ParamType.VALUE_INPUT, 0, 0).tempMemref(1, ParamType.MEMREF_OUTPUT, new byte[64]);
            assertEquals(TeeResult.SHORT_BUFFER, assertThrows(TeeException.class, () -> stats.invoke(1, all)).result());
            assertEquals(5 * 64, all.size(1));
        }
    }
}
