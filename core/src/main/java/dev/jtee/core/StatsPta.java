package dev.jtee.core;

import static dev.jtee.api.ParamType.MEMREF_OUTPUT;
import static dev.jtee.api.ParamType.NONE;
import static dev.jtee.api.ParamType.VALUE_INPUT;
import static dev.jtee.api.ParamType.VALUE_OUTPUT;

import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * OP-TEE's statistics pseudo-TA ({@code core/pta/stats.c}, {@code pta_stats.h}; with
 * {@code CFG_TA_STATS=y}): the commands and record layouts a client such as {@code xtest --stats}
 * or jtee's flow control reads. {@link #CMD_TA_STATS} gives one {@code struct pta_stats_ta} per
 * loaded TA instance: its UUID, whether it panicked, its sessions and its heap.
 */
final class StatsPta extends PseudoTa {

    static final int CMD_PAGER_STATS = 0;
    static final int CMD_ALLOC_STATS = 1;
    static final int CMD_MEMLEAK_STATS = 2;
    static final int CMD_TA_STATS = 3;
    static final int CMD_GET_TIME = 4;
    static final int CMD_PRINT_DRIVER_INFO = 5;

    /** {@code struct pta_stats_alloc}: char desc[32]; u64 free2_sum; six u32. */
    static final int ALLOC_SIZE = 32 + 8 + 6 * 4;
    /** {@code struct pta_stats_ta}: TEE_UUID, u32 panicked, u32 sess_num, pta_stats_alloc heap. */
    static final int TA_SIZE = PtaParams.UUID_SIZE + 4 + 4 + ALLOC_SIZE;
    /** ALLOC_ID_HEAP .. ALLOC_ID_RPMB. */
    static final int POOLS = 5;
    private static final int ALLOC_ID_TA_RAM = 3;
    private static final String[] POOL_NAMES = {"Heap", "Public DDR (deprecated)", "Physical TA memory",
            "KHeap (disabled)", "RPMB secure storage (no data)"};

    private final SecureWorld world;

    StatsPta(SecureWorld world) {
        super("d96a5b40-e2c7-b1af-8794-1002a5d5c61b", "stats.pta");
        this.world = world;
    }

    @Override
    int invoke(CallFrame f, Instance caller) {
        return switch (f.command) {
            case CMD_PAGER_STATS -> PtaParams.types(f, VALUE_OUTPUT, VALUE_OUTPUT, VALUE_OUTPUT, NONE)
                    ? pagerStats(f) : bad();
            case CMD_ALLOC_STATS -> PtaParams.types(f, VALUE_INPUT, MEMREF_OUTPUT, NONE, NONE) ? allocStats(f) : bad();
            case CMD_MEMLEAK_STATS -> PtaParams.types(f, NONE, NONE, NONE, NONE) ? TeeResult.SUCCESS.code() : bad();
            case CMD_TA_STATS -> PtaParams.types(f, MEMREF_OUTPUT, NONE, NONE, NONE) ? taStats(f) : bad();
            case CMD_GET_TIME -> PtaParams.types(f, VALUE_OUTPUT, VALUE_OUTPUT, NONE, NONE) ? time(f) : bad();
            case CMD_PRINT_DRIVER_INFO -> PtaParams.types(f, VALUE_INPUT, NONE, NONE, NONE)
                    && (f.valueA[0] == 0 || f.valueA[0] == 1) ? TeeResult.SUCCESS.code() : bad();
            default -> bad();
        };
    }

    private static int bad() {
        return TeeResult.BAD_PARAMETERS.code();
    }

    /** No pager in this world: every counter is 0. */
    private static int pagerStats(CallFrame f) {
        for (int i = 0; i < 3; i++) {
            f.valueA[i] = 0;
            f.valueB[i] = 0;
        }
        return TeeResult.SUCCESS.code();
    }

    /** value[0].a: pool id (0 all, 1..5); the secure RAM is "Physical TA memory"; the other pools have no data here. */
    private int allocStats(CallFrame f) {
        int pool = f.valueA[0];
        if (pool < 0 || pool > POOLS) {
            return bad();
        }
        int n = pool == 0 ? POOLS : 1;
        ByteBuffer b = PtaParams.output(f, 1, n * ALLOC_SIZE);
        if (b == null) {
            return TeeResult.SHORT_BUFFER.code();
        }
        for (int id = 1; id <= POOLS; id++) {
            if (pool != 0 && id != pool) {
                continue;
            }
            if (id == ALLOC_ID_TA_RAM) {
                SecureRam ram = world.ram;
                putAlloc(b, POOL_NAMES[id - 1], 0, ram.used(), ram.used(), ram.budget(), 0, 0, 0);
            } else {
                putAlloc(b, POOL_NAMES[id - 1], 0, 0, 0, 0, 0, 0, 0);
            }
        }
        return TeeResult.SUCCESS.code();
    }

    /**
     * {@code tee_ta_instance_stats}: ITEM_NOT_FOUND when no TA is loaded, SHORT_BUFFER with the
     * size needed, else one record per instance. Heap fields stay 0 for an instance without
     * sessions (OP-TEE reads the heap through one of its sessions).
     */
    private int taStats(CallFrame f) {
        List<InstanceInfo> loaded = world.instances();
        if (loaded.isEmpty()) {
            return TeeResult.ITEM_NOT_FOUND.code();
        }
        ByteBuffer b = PtaParams.output(f, 0, loaded.size() * TA_SIZE);
        if (b == null) {
            return TeeResult.SHORT_BUFFER.code();
        }
        for (InstanceInfo i : loaded) {
            i.uuid().writeStruct(b);
            b.putInt(i.dead() ? 1 : 0).putInt(i.sessions());
            HeapStats h = i.heap();
            if (i.sessions() == 0) {
                putAlloc(b, "", 0, 0, 0, 0, 0, 0, 0);
            } else {
                putAlloc(b, "", h.free2Sum(), h.used(), h.peakUsed(), h.size(), h.failures(), h.biggestFailure(),
                        h.biggestFailureUsed());
            }
        }
        return TeeResult.SUCCESS.code();
    }

    private static void putAlloc(ByteBuffer b, String desc, long free2Sum, long allocated, long maxAllocated, long size,
                                 long fails, long biggestFail, long biggestFailUsed) {
        byte[] d = new byte[32];
        byte[] text = desc.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, d, 0, Math.min(31, text.length));
        b.put(d).putLong(free2Sum).putInt(u32(allocated)).putInt(u32(maxAllocated)).putInt(u32(size)).putInt(u32(fails))
                .putInt(u32(biggestFail)).putInt(u32(biggestFailUsed));
    }

    private static int u32(long v) {
        return (int) Math.min(v, 0xFFFF_FFFFL);
    }

    /** value[0]: REE time (s, ms); value[1]: TEE system time (s, ms). */
    private int time(CallFrame f) {
        long ree = System.currentTimeMillis();
        long tee = (System.nanoTime() - world.startNanos) / 1_000_000;
        f.valueA[0] = (int) (ree / 1000);
        f.valueB[0] = (int) (ree % 1000);
        f.valueA[1] = (int) (tee / 1000);
        f.valueB[1] = (int) (tee % 1000);
        return TeeResult.SUCCESS.code();
    }
}
