package dev.jtee.wire;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Cuts a byte stream into frames: reads as much as the channel gives (several frames per read when
 * they are queued), validates each header and hands out one body at a time. A frame bigger than
 * the resting buffer grows it step by step as its bytes actually arrive (never to what a header
 * merely declares), up to the frame limit, in memory from a {@link BufferPool}; once such a frame
 * is consumed the reader returns to its resting buffer and gives the big one back. Used by one
 * reading thread at a time.
 */
public final class FrameReader {
    private static final int INITIAL = 64 << 10;

    private final ReadableByteChannel channel;
    private final BufferPool pool;
    private volatile int maxFrame;
    /** The resting buffer; {@code buf} is it, or a bigger one from the pool while a big frame is read. */
    private final ByteBuffer resting;
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
        this(channel, maxFrame, BufferPool.UNBOUNDED);
    }

    /** A reader whose buffers beyond the resting {@value #INITIAL} bytes come from {@code pool}. */
    public FrameReader(ReadableByteChannel channel, int maxFrame, BufferPool pool) {
        this.channel = channel;
        this.pool = pool;
        this.maxFrame = maxFrame;
        this.resting = ByteBuffer.allocateDirect(Math.min(INITIAL, maxFrame));
        this.buf = resting;
        this.peek = buf.duplicate();
    }

    /** Bytes held beyond the resting buffer (from the pool). */
    public int extraBytes() {
        return buf == resting ? 0 : buf.capacity();
    }

    /** Gives a pool buffer back (the reader is done, e.g. its connection ended). */
    public void release() {
        if (buf != resting) {
            ByteBuffer b = buf;
            buf = resting;
            peek = resting.duplicate();
            readPos = writePos = frameEnd = 0;
            pool.give(b);
        }
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
        if (buf != resting && writePos - readPos <= resting.capacity() / 2) {
            rest();
        }
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

    /**
     * Makes room for a frame of {@code size} bytes starting at readPos: compacts; grows (doubling,
     * at most to {@code size}) only when the buffer is full of bytes received, so a header that
     * declares a big frame costs nothing until its bytes come.
     */
    private void ensureRoom(int size) {
        if (readPos + size <= buf.capacity()) {
            return;
        }
        int have = writePos - readPos;
        if (readPos > 0) {
            buf.limit(writePos).position(readPos);
            buf.compact();
            readPos = 0;
            writePos = have;
            frameEnd = 0;
        }
        if (size <= buf.capacity() || writePos < buf.capacity()) {
            return;
        }
        ByteBuffer bigger = pool.take(Math.min(size, Math.max(buf.capacity() * 2, resting.capacity())));
        if (bigger == null) {
            throw new WireException(ErrorCode.TOO_MANY_REQUESTS, "no buffer memory for a frame of " + size + " bytes now");
        }
        buf.limit(writePos).position(0);
        bigger.put(buf);
        swap(bigger);
    }

    /** Back to the resting buffer with the unconsumed bytes (they fit). */
    private void rest() {
        int have = writePos - readPos;
        buf.limit(writePos).position(readPos);
        resting.clear();
        resting.put(buf);
        swap(resting);
        readPos = 0;
        writePos = have;
        frameEnd = 0;
    }

    private void swap(ByteBuffer b) {
        ByteBuffer old = buf;
        buf = b;
        peek = b.duplicate();
        if (old != resting) {
            pool.give(old);
        }
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
