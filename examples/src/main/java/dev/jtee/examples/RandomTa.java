package dev.jtee.examples;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Memref;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;

/**
 * optee_examples' random: fills a MEMREF_OUTPUT with random bytes, going through a heap block as
 * the C example does ({@code TEE_Malloc}, {@code TEE_GenerateRandom}, {@code TEE_MemMove}).
 */
public final class RandomTa implements TrustedApplication {
    public static final String UUID = "b6c53aba-9669-4668-a7f2-205629d00f86";
    public static final int CMD_GENERATE = 0;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "random")
            .description("Random Number Generator TA")
            .build();

    private static final int MEMREF_OUTPUT_ONLY =
            ParamTypes.pack(ParamType.MEMREF_OUTPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);

    public RandomTa() {
    }

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        if (command != CMD_GENERATE) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (params.types() != MEMREF_OUTPUT_ONLY) {
            return TeeResult.BAD_PARAMETERS;
        }
        Memref out = params.memref(0);
        long size = out.size();
        long buf = TeeApi.malloc(size, TeeApi.MALLOC_FILL_ZERO);
        if (buf == 0) {
            return TeeResult.OUT_OF_MEMORY;
        }
        TeeApi.generateRandom(buf, size);
        TeeApi.memMove(out.address(), buf, size);
        TeeApi.free(buf);
        return TeeResult.SUCCESS;
    }
}
