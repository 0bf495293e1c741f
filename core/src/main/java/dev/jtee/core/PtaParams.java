package dev.jtee.core;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What pseudo-TAs share for reading and writing a frame's parameters: the types check, an output
 * memref as a native-order buffer, and a {@code TEE_UUID} in memref as C lays it out.
 */
final class PtaParams {
    /** sizeof(TEE_UUID). */
    static final int UUID_SIZE = 16;

    private PtaParams() {
    }

    static boolean types(CallFrame f, ParamType p0, ParamType p1, ParamType p2, ParamType p3) {
        return f.paramTypes == ParamTypes.pack(p0, p1, p2, p3);
    }

    /**
     * The output memref {@code i} as a native-order buffer of exactly {@code need} bytes, or null
     * after setting the size the TA needs (the caller answers SHORT_BUFFER). Sets the reported size.
     */
    static ByteBuffer output(CallFrame f, int i, int need) {
        if (f.size[i] < need || f.buffer[i] == null && need > 0) {
            f.size[i] = need;
            return null;
        }
        f.size[i] = need;
        return ByteBuffer.wrap(f.buffer[i], f.offset[i], need).slice().order(ByteOrder.nativeOrder());
    }

    /** Reads a C {@code TEE_UUID} from memref {@code i}; null when the memref is not exactly its size. */
    static TeeUuid uuid(CallFrame f, int i) {
        if (f.buffer[i] == null || f.size[i] != UUID_SIZE) {
            return null;
        }
        return TeeUuid.readStruct(ByteBuffer.wrap(f.buffer[i], f.offset[i], UUID_SIZE).order(ByteOrder.nativeOrder()));
    }
}
