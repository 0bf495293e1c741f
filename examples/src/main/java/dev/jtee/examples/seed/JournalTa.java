package dev.jtee.examples.seed;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Memref;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * A second heap-hungry TA, so that flow control is not tuned to the seed's allocation pattern:
 * single instance, multi session, a 64 KiB heap. Each session keeps 1 KiB of state; each
 * {@link #CMD_APPEND} mallocs an 8 KiB input buffer and an 8 KiB work buffer, shrinks the work
 * buffer with {@code TEE_Realloc}, and frees them in allocation order (the seed frees in another
 * order); it panics with OUT_OF_MEMORY when the heap cannot give them. Sixteen sessions and a call
 * fit; sixty-four sessions fill the heap and the next call kills the instance. {@link #CMD_HOLD}
 * fills the heap on demand (for tests of heap-aware admission); it answers OUT_OF_MEMORY instead
 * of panicking.
 */
public final class JournalTa implements TrustedApplication {
    public static final String UUID = "10a7e1e0-7c1d-4f3e-9a0b-2e0f7ee0c0de";

    /**
     * p0 MEMREF_INPUT record (0..{@link #MAX_RECORD} bytes), p1 MEMREF_OUTPUT {@link #RESPONSE_SIZE}
     * bytes: {@code le32(crc of the record in an 8 KiB zeroed buffer) ‖ le32(0) ‖ le64(records of the session)}.
     */
    public static final int CMD_APPEND = 0;
    /** p0 VALUE_INPUT a = bytes to allocate and keep with the session until it closes or {@link #CMD_DROP}. */
    public static final int CMD_HOLD = 1;
    /** No parameters: frees what {@link #CMD_HOLD} kept. */
    public static final int CMD_DROP = 2;
    /** p0 VALUE_OUTPUT a = sessions open now, b = the most open at once since the instance was created. */
    public static final int CMD_SESSIONS = 3;

    public static final int STACK_SIZE = 2 * 1024;
    public static final int DATA_SIZE = 64 * 1024;
    public static final int STATE_SIZE = 1024;
    public static final int BUFFER_SIZE = 8 * 1024;
    /** What the work buffer shrinks to once the record is in. */
    public static final int KEPT_WORK = 4 * 1024;
    public static final int MAX_RECORD = 4 * 1024;
    public static final int RESPONSE_SIZE = 16;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "journal")
            .flags(TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION)
            .stackSize(STACK_SIZE)
            .dataSize(DATA_SIZE)
            .description("Heap-hungry test TA: 1 KiB per session, 8 KiB buffers per call freed in allocation order")
            .build();

    private final CRC32C crc = new CRC32C();
    private int sessions;
    private int peakSessions;
    private final byte[] scratch = new byte[BUFFER_SIZE];

    private static final class SessionState {
        final long state;
        long records;
        long held;

        SessionState(long state) {
            this.state = state;
        }
    }

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult openSession(Params params, TaSession session) {
        for (int i = 0; i < 4; i++) {
            if (params.type(i) != ParamType.NONE) {
                return TeeResult.BAD_PARAMETERS;
            }
        }
        long state = TeeApi.malloc(STATE_SIZE, TeeApi.MALLOC_FILL_ZERO);
        if (state == 0) {
            return TeeResult.OUT_OF_MEMORY;
        }
        session.context(new SessionState(state));
        peakSessions = Math.max(peakSessions, ++sessions);
        return TeeResult.SUCCESS;
    }

    @Override
    public void closeSession(TaSession session) {
        SessionState s = session.context();
        if (s == null) {
            return;
        }
        TeeApi.free(s.state);
        TeeApi.free(s.held);
        session.context(null);
        sessions--;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        SessionState s = session.context();
        return switch (command) {
            case CMD_APPEND -> append(s, params);
            case CMD_HOLD -> hold(s, params);
            case CMD_DROP -> {
                TeeApi.free(s.held);
                s.held = 0;
                yield TeeResult.SUCCESS;
            }
            case CMD_SESSIONS -> {
                if (params.type(0) != ParamType.VALUE_OUTPUT) {
                    yield TeeResult.BAD_PARAMETERS;
                }
                params.value(0).a(sessions);
                params.value(0).b(peakSessions);
                yield TeeResult.SUCCESS;
            }
            default -> TeeResult.BAD_PARAMETERS;
        };
    }

    private TeeResult append(SessionState s, Params params) {
        if (params.type(0) != ParamType.MEMREF_INPUT || params.type(1) != ParamType.MEMREF_OUTPUT
                || params.type(2) != ParamType.NONE || params.type(3) != ParamType.NONE) {
            return TeeResult.BAD_PARAMETERS;
        }
        Memref record = params.memref(0);
        Memref response = params.memref(1);
        int n = record.size();
        if (n > MAX_RECORD) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (response.size() < RESPONSE_SIZE) {
            response.size(RESPONSE_SIZE);
            return TeeResult.SHORT_BUFFER;
        }
        long in = TeeApi.malloc(BUFFER_SIZE, TeeApi.MALLOC_FILL_ZERO);
        if (in == 0) {
            throw TeeApi.panic(TeeResult.OUT_OF_MEMORY);
        }
        long work = TeeApi.malloc(BUFFER_SIZE, TeeApi.MALLOC_FILL_ZERO);
        if (work == 0) {
            throw TeeApi.panic(TeeResult.OUT_OF_MEMORY);
        }
        record.read(0, scratch, 0, n);
        TeeApi.write(in, scratch, 0, n);
        TeeApi.memMove(work, in, BUFFER_SIZE);
        TeeApi.read(work, scratch, 0, BUFFER_SIZE);
        crc.reset();
        crc.update(scratch, 0, BUFFER_SIZE);
        int sum = (int) crc.getValue();
        long kept = TeeApi.realloc(work, KEPT_WORK); // shrinks in place
        if (kept == 0) {
            throw TeeApi.panic(TeeResult.OUT_OF_MEMORY);
        }
        s.records++;
        TeeApi.free(in); // allocation order
        TeeApi.free(kept);
        byte[] out = new byte[RESPONSE_SIZE];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(sum).putInt(0).putLong(s.records);
        response.write(0, out, 0, RESPONSE_SIZE);
        response.size(RESPONSE_SIZE);
        return TeeResult.SUCCESS;
    }

    private static TeeResult hold(SessionState s, Params params) {
        if (params.type(0) != ParamType.VALUE_INPUT || params.type(1) != ParamType.NONE
                || params.type(2) != ParamType.NONE || params.type(3) != ParamType.NONE) {
            return TeeResult.BAD_PARAMETERS;
        }
        long more = TeeApi.realloc(s.held, Integer.toUnsignedLong(params.value(0).a()));
        if (more == 0) {
            return TeeResult.OUT_OF_MEMORY;
        }
        s.held = more;
        return TeeResult.SUCCESS;
    }
}
