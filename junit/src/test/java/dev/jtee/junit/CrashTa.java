package dev.jtee.junit;

import dev.jtee.api.TeeResult;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TrustedApplication;

/** A TA with a bug: command 0 throws. Not in META-INF/services: tests give it with @JteeTest(tas = ...). */
public final class CrashTa implements TrustedApplication {
    static final String UUID = "c4a5c4a5-0000-4000-8000-00000000dead";

    @Override
    public TaManifest manifest() {
        return TaManifest.builder(UUID, "crash").build();
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        throw new IllegalStateException("the TA's own bug: index " + command + " out of range");
    }
}
