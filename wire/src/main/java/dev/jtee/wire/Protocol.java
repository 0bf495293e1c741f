package dev.jtee.wire;

import java.nio.ByteBuffer;

/**
 * The frame layout shared by every message of the jtee daemon protocol. All integers are
 * big-endian; a frame is
 *
 * <pre>
 *   u32 length     bytes that follow this field (header rest + body), 8 ≤ length ≤ max frame
 *   u16 magic      0x4A54 ("JT")
 *   u8  version    the negotiated protocol version (HELLO: the version the HELLO itself is written in)
 *   u8  type       {@link MessageType}
 *   u32 requestId  chosen by the client, echoed in the answer (0 = the connection itself)
 *   ...            body, as the message type says
 * </pre>
 *
 * Stateless helpers; thread-safe.
 */
public final class Protocol {
    public static final short MAGIC = 0x4A54;
    public static final int VERSION_1 = 1;
    /** Version 1 plus the admission wait a call may still spend in the daemon ({@link AdmissionWait}). */
    public static final int VERSION_2 = 2;
    public static final int MIN_VERSION = VERSION_1;
    public static final int MAX_VERSION = VERSION_2;
    /** The length field itself. */
    public static final int LENGTH_BYTES = 4;
    /** Bytes counted by the length field before the body. */
    public static final int HEADER_REST = 8;
    public static final int HEADER_BYTES = LENGTH_BYTES + HEADER_REST;
    /** Default and hard bounds of a frame (length field included). */
    public static final int DEFAULT_MAX_FRAME = 8 << 20;
    public static final int MIN_MAX_FRAME = 4 << 10;
    public static final int ABSOLUTE_MAX_FRAME = 64 << 20;
    /** Room kept in every frame for everything but memref bytes. */
    static final int OVERHEAD = 512;
    /** The longest message text (error frames, descriptions), in UTF-8 bytes. */
    public static final int MAX_TEXT = 1024;

    private Protocol() {
    }

    /** The most memref bytes one call may carry each way under {@code maxFrame}. */
    public static int maxPayload(int maxFrame) {
        return maxFrame - OVERHEAD;
    }

    /** Starts a frame at the buffer's position; returns that position for {@link #end}. */
    public static int begin(ByteBuffer b, int version, int type, int requestId) {
        int start = b.position();
        b.putInt(0).putShort(MAGIC).put((byte) version).put((byte) type).putInt(requestId);
        return start;
    }

    /** Writes the length of the frame started at {@code start} and ending at the buffer's position. */
    public static void end(ByteBuffer b, int start) {
        b.putInt(start, b.position() - start - LENGTH_BYTES);
    }

    /**
     * Validates a frame's length field; returns the total frame size (length field included).
     * Throws {@link WireException} FRAME_TOO_LARGE or BAD_FRAME; the connection cannot continue.
     */
    public static int frameSize(int lengthField, int maxFrame) {
        if (lengthField < HEADER_REST) {
            throw new WireException(ErrorCode.BAD_FRAME, "frame length " + Integer.toUnsignedString(lengthField) + " is shorter than a header");
        }
        if (lengthField > maxFrame - LENGTH_BYTES) {
            throw new WireException(ErrorCode.FRAME_TOO_LARGE,
                    "frame of " + Integer.toUnsignedString(lengthField) + " bytes exceeds the limit of " + maxFrame);
        }
        return lengthField + LENGTH_BYTES;
    }

    /** Checks that {@code n} more bytes can be read; a frame that says otherwise is BAD_FRAME. */
    static void need(ByteBuffer b, long n) {
        if (n < 0 || n > b.remaining()) {
            throw new WireException(ErrorCode.BAD_FRAME, "truncated body: need " + n + " bytes, " + b.remaining() + " left");
        }
    }

    /** Writes a short UTF-8 text (u16 length + bytes), cut at {@link #MAX_TEXT} bytes. */
    static void putText(ByteBuffer b, String s) {
        byte[] octets = (s == null ? "" : s).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = Math.min(octets.length, MAX_TEXT);
        b.putShort((short) n).put(octets, 0, n);
    }

    static String getText(ByteBuffer b) {
        need(b, 2);
        int n = Short.toUnsignedInt(b.getShort());
        if (n > MAX_TEXT) {
            throw new WireException(ErrorCode.BAD_FRAME, "text of " + n + " bytes exceeds " + MAX_TEXT);
        }
        need(b, n);
        byte[] octets = new byte[n];
        b.get(octets);
        return new String(octets, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A body that does not end where its message ends is BAD_FRAME. */
    static void done(ByteBuffer b) {
        if (b.hasRemaining()) {
            throw new WireException(ErrorCode.BAD_FRAME, b.remaining() + " stray bytes after the body");
        }
    }
}
