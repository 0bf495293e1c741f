package dev.jtee.examples.xtest;

import dev.jtee.ta.TaManifest;

/**
 * The {@link SimsTa} code with SINGLE_INSTANCE|MULTI_SESSION|INSTANCE_KEEP_ALIVE|
 * INSTANCE_KEEP_CRASHED (not an optee_test TA; UUID of jtee's own): after a panic the dead
 * instance is kept, so every later open session fails with TARGET_DEAD.
 */
public final class SimsKeepCrashedTa extends SimsTa {
    public static final String UUID = "20ff91df-f1a1-4bff-8348-21d2ed20b11e";

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "sims_keepcrashed")
            .singleInstance()
            .multiSession()
            .keepAlive()
            .keepCrashed()
            .description("sims with INSTANCE_KEEP_CRASHED: a crashed instance stays dead")
            .stackSize(4 * 1024)
            .dataSize(64 * 1024)
            .build();

    public SimsKeepCrashedTa() {
        super(MANIFEST);
    }
}
