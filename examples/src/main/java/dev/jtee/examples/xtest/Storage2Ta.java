package dev.jtee.examples.xtest;

import dev.jtee.ta.TaManifest;

/** optee_test's storage2 TA: the storage TA under a second UUID, for isolation (xtest 6015, 6019). */
public final class Storage2Ta extends StorageTa {
    public static final String UUID = "731e279e-aafb-4575-a771-38caa6f0cca6";

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "storage2")
            .description("optee_test storage2 TA").build();

    public Storage2Ta() {
        super(MANIFEST);
    }
}
