package dev.jtee.api;

import java.util.UUID;

/**
 * A {@code TEEC_UUID}: {@code timeLow} (u32), {@code timeMid} (u16), {@code timeHiAndVersion}
 * (u16), {@code clockSeqAndNode} (8 octets). Its 16-octet form is big-endian, which is the same
 * bit layout as {@link UUID}'s two longs.
 */
public record TeeUuid(long msb, long lsb) implements Comparable<TeeUuid> {
    public static final TeeUuid NIL = new TeeUuid(0, 0);

    /** Parses the canonical text form {@code 8aaaf200-2450-11e4-abe2-0002a5d5c51b}. */
    public static TeeUuid parse(String text) {
        if (text == null || !text.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw new IllegalArgumentException("not a UUID (want xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx): " + text);
        }
        UUID u = UUID.fromString(text);
        return new TeeUuid(u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    public static TeeUuid of(int timeLow, int timeMid, int timeHiAndVersion, byte[] clockSeqAndNode) {
        if (clockSeqAndNode.length != 8) {
            throw new IllegalArgumentException("clockSeqAndNode must be 8 octets");
        }
        long msb = (timeLow & 0xFFFFFFFFL) << 32 | (timeMid & 0xFFFFL) << 16 | (timeHiAndVersion & 0xFFFFL);
        long lsb = 0;
        for (byte b : clockSeqAndNode) {
            lsb = lsb << 8 | (b & 0xFF);
        }
        return new TeeUuid(msb, lsb);
    }

    /** From the 16-octet big-endian form. */
    public static TeeUuid fromBytes(byte[] octets) {
        if (octets.length != 16) {
            throw new IllegalArgumentException("a UUID is 16 octets, got " + octets.length);
        }
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = msb << 8 | (octets[i] & 0xFF);
            lsb = lsb << 8 | (octets[i + 8] & 0xFF);
        }
        return new TeeUuid(msb, lsb);
    }

    /**
     * Reads a C {@code TEE_UUID} / {@code TEEC_UUID} struct at the buffer's position: the three
     * fields in the buffer's byte order (a C program's is the CPU's, {@link java.nio.ByteOrder#nativeOrder()}),
     * then the 8 octets.
     */
    public static TeeUuid readStruct(java.nio.ByteBuffer b) {
        int timeLow = b.getInt();
        int timeMid = Short.toUnsignedInt(b.getShort());
        int timeHi = Short.toUnsignedInt(b.getShort());
        byte[] node = new byte[8];
        b.get(node);
        return of(timeLow, timeMid, timeHi, node);
    }

    /** Writes this UUID as a C {@code TEE_UUID} struct at the buffer's position, in the buffer's byte order. */
    public void writeStruct(java.nio.ByteBuffer b) {
        b.putInt(timeLow()).putShort((short) timeMid()).putShort((short) timeHiAndVersion()).put(clockSeqAndNode());
    }

    /** This UUID as a C program on this CPU lays out a {@code TEE_UUID} (16 bytes, fields in native order). */
    public byte[] toStruct() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder());
        writeStruct(b);
        return b.array();
    }

    /** The 16-octet big-endian form. */
    public byte[] toBytes() {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (msb >>> (56 - 8 * i));
            out[i + 8] = (byte) (lsb >>> (56 - 8 * i));
        }
        return out;
    }

    public int timeLow() {
        return (int) (msb >>> 32);
    }

    public int timeMid() {
        return (int) (msb >>> 16) & 0xFFFF;
    }

    public int timeHiAndVersion() {
        return (int) msb & 0xFFFF;
    }

    public byte[] clockSeqAndNode() {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return out;
    }

    public UUID toUuid() {
        return new UUID(msb, lsb);
    }

    @Override
    public int compareTo(TeeUuid o) {
        int c = Long.compareUnsigned(msb, o.msb);
        return c != 0 ? c : Long.compareUnsigned(lsb, o.lsb);
    }

    /** Canonical lower-case text form. */
    @Override
    public String toString() {
        return toUuid().toString();
    }
}
