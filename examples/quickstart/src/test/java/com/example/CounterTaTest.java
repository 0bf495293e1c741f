package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

@JteeTest(tas = CounterTa.class)
class CounterTaTest {
    @Test
    void adds(Context ctx) {
        try (Session s = ctx.openSession(TeeUuid.parse(CounterTa.UUID))) {
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 40, 2);
            s.invoke(CounterTa.CMD_ADD, op);
            assertEquals(42, op.valueA(0));
        }
    }

    @Test
    void refusesOtherParameters(Context ctx) {
        try (Session s = ctx.openSession(TeeUuid.parse(CounterTa.UUID))) {
            TeeException e = assertThrows(TeeException.class, () -> s.invoke(CounterTa.CMD_ADD, Operation.create()));
            assertEquals(TeeResult.BAD_PARAMETERS, e.result());
        }
    }
}
