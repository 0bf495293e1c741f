package dev.jtee.examples.xtest;

import dev.jtee.ta.TaManifest;

/**
 * optee_test's sims_keepalive TA (xtest 1021): the {@link SimsTa} code with
 * SINGLE_INSTANCE|MULTI_SESSION|INSTANCE_KEEP_ALIVE, so the instance outlives its last session
 * (but not a panic).
 */
public final class SimsKeepAliveTa extends SimsTa {
    public static final String UUID = "a4c04d50-f180-11e8-8eb2-f2801f1b9fd1";

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "sims_keepalive")
            .singleInstance()
            .multiSession()
            .keepAlive()
            .description("optee_test sims_keepalive TA: single instance, multi session, keep alive")
            .stackSize(4 * 1024)
            .dataSize(64 * 1024)
            .build();

    public SimsKeepAliveTa() {
        super(MANIFEST);
    }
}
