package dev.jtee.core;

import static dev.jtee.api.ParamType.MEMREF_INPUT;
import static dev.jtee.api.ParamType.NONE;
import static dev.jtee.api.ParamType.VALUE_OUTPUT;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.TaManifest;

/**
 * jtee's own pseudo-TA (no OP-TEE counterpart): what a TA declares, before any session opens it —
 * so that a driver's flow control knows from the first open whether a TA's sessions share one
 * instance and heap. Reached like any TA, so it works over every transport in front of a jtee
 * world; a real device answers ITEM_NOT_FOUND for its UUID.
 *
 * <p>{@link #CMD_TA_INFO}: memref[0] in: the TA's {@code TEE_UUID} (C layout); value[1] out: a =
 * TA flags ({@code TA_FLAG_*}), b = data (heap) size; value[2] out: a = stack size, b = 0.
 * ITEM_NOT_FOUND when no such TA is installed.
 */
final class TaInfoPta extends PseudoTa {
    static final int CMD_TA_INFO = 0;

    private final SecureWorld world;

    TaInfoPta(SecureWorld world) {
        super("6a746565-0000-4000-8000-7461696e666f", "jtee_ta_info.pta");
        this.world = world;
    }

    @Override
    int invoke(CallFrame f, Instance caller) {
        if (f.command != CMD_TA_INFO || !PtaParams.types(f, MEMREF_INPUT, VALUE_OUTPUT, VALUE_OUTPUT, NONE)) {
            return TeeResult.BAD_PARAMETERS.code();
        }
        TeeUuid uuid = PtaParams.uuid(f, 0);
        if (uuid == null) {
            return TeeResult.BAD_PARAMETERS.code();
        }
        TaStore.Entry ta = world.store.get(uuid);
        if (ta == null) {
            return TeeResult.ITEM_NOT_FOUND.code();
        }
        TaManifest m = ta.manifest;
        f.valueA[1] = m.flags();
        f.valueB[1] = m.dataSize();
        f.valueA[2] = m.stackSize();
        f.valueB[2] = 0;
        return TeeResult.SUCCESS.code();
    }
}
