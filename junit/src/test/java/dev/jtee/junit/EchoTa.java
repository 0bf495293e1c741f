package dev.jtee.junit;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TrustedApplication;

/** A TA on this module's test classpath: doubles p0.a. */
public final class EchoTa implements TrustedApplication {
    static final String UUID = "0e0e0e0e-1111-4222-8333-444455556666";

    @Override
    public TaManifest manifest() {
        return TaManifest.builder(UUID, "echo").build();
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        if (!params.are(ParamType.VALUE_INOUT, ParamType.NONE, ParamType.NONE, ParamType.NONE)) {
            return TeeResult.BAD_PARAMETERS;
        }
        params.value(0).a(params.value(0).a() * 2);
        return TeeResult.SUCCESS;
    }
}
