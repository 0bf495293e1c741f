package dev.jtee.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The framing of the world–TA-host socket (ta-native/NATIVE-TAS.md §C): {@code u32 length; u16
 * type; u16 zero; u32 seq} then the body, all in the machine's byte order. One frame is built in
 * a reused buffer and sent whole; received bytes are buffered and handed out frame by frame, so a
 * call costs no allocation. One thread sends calls and reads answers; {@link #sendSmall} may be
 * called from any other thread at the same time (a cancellation): sends are serialised.
 *
 * <p>The socket is non-blocking: a reader waiting for an answer polls it for a few microseconds
 * (spinning, then yielding, as the Java runtime's caller does), which catches a short entry's
 * answer without a wake-up, and only then blocks in a selector.
 */
final class HostChannel implements AutoCloseable {
    static final int HEADER = 12;
    /** No frame is larger: a header with a few properties, parameters, a dump. */
    static final int MAX_FRAME = 16 << 20;

    // world → host
    static final int CREATE = 1;
    static final int OPEN = 2;
    static final int INVOKE = 3;
    static final int CLOSE = 4;
    static final int DESTROY = 5;
    static final int CANCEL = 6;
    static final int REPLY = 7;
    // host → world
    static final int HELLO = 0x81;
    static final int DONE = 0x82;
    static final int TRACE = 0x83;
    static final int FAULT = 0x84;
    static final int REQUEST = 0x85;
    /** {@link #next} at the end of the stream (the host closed the socket or died). */
    static final int EOF = -1;

    private static final long SPIN_NANOS = 2_000;
    private static final long YIELD_NANOS = 30_000;

    private final SocketChannel channel;
    private final Selector selector;
    /** Selected keys are only counted: no set to fill per wake-up. */
    private final Consumer<SelectionKey> ignore = k -> { };
    private final Object writeLock = new Object();
    private final AtomicInteger seq = new AtomicInteger();
    private ByteBuffer out = ByteBuffer.allocateDirect(64 << 10).order(ByteOrder.nativeOrder());
    private final ByteBuffer small = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
    /** Received bytes; between position and limit the ones not yet handed out. */
    private ByteBuffer in = ByteBuffer.allocateDirect(64 << 10).order(ByteOrder.nativeOrder()).limit(0);
    /** The current frame's body: a view of {@link #in} (reset per frame, no allocation). */
    private ByteBuffer body;
    private int frameSeq;
    /** Where in {@link #in} the frame after the current one starts. */
    private int consumed;

    HostChannel(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.body = in.duplicate().order(ByteOrder.nativeOrder());
        channel.configureBlocking(false);
        this.selector = Selector.open();
        try {
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    /** Starts a frame of {@code type} with the next sequence number; write the body into the answer, then {@link #send}. */
    ByteBuffer begin(int type) {
        return begin(type, seq.incrementAndGet());
    }

    /** Starts a frame answering the frame numbered {@code replyTo}. */
    ByteBuffer begin(int type, int replyTo) {
        out.clear();
        out.putInt(0).putShort((short) type).putShort((short) 0).putInt(replyTo);
        return out;
    }

    /** Makes room for {@code n} more body bytes in the frame being built (rare: large property sets). */
    ByteBuffer ensure(int n) {
        if (out.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(out.capacity() * 2, out.position() + n)).order(ByteOrder.nativeOrder());
            out.flip();
            bigger.put(out);
            out = bigger;
        }
        return out;
    }

    /** Sends the frame built since {@link #begin}. */
    void send() throws IOException {
        out.putInt(0, out.position());
        out.flip();
        synchronized (writeLock) {
            writeAll(out);
        }
    }

    /** Writes all of {@code b}; a full socket buffer (the host not reading yet) is waited out by yielding. */
    private void writeAll(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.write(b) == 0) {
                Thread.yield();
            }
        }
    }

    /** Sends a frame with one u32 body from any thread (CANCEL), beside a call in progress. */
    void sendSmall(int type, int value) throws IOException {
        synchronized (writeLock) {
            small.clear();
            small.putInt(HEADER + 4).putShort((short) type).putShort((short) 0).putInt(seq.incrementAndGet()).putInt(value);
            small.flip();
            writeAll(small);
        }
    }

    /**
     * Reads the next frame and answers its type ({@link #EOF} at the end of the stream); its body
     * is then {@link #body()} and its sequence number {@link #seq()}. A malformed length is an
     * IOException.
     */
    int next() throws IOException {
        in.position(consumed);
        if (!fill(HEADER)) {
            return EOF;
        }
        int length = in.getInt(in.position());
        if (length < HEADER || length > MAX_FRAME) {
            throw new IOException("bad frame length " + Integer.toUnsignedString(length) + " from the TA host");
        }
        if (!fill(length)) {
            return EOF;
        }
        int start = in.position();
        int type = Short.toUnsignedInt(in.getShort(start + 4));
        frameSeq = in.getInt(start + 8);
        consumed = start + length;
        body.limit(consumed).position(start + HEADER);
        return type;
    }

    ByteBuffer body() {
        return body;
    }

    int seq() {
        return frameSeq;
    }

    /** Makes at least {@code n} unread bytes available from the position on; false at the end of the stream. */
    private boolean fill(int n) throws IOException {
        while (in.remaining() < n) {
            if (in.capacity() - in.position() < n) {
                // move the unread bytes to the front, growing when one frame does not fit
                if (in.capacity() >= n) {
                    in.compact().flip();
                } else {
                    ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(n, in.capacity() * 2)).order(ByteOrder.nativeOrder());
                    bigger.put(in).flip();
                    in = bigger;
                    body = in.duplicate().order(ByteOrder.nativeOrder());
                }
            }
            int pos = in.position();
            in.position(in.limit()).limit(in.capacity());
            int r = read();
            in.limit(in.position()).position(pos);
            if (r < 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads what has come, waiting for at least one byte: polling briefly, then blocked in the selector. */
    private int read() throws IOException {
        long start = 0;
        for (;;) {
            int r = channel.read(in);
            if (r != 0) {
                return r;
            }
            long now = System.nanoTime();
            if (start == 0) {
                start = now;
            }
            long waited = now - start;
            if (waited < SPIN_NANOS) {
                Thread.onSpinWait();
            } else if (waited < YIELD_NANOS) {
                Thread.yield();
            } else {
                selector.select(ignore);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            selector.close();
        }
    }
}
