package dev.jtee.examples.xtest;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.ta.Memref;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaParams;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TaSessionHandle;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;

/**
 * optee_test's sims TA (xtest 1012, 1021, 1040): SINGLE_INSTANCE|MULTI_SESSION, so all sessions
 * share one instance. It keeps four buffers in its heap that any session can write and read, and
 * gives each session a counter, kept in a heap block that is the session's context: the number of
 * sessions the instance had opened before it (plus one for each TA session it opened).
 *
 * <p>The same code runs as {@link MissTa} (multi-instance), {@link SimsKeepAliveTa} and
 * {@link SimsKeepCrashedTa}; only the manifest differs, as in optee_test. A UUID passed in a
 * memref is a {@code TEE_UUID} struct as C lays it out ({@link NativeUuid}).
 */
public class SimsTa implements TrustedApplication {
    public static final String UUID = "e6a33ed4-562b-463a-bb7e-ff5e15a493c8";
    /** p0 VALUE_INPUT index (0–3), p1 MEMREF_OUTPUT: the buffer written there (OVERFLOW if larger). */
    public static final int CMD_READ = 1;
    /** p0 VALUE_INPUT index (0–3), p1 MEMREF_INPUT: stored in a new heap block. */
    public static final int CMD_WRITE = 2;
    /** p0 VALUE_OUTPUT: {@code a} = this session's counter. */
    public static final int CMD_GET_COUNTER = 3;
    /**
     * p0 MEMREF_INPUT: empty → the TA panics (code {@link #PANIC_CODE}); a UUID → the TA opens a
     * session on that TA, makes it panic, and answers SUCCESS.
     */
    public static final int CMD_PANIC = 4;
    /** p0 MEMREF_INPUT UUID: opens a session on that TA, kept until this session closes; counter + 1. */
    public static final int CMD_OPEN_TA_SESSION = 5;
    public static final int PANIC_CODE = 0xbeef;
    public static final int MAX_STORAGE = 4;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "sims")
            .singleInstance()
            .multiSession()
            .description("optee_test sims TA: single instance, multi session")
            .stackSize(4 * 1024)
            .dataSize(64 * 1024)
            .build();

    private static final int READ_TYPES =
            ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.MEMREF_OUTPUT, ParamType.NONE, ParamType.NONE);
    private static final int WRITE_TYPES =
            ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.MEMREF_INPUT, ParamType.NONE, ParamType.NONE);
    private static final int COUNTER_TYPES =
            ParamTypes.pack(ParamType.VALUE_OUTPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
    private static final int UUID_TYPES =
            ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);

    /** The C {@code struct sims_session}: a handle, a u32 counter and a 2048-word array. */
    private static final int SESSION_BLOCK_SIZE = 4 + 2048 * 4;

    /** Per-session state: the heap block with the counter, and the TA session it may hold. */
    private static final class SimsSession {
        final long block;
        TaSessionHandle peer;

        SimsSession(long block) {
            this.block = block;
        }
    }

    private final TaManifest manifest;
    // The instance's globals: the shared buffers and the count of sessions opened so far.
    private final long[] storage = new long[MAX_STORAGE];
    private final int[] storageSize = new int[MAX_STORAGE];
    private int counter;

    public SimsTa() {
        this(MANIFEST);
    }

    SimsTa(TaManifest manifest) {
        this.manifest = manifest;
    }

    @Override
    public final TaManifest manifest() {
        return manifest;
    }

    @Override
    public final TeeResult openSession(Params params, TaSession session) {
        long block = TeeApi.malloc(SESSION_BLOCK_SIZE, TeeApi.MALLOC_FILL_ZERO);
        if (block == 0) {
            return TeeResult.OUT_OF_MEMORY;
        }
        putU32(block, counter);
        session.context(new SimsSession(block));
        counter++;
        return TeeResult.SUCCESS;
    }

    @Override
    public final void closeSession(TaSession session) {
        SimsSession ctx = session.context();
        if (ctx.peer != null) {
            TeeApi.closeTASession(ctx.peer);
        }
        TeeApi.free(ctx.block);
    }

    @Override
    public final TeeResult invokeCommand(TaSession session, int command, Params params) {
        SimsSession ctx = session.context();
        return switch (command) {
            case CMD_OPEN_TA_SESSION -> openTaSession(ctx, params);
            case CMD_READ -> read(params);
            case CMD_WRITE -> write(params);
            case CMD_GET_COUNTER -> getCounter(ctx, params);
            case CMD_PANIC -> panic(ctx, params);
            default -> TeeResult.BAD_PARAMETERS;
        };
    }

    private static TeeResult openTaSession(SimsSession ctx, Params params) {
        if (params.types() != UUID_TYPES || params.memref(0).size() != 16) {
            return TeeResult.BAD_PARAMETERS;
        }
        TeeUuid uuid = NativeUuid.fromBytes(params.memref(0).toByteArray());
        if (ctx.peer != null) {
            // the C TA overwrites the handle and leaks the session; close it instead
            TeeApi.closeTASession(ctx.peer);
            ctx.peer = null;
        }
        try {
            ctx.peer = TeeApi.openTASession(uuid, TeeApi.TIMEOUT_INFINITE, TaParams.none());
        } catch (TeeException e) {
            return e.result();
        }
        putU32(ctx.block, getU32(ctx.block) + 1);
        return TeeResult.SUCCESS;
    }

    private TeeResult read(Params params) {
        if (params.types() != READ_TYPES) {
            return TeeResult.BAD_PARAMETERS;
        }
        int index = params.value(0).a();
        if (index < 0 || index >= MAX_STORAGE) {
            return TeeResult.BAD_PARAMETERS;
        }
        Memref out = params.memref(1);
        if (storageSize[index] > out.size()) {
            return TeeResult.OVERFLOW;
        }
        // The C TA takes a large scratch block on every read; keep that heap traffic.
        long scratch = TeeApi.malloc(16000, TeeApi.MALLOC_FILL_ZERO);
        if (scratch == 0) {
            return TeeResult.OUT_OF_MEMORY;
        }
        TeeApi.memMove(out.address(), storage[index], storageSize[index]);
        TeeApi.free(scratch);
        return TeeResult.SUCCESS;
    }

    private TeeResult write(Params params) {
        if (params.types() != WRITE_TYPES) {
            return TeeResult.BAD_PARAMETERS;
        }
        int index = params.value(0).a();
        if (index < 0 || index >= MAX_STORAGE) {
            return TeeResult.BAD_PARAMETERS;
        }
        Memref in = params.memref(1);
        TeeApi.free(storage[index]);
        storage[index] = TeeApi.malloc(in.size(), TeeApi.MALLOC_FILL_ZERO);
        if (storage[index] == 0) {
            storageSize[index] = 0;
            return TeeResult.OUT_OF_MEMORY;
        }
        storageSize[index] = in.size();
        TeeApi.memMove(storage[index], in.address(), in.size());
        return TeeResult.SUCCESS;
    }

    private static TeeResult getCounter(SimsSession ctx, Params params) {
        if (params.types() != COUNTER_TYPES) {
            return TeeResult.BAD_PARAMETERS;
        }
        params.value(0).a(getU32(ctx.block));
        return TeeResult.SUCCESS;
    }

    private static TeeResult panic(SimsSession ctx, Params params) {
        if (params.types() != UUID_TYPES) {
            return TeeResult.BAD_PARAMETERS;
        }
        Memref target = params.memref(0);
        if (target.address() == 0 || target.size() == 0) {
            throw TeeApi.panic(PANIC_CODE);
        }
        TeeResult res = openTaSession(ctx, params);
        if (!res.isSuccess()) {
            return res;
        }
        try {
            // The callee dies; TARGET_DEAD is not a reason for this TA to panic too.
            TeeApi.invokeTACommand(ctx.peer, TeeApi.TIMEOUT_INFINITE, CMD_PANIC,
                    TaParams.none().memref(0, ParamType.MEMREF_INPUT, 0, 0));
        } catch (TeeException e) {
            // expected: TARGET_DEAD, origin TEE
        }
        return TeeResult.SUCCESS;
    }

    private static void putU32(long address, int value) {
        for (int i = 0; i < 4; i++) {
            TeeApi.putByte(address + i, (byte) (value >>> (8 * i)));
        }
    }

    private static int getU32(long address) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (TeeApi.getByte(address + i) & 0xFF) << (8 * i);
        }
        return v;
    }
}
