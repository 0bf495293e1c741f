package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * xtest 1006 "Test Basic OS features": os_test's BASIC command with a 32-byte TEMP_INPUT buffer.
 * The TA checks malloc and its hints, the memory functions, the three property sets (incl.
 * SHORT_BUFFER, ITEM_NOT_FOUND, BAD_FORMAT), TEE_CheckMemoryAccessRights, system time, random,
 * and the access rights of a TA-to-TA call; each part also runs alone so a failure names itself.
 */
@JteeTest
class Xtest1006BasicOsFeaturesTest {

    @Test
    void allBasicFeaturesAsXtestCallsThem(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            s.invoke(OsTestTa.CMD_BASIC, Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, new byte[32]));
        }
    }

    @ParameterizedTest(name = "part {0}")
    @ValueSource(ints = {OsTestTa.BASIC_MALLOC, OsTestTa.BASIC_MEMORY_FUNCTIONS, OsTestTa.BASIC_PROPERTIES,
        OsTestTa.BASIC_ACCESS_RIGHTS, OsTestTa.BASIC_TIME, OsTestTa.BASIC_RANDOM, OsTestTa.BASIC_TA2TA_ACCESS_RIGHTS})
    void eachPart(int part, Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            byte[] text = new byte[512];
            Operation op = Operation.create()
                    .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, new byte[32])
                    .value(1, ParamType.VALUE_INPUT, part, 0)
                    .tempMemref(2, ParamType.MEMREF_TEMP_OUTPUT, text);
            try {
                s.invoke(OsTestTa.CMD_BASIC, op);
            } catch (TeeException e) {
                assertEquals(Origin.TRUSTED_APP, e.origin(), e.getMessage());
                fail("os_test BASIC part " + part + ": " + e.result() + ": " + Xtest.text(text, op.size(2)));
            }
            assertEquals(0, op.size(2), "no failure text on success");
        }
    }
}
