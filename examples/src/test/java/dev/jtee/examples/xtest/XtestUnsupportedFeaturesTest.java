package dev.jtee.examples.xtest;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * xtest 1029 (TLS), 1031 (C++), 1036 (PAuth), 1038 (MTE) and 1042 (ASAN) skip a case when os_test
 * answers TEEC_ERROR_NOT_SUPPORTED, origin TA: what os_test built without the feature, on a
 * platform without it, answers (ta/os_test/ta_entry.c). Any other answer fails those cases.
 */
@JteeTest
class XtestUnsupportedFeaturesTest {
    private static final int[] COMMANDS = {21, 22, 25, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36, 38, 39, 40, 41, 42};

    @Test
    void answersNotSupportedFromTheTa(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            for (int command : COMMANDS) {
                Xtest.assertTeeError(TeeResult.NOT_SUPPORTED, Origin.TRUSTED_APP, () -> s.invoke(command));
            }
            // the session is still usable: NOT_SUPPORTED is an answer, not a failure of the TA
            s.invoke(OsTestTa.CMD_INIT);
        }
    }
}
