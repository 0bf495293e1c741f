package dev.jtee.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/** optee_examples hello_world (reference facts §7): 42 → 43, unknown command → BAD_PARAMETERS. */
@JteeTest
class HelloWorldTest {
    private static final TeeUuid UUID = TeeUuid.parse(HelloWorldTa.UUID);

    @Test
    void incrementsAndDecrements(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 42, 7);
            s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
            assertEquals(43, op.valueA(0));
            assertEquals(7, op.valueB(0), "b is copied back untouched");
            s.invoke(HelloWorldTa.CMD_DEC_VALUE, op);
            s.invoke(HelloWorldTa.CMD_DEC_VALUE, op);
            assertEquals(41, op.valueA(0));
        }
    }

    @Test
    void wrapsAroundAsAU32(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 0xFFFFFFFF, 0);
            s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
            assertEquals(0, op.valueA(0));
            s.invoke(HelloWorldTa.CMD_DEC_VALUE, op);
            assertEquals(0xFFFFFFFF, op.valueA(0));
        }
    }

    @Test
    void unknownCommandIsBadParameters(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 42, 0);
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(2, op));
            assertEquals(42, op.valueA(0));
        }
    }

    @Test
    void parameterTypesAreCheckedExactly(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(HelloWorldTa.CMD_INC_VALUE,
                    Operation.create().value(0, ParamType.VALUE_INPUT, 42, 0)));
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(HelloWorldTa.CMD_INC_VALUE,
                    Operation.create().value(0, ParamType.VALUE_INOUT, 42, 0).value(1, ParamType.VALUE_INPUT, 1, 1)));
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(HelloWorldTa.CMD_INC_VALUE, Operation.create()));
            // the session is still usable afterwards
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 1, 0);
            s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
            assertEquals(2, op.valueA(0));
        }
    }

    @Test
    void sessionsAreIndependentInstances(Context ctx) {
        try (Session a = ctx.openSession(UUID); Session b = ctx.openSession(UUID)) {
            Operation opA = Operation.create().value(0, ParamType.VALUE_INOUT, 10, 0);
            Operation opB = Operation.create().value(0, ParamType.VALUE_INOUT, 20, 0);
            for (int i = 0; i < 100; i++) {
                a.invoke(HelloWorldTa.CMD_INC_VALUE, opA);
                b.invoke(HelloWorldTa.CMD_DEC_VALUE, opB);
            }
            assertEquals(110, opA.valueA(0));
            assertEquals(-80, opB.valueA(0));
        }
    }

    private static void assertTaError(TeeResult expected, org.junit.jupiter.api.function.Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(expected, e.result());
        assertEquals(Origin.TRUSTED_APP, e.origin());
    }
}
