package dev.jtee.client;

import dev.jtee.api.TeeUuid;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** C structs the driver exchanges with pseudo-TAs, laid out as a C program on this CPU lays them out. */
final class CStructs {
    /** sizeof(TEE_UUID). */
    static final int UUID_SIZE = 16;

    private CStructs() {
    }

    /** A {@code TEE_UUID}: timeLow, timeMid, timeHiAndVersion in native byte order, then 8 octets. */
    static byte[] uuid(TeeUuid u) {
        ByteBuffer b = ByteBuffer.allocate(UUID_SIZE).order(ByteOrder.nativeOrder());
        b.putInt(u.timeLow()).putShort((short) u.timeMid()).putShort((short) u.timeHiAndVersion()).put(u.clockSeqAndNode());
        return b.array();
    }

    /** Reads a {@code TEE_UUID} at the buffer's position. */
    static TeeUuid uuid(ByteBuffer b) {
        int timeLow = b.getInt();
        int timeMid = Short.toUnsignedInt(b.getShort());
        int timeHi = Short.toUnsignedInt(b.getShort());
        byte[] node = new byte[8];
        b.get(node);
        return TeeUuid.of(timeLow, timeMid, timeHi, node);
    }
}
