package dev.jtee.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import org.junit.jupiter.api.Test;

@JteeTest(threads = 3, secureRam = "4M")
class JteeExtensionTest {
    private static Context previous;

    Context field;
    SecureWorld world;

    @Test
    void injectsAContextOnAWorldWithTheClasspathTas(Context ctx) {
        try (Session s = ctx.openSession(TeeUuid.parse(EchoTa.UUID))) {
            assertEquals(42, s.invoke(0, Operation.create().value(0, ParamType.VALUE_INOUT, 21, 0)).valueA(0));
        }
    }

    @Test
    void fieldsAndParametersShareTheClassWorld(Tee tee, SecureWorld w) {
        assertSame(world, w);
        assertSame(w, tee.world());
        assertEquals(3, w.secureThreads());
        assertTrue(w.findTa("echo").isPresent());
        assertTrue(field != null && !field.isClosed());
    }

    @Test
    void eachTestGetsAFreshContextClosedAfterIt(Context ctx) {
        // Whichever of the two tests runs second sees the first one's context closed.
        synchronized (JteeExtensionTest.class) {
            if (previous != null) {
                assertNotSame(previous, ctx);
                assertTrue(previous.isClosed());
            }
            previous = ctx;
        }
    }

    @Test
    void eachTestGetsAFreshContextClosedAfterItToo(Context ctx) {
        eachTestGetsAFreshContextClosedAfterIt(ctx);
    }

    @Test
    void unknownTaIsItemNotFoundFromTheTee(Context ctx) {
        TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(TeeUuid.parse("00000000-0000-0000-0000-000000000001")));
        assertEquals(TeeResult.ITEM_NOT_FOUND, e.result());
        assertEquals(Origin.TEE, e.origin());
    }
}
