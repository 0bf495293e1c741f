package dev.jtee.examples.xtest;

import dev.jtee.api.TeeUuid;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code TEE_UUID} / {@code TEEC_UUID} as a C program lays the struct out in memory: {@code
 * uint32_t timeLow; uint16_t timeMid; uint16_t timeHiAndVersion; uint8_t clockSeqAndNode[8]}, the
 * three integers in the CPU's byte order (little-endian on x86-64 and arm64), not the 16 canonical
 * big-endian octets of {@link TeeUuid#toBytes()}. A TA that reads a UUID from a memref, or writes
 * one into it, sees these bytes (native-ta-facts.md §4). The layout itself is {@link TeeUuid#toStruct()}'s.
 */
public final class NativeUuid {
    public static final int SIZE = 16;

    private NativeUuid() {
    }

    /** The 16 bytes of the struct holding {@code uuid}. */
    public static byte[] toBytes(TeeUuid uuid) {
        return uuid.toStruct();
    }

    public static byte[] toBytes(String uuid) {
        return toBytes(TeeUuid.parse(uuid));
    }

    /** The UUID held by the 16-byte struct {@code struct}. */
    public static TeeUuid fromBytes(byte[] struct) {
        if (struct.length != SIZE) {
            throw new IllegalArgumentException("a TEE_UUID is " + SIZE + " bytes, not " + struct.length);
        }
        return TeeUuid.readStruct(ByteBuffer.wrap(struct).order(ByteOrder.nativeOrder()));
    }
}
