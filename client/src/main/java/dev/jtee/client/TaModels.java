package dev.jtee.client;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a driver knows of each TA's instance model before opening it: the TA's flags, asked once
 * per TA from jtee's TA-info pseudo-TA ({@code 6a746565-0000-4000-8000-7461696e666f}, command 0:
 * memref[0] the TA's {@code TEE_UUID} in C layout, value[1].a the flags). A world without that
 * pseudo-TA (a real device) makes every answer {@link #UNKNOWN}, and flow control then bounds
 * every TA's sessions as if single-instance: never more than the bound, at the cost of bounding
 * multi-instance TAs too.
 */
final class TaModels {
    static final TeeUuid TA_INFO = TeeUuid.parse("6a746565-0000-4000-8000-7461696e666f");
    static final int UNKNOWN = -1;
    /** TA_FLAG_SINGLE_INSTANCE. */
    static final int SINGLE_INSTANCE = 1 << 2;

    private final Driver driver;
    private final ConcurrentHashMap<TeeUuid, Integer> flags = new ConcurrentHashMap<>();
    private volatile boolean unavailable;

    TaModels(Driver driver) {
        this.driver = driver;
    }

    /** The TA's flags, or {@link #UNKNOWN}. Answered from the cache after the first question. */
    int flags(TeeUuid uuid) {
        Integer f = flags.get(uuid);
        if (f != null) {
            return f;
        }
        if (unavailable) {
            return UNKNOWN;
        }
        int v = ask(uuid);
        if (v != UNKNOWN) {
            flags.put(uuid, v);
        }
        return v;
    }

    /** Whether sessions of a TA with these flags share one instance and heap (unknown counts as yes). */
    static boolean sharesInstance(int flags) {
        return flags == UNKNOWN || (flags & SINGLE_INSTANCE) != 0;
    }

    private int ask(TeeUuid uuid) {
        CallFrame f = new CallFrame();
        f.uuid = TA_INFO;
        f.clientUuid = TeeUuid.NIL;
        if (driver.systemCall(Driver.OPEN, f) != 0) {
            if (f.result == TeeResult.ITEM_NOT_FOUND.code()) {
                unavailable = true; // not a jtee world
            }
            return UNKNOWN;
        }
        int session = f.session;
        try {
            f.clear();
            f.session = session;
            f.paramTypes = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.VALUE_OUTPUT, ParamType.VALUE_OUTPUT, ParamType.NONE);
            f.buffer[0] = uuid.toStruct();
            f.size[0] = f.buffer[0].length;
            return driver.systemCall(Driver.INVOKE, f) == 0 ? f.valueA[1] : UNKNOWN;
        } finally {
            f.clear();
            f.session = session;
            driver.systemCall(Driver.CLOSE, f);
        }
    }
}
