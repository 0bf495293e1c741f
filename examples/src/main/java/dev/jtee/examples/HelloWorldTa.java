package dev.jtee.examples;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TrustedApplication;
import dev.jtee.ta.Value;

/**
 * optee_examples' hello_world: increments or decrements the {@code a} of a VALUE_INOUT parameter.
 * Its invoke path allocates nothing, since it is the null-invoke benchmark target.
 */
public final class HelloWorldTa implements TrustedApplication {
    public static final String UUID = "8aaaf200-2450-11e4-abe2-0002a5d5c51b";
    public static final int CMD_INC_VALUE = 0;
    public static final int CMD_DEC_VALUE = 1;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "hello_world")
            .description("Hello World TA: increments or decrements a value")
            .build();

    private static final int VALUE_INOUT_ONLY =
            ParamTypes.pack(ParamType.VALUE_INOUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);

    public HelloWorldTa() {
    }

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        int delta;
        switch (command) {
            case CMD_INC_VALUE -> delta = 1;
            case CMD_DEC_VALUE -> delta = -1;
            default -> {
                return TeeResult.BAD_PARAMETERS;
            }
        }
        if (params.types() != VALUE_INOUT_ONLY) {
            return TeeResult.BAD_PARAMETERS;
        }
        Value v = params.value(0);
        v.a(v.a() + delta);
        return TeeResult.SUCCESS;
    }
}
