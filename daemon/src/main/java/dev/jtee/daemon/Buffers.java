package dev.jtee.daemon;

import dev.jtee.wire.BufferPool;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One connection's big buffers (frames being read beyond the resting buffer, large answers):
 * counted against its client's quota and the daemon's budget, and freed the moment they are given
 * back rather than at some later garbage collection, so memory follows the load down as well as
 * up. Thread-safe.
 */
final class Buffers implements BufferPool {
    private final ClientQuotas quotas;
    private final PeerCredentials peer;
    private final Map<ByteBuffer, Arena> arenas = new IdentityHashMap<>();

    Buffers(ClientQuotas quotas, PeerCredentials peer) {
        this.quotas = quotas;
        this.peer = peer;
    }

    @Override
    public ByteBuffer take(int bytes) {
        return quotas.takeBuffer(peer, bytes) ? allocate(bytes) : null;
    }

    @Override
    public void give(ByteBuffer b) {
        free(b);
        quotas.giveBuffer(peer, b.capacity());
    }

    /** A buffer whose bytes were already counted (an answer within its call's reservation). */
    ByteBuffer allocate(int bytes) {
        Arena a = Arena.ofShared();
        ByteBuffer b = a.allocate(bytes, 64).asByteBuffer();
        synchronized (arenas) {
            arenas.put(b, a);
        }
        return b;
    }

    /** Frees a buffer of {@link #allocate} (no quota change). */
    void free(ByteBuffer b) {
        Arena a;
        synchronized (arenas) {
            a = arenas.remove(b);
        }
        if (a != null) {
            a.close();
        }
    }
}
