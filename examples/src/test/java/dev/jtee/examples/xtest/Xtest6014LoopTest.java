package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Fs.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** xtest 6014 "Loop on Persistent objects". */
@JteeTest
class Xtest6014LoopTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    @Test
    void createEnumerateDelete(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            s.invoke(StorageTa.CMD_LOOP, dev.jtee.client.Operation.create()
                    .value(0, dev.jtee.api.ParamType.VALUE_INPUT, PRIVATE, 0));
        }
    }
}
