package dev.jtee.examples.xtest;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.core.SecureWorld;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link Xtest6010StorageTest}, run against the project's C storage TA
 * (ta-native/ta/storage): it has optee_test's UUID, so it replaces the Java one in this world.
 */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeXtest6010StorageTest extends Xtest6010StorageTest {
    @Test
    void theTaUnderTestIsTheCOne(SecureWorld world) {
        Xtest.assertNativeStorage(world, StorageTa.UUID);
    }

    /** The C TA answers as the Java one where the mirrors do not look: a wrong layout, an unknown command. */
    @Test
    void badParametersAndUnknownCommands(Context ctx) {
        try (Session s = ctx.openSession(TeeUuid.parse(StorageTa.UUID))) {
            Xtest.assertTeeError(TeeResult.BAD_PARAMETERS, Origin.TRUSTED_APP, () -> s.invoke(StorageTa.CMD_CLOSE,
                    Operation.create().value(0, ParamType.VALUE_OUTPUT, 0, 0)));
            Xtest.assertTeeError(TeeResult.BAD_PARAMETERS, Origin.TRUSTED_APP, () -> s.invoke(StorageTa.CMD_READ,
                    Operation.create().value(0, ParamType.VALUE_INPUT, 0, 0)));
            Xtest.assertTeeError(TeeResult.NOT_SUPPORTED, Origin.TRUSTED_APP, () -> s.invoke(26,
                    Operation.create().value(0, ParamType.VALUE_INPUT, 0, 0)));
            Xtest.assertTeeError(TeeResult.NOT_SUPPORTED, Origin.TRUSTED_APP,
                    () -> s.invoke(0x1000, Operation.create()));
            // the instance is alive and serves the next command
            Fs.unlink(s, Fs.create(s, Fs.FILE_00, Fs.WRITE_META, 0, Fs.DATA_00));
        }
    }
}
