package dev.jtee.examples.xtest;

import dev.jtee.api.TeeResult;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TrustedApplication;

/**
 * optee_test's create_fail_test TA (xtest 1008 "Create session fail"): its create entry point
 * always answers {@link #CREATE_RESULT}, so every open session fails with it.
 */
public final class CreateFailTa implements TrustedApplication {
    public static final String UUID = "c3f6e2c0-3548-11e1-b86c-0800200c9a66";
    /** What {@code TA_CreateEntryPoint} returns: TEE_ERROR_GENERIC, as in optee_test. */
    public static final TeeResult CREATE_RESULT = TeeResult.GENERIC;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "create_fail")
            .description("optee_test create_fail_test TA: create entry point fails")
            .build();

    public CreateFailTa() {
    }

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult create() {
        return CREATE_RESULT;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        return TeeResult.NOT_SUPPORTED;
    }
}
