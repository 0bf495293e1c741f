package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.ParamType;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** xtest 1005 "Many sessions": several sessions open at once on the concurrent TA, closed in reverse. */
@JteeTest
class Xtest1005ManySessionsTest {
    /** xtest's MAX_SESSIONS. */
    private static final int MAX_SESSIONS = 3;

    @Test
    void opensThreeSessionsAtOnce(Context ctx) {
        openUseAndClose(ctx, MAX_SESSIONS);
    }

    @Test
    void opensManyMoreSessionsThanSecureThreads(Context ctx) {
        // every session of the multi-instance TA is an instance of its own; sessions do not hold secure threads
        openUseAndClose(ctx, 32);
    }

    private static void openUseAndClose(Context ctx, int count) {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sessions.add(ctx.openSession(Xtest.uuid(ConcurrentTa.UUID)));
        }
        byte[] shm = new byte[ConcurrentTa.SHM_SIZE];
        for (Session s : sessions) {
            Operation op = Operation.create()
                    .tempMemref(0, ParamType.MEMREF_TEMP_INOUT, shm)
                    .value(1, ParamType.VALUE_INOUT, 1, 0);
            s.invoke(ConcurrentTa.CMD_BUSY_LOOP, op);
            assertEquals(1, op.valueA(1), "rounds are copied back");
        }
        for (int i = sessions.size() - 1; i >= 0; i--) {
            sessions.get(i).close();
        }
    }
}
