package dev.jtee.daemon;

import dev.jtee.wire.BufferPool;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One connection's big buffers (frames being read beyond the resting buffer, large answers):
 * counted against its client's quota and the daemon's budget, and freed the moment they are given
 * back rather than at some later garbage collection, so memory follows the load down as well as
 * up. Thread-safe.
 *
 * <p>A buffer of {@link #MAPPED} bytes or more is a private anonymous mapping of its own
 * (Linux {@code mmap}), unmapped when freed: the C allocator would keep such memory in its arenas
 * after {@code free} (glibc raises its mmap threshold to the size of the last big block freed),
 * and the daemon's resident memory would stay at its peak after an attack.
 */
final class Buffers implements BufferPool {
    /** Buffers from this size on are mappings of their own. */
    static final int MAPPED = 128 << 10;

    private final ClientQuotas quotas;
    private final PeerCredentials peer;
    /** A buffer to what frees it: its Arena, or its mapping's {address, size}. */
    private final Map<ByteBuffer, Object> owners = new IdentityHashMap<>();

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
        long address = bytes >= MAPPED ? Pages.map(bytes) : 0;
        ByteBuffer b;
        Object owner;
        if (address != 0) {
            b = MemorySegment.ofAddress(address).reinterpret(bytes).asByteBuffer();
            owner = new long[] {address, bytes};
        } else {
            Arena a = Arena.ofShared();
            b = a.allocate(bytes, 64).asByteBuffer();
            owner = a;
        }
        synchronized (owners) {
            owners.put(b, owner);
        }
        return b;
    }

    /** Frees a buffer of {@link #allocate} (no quota change). */
    void free(ByteBuffer b) {
        Object owner;
        synchronized (owners) {
            owner = owners.remove(b);
        }
        if (owner instanceof Arena a) {
            a.close();
        } else if (owner instanceof long[] m) {
            Pages.unmap(m[0], m[1]);
        }
    }

    /** Anonymous mappings through FFM; none (0) where the platform or native access does not allow them. */
    static final class Pages {
        private static final int PROT_READ_WRITE = 0x1 | 0x2;
        private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20; // Linux, x86-64 and arm64 alike
        private static final MethodHandle MMAP;
        private static final MethodHandle MUNMAP;
        /** glibc's {@code malloc_trim}, or null (another C library). */
        private static final MethodHandle TRIM;

        static {
            MethodHandle map = null;
            MethodHandle unmap = null;
            String arch = System.getProperty("os.arch", "");
            if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                    && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
                try {
                    Linker linker = Linker.nativeLinker();
                    map = linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(),
                            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
                    unmap = linker.downcallHandle(linker.defaultLookup().find("munmap").orElseThrow(),
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
                } catch (RuntimeException | LinkageError e) {
                    map = null; // no native access allowed: the allocator's buffers then
                    unmap = null;
                }
            }
            MMAP = map;
            MUNMAP = unmap;
            MethodHandle trim = null;
            if (map != null) {
                try {
                    Linker linker = Linker.nativeLinker();
                    trim = linker.defaultLookup().find("malloc_trim")
                            .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)))
                            .orElse(null);
                } catch (RuntimeException | LinkageError e) {
                    trim = null;
                }
            }
            TRIM = trim;
        }

        /**
         * Gives the C allocator's free memory back to the system ({@code malloc_trim(0)}, all
         * arenas): what a departed client's small buffers and threads left there.
         */
        static void trim() {
            if (TRIM != null) {
                try {
                    int ignored = (int) TRIM.invokeExact(0L);
                } catch (Throwable e) {
                    // nothing given back: the memory is reused by the next clients all the same
                }
            }
        }

        private Pages() {
        }

        /** A fresh zeroed mapping of {@code bytes}, or 0. */
        static long map(long bytes) {
            if (MMAP == null) {
                return 0;
            }
            try {
                long a = (long) MMAP.invokeExact(0L, bytes, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
                return a == -1 ? 0 : a; // MAP_FAILED: fall back to the allocator
            } catch (Throwable e) {
                return 0;
            }
        }

        static void unmap(long address, long bytes) {
            try {
                int r = (int) MUNMAP.invokeExact(address, bytes);
                assert r == 0 : "munmap failed";
            } catch (Throwable e) {
                throw new IllegalStateException("munmap", e);
            }
        }
    }
}
