package dev.jtee.wire;

import java.nio.ByteBuffer;

/**
 * Where a {@link FrameReader} (or a writer) takes the memory for a frame bigger than its resting
 * buffer, and gives it back once the frame is consumed. A daemon counts these bytes against a
 * budget per client and for the whole process; a refusal ends only the connection that asked.
 * Implementations are thread-safe.
 */
public interface BufferPool {
    /** Plain direct buffers with no limit but the frame limit (clients). */
    BufferPool UNBOUNDED = new BufferPool() {
        @Override
        public ByteBuffer take(int bytes) {
            return ByteBuffer.allocateDirect(bytes);
        }

        @Override
        public void give(ByteBuffer b) {
            // the garbage collector frees it
        }
    };

    /** A buffer of {@code bytes} capacity, or null when the budget cannot cover it now. */
    ByteBuffer take(int bytes);

    /** Gives back a buffer {@link #take} returned; it must not be used afterwards. */
    void give(ByteBuffer b);
}
