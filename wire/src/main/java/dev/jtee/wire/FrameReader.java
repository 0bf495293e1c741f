package dev.jtee.wire;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Cuts a byte stream into frames: reads as much as the channel gives (several frames per read when
 * they are queued), validates each header and hands out one body at a time. The buffer grows up to
 * the frame limit and no further. Used by one reading thread at a time.
 */
public final class FrameReader {
    private static final int INITIAL = 64 << 10;

    private final ReadableByteChannel channel;
    private volatile int maxFrame;
    private ByteBuffer buf;
    /** A view of {@code buf} whose limit stays at its capacity, for looking ahead while a body is handed out. */
    private ByteBuffer peek;
    /** Unconsumed bytes are [readPos, writePos). */
    private int readPos;
    private int writePos;
    private int frameEnd;

    private int version;
    private int type;
    private int requestId;

    public FrameReader(ReadableByteChannel channel, int maxFrame) {
        this.channel = channel;
        this.maxFrame = maxFrame;
        this.buf = ByteBuffer.allocateDirect(Math.min(INITIAL, maxFrame));
        this.peek = buf.duplicate();
    }

    /** Changes the limit (after version negotiation). */
    public void maxFrame(int maxFrame) {
        this.maxFrame = maxFrame;
    }

    /**
     * Blocks until the next whole frame is here; returns false at a clean end of stream (between
     * frames). A bad length or magic is a {@link WireException} (the stream cannot be resynchronised);
     * an end of stream inside a frame an {@link EOFException}.
     */
    public boolean next() throws IOException {
        readPos = frameEnd;
        buf.limit(buf.capacity()); // absolute reads below check against the limit
        for (;;) {
            int have = writePos - readPos;
            if (have >= Protocol.LENGTH_BYTES) {
                int size = Protocol.frameSize(buf.getInt(readPos), maxFrame);
                if (have >= size) {
                    if (have >= Protocol.HEADER_BYTES) {
                        parseHeader(size);
                        return true;
                    }
                }
                ensureRoom(size);
            } else {
                ensureRoom(Protocol.LENGTH_BYTES);
            }
            buf.limit(buf.capacity()).position(writePos);
            int n = channel.read(buf);
            if (n < 0) {
                if (writePos == readPos) {
                    return false;
                }
                throw new EOFException("end of stream inside a frame (" + (writePos - readPos) + " bytes)");
            }
            writePos += n;
        }
    }

    private void parseHeader(int size) {
        int p = readPos + Protocol.LENGTH_BYTES;
        short magic = buf.getShort(p);
        if (magic != Protocol.MAGIC) {
            throw new WireException(ErrorCode.BAD_FRAME, "bad magic 0x" + Integer.toHexString(magic & 0xFFFF));
        }
        version = buf.get(p + 2) & 0xFF;
        type = buf.get(p + 3) & 0xFF;
        requestId = buf.getInt(p + 4);
        frameEnd = readPos + size;
        buf.limit(frameEnd).position(readPos + Protocol.HEADER_BYTES);
    }

    /** Makes room for a frame of {@code size} bytes starting at readPos: compacts, then grows. */
    private void ensureRoom(int size) {
        if (readPos + size <= buf.capacity()) {
            return;
        }
        int have = writePos - readPos;
        if (size <= buf.capacity()) {
            buf.limit(writePos).position(readPos);
            buf.compact();
        } else {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.min(Math.max(size, buf.capacity() * 2), maxFrame));
            buf.limit(writePos).position(readPos);
            bigger.put(buf);
            buf = bigger;
            peek = bigger.duplicate();
        }
        readPos = 0;
        writePos = have;
        frameEnd = 0;
    }

    /**
     * Whether the next frame is already here whole, so {@link #next()} will not block: a reader
     * that batches its answers sends them before it may wait. Does not validate the frame (next()
     * does); a length that cannot be right counts as not here.
     */
    public boolean hasFrame() {
        int have = writePos - frameEnd;
        if (have < Protocol.HEADER_BYTES) {
            return false;
        }
        int length = peek.getInt(frameEnd);
        return length >= Protocol.HEADER_REST && length <= have - Protocol.LENGTH_BYTES;
    }

    /** The current frame's body: position at its first byte, limit at its end. */
    public ByteBuffer body() {
        return buf;
    }

    public int version() {
        return version;
    }

    public int type() {
        return type;
    }

    public int requestId() {
        return requestId;
    }
}
