package com.example;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TrustedApplication;

/** A first TA: command 0 adds p0.b to p0.a of a VALUE_INOUT parameter. */
public final class CounterTa implements TrustedApplication {
    public static final String UUID = "c0de0000-1234-4abc-8def-000000000001";
    public static final int CMD_ADD = 0;

    @Override
    public TaManifest manifest() {
        return TaManifest.builder(UUID, "counter").build();
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        if (command != CMD_ADD || !params.are(ParamType.VALUE_INOUT, ParamType.NONE, ParamType.NONE, ParamType.NONE)) {
            return TeeResult.BAD_PARAMETERS;
        }
        params.value(0).a(params.value(0).a() + params.value(0).b());
        return TeeResult.SUCCESS;
    }
}
