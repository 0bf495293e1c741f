package dev.jtee.examples.xtest;

import dev.jtee.ta.TaManifest;

/**
 * optee_test's miss TA (xtest 1021 "Multiple Instances Single Session"): the {@link SimsTa} code
 * without SINGLE_INSTANCE, so every session gets its own instance and its own counter.
 */
public final class MissTa extends SimsTa {
    public static final String UUID = "528938ce-fc59-11e8-8eb2-f2801f1b9fd1";

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "miss")
            .description("optee_test miss TA: multiple instances, single session")
            .stackSize(32 * 1024)
            .dataSize(32 * 1024)
            .build();

    public MissTa() {
        super(MANIFEST);
    }
}
