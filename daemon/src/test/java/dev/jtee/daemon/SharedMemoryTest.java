package dev.jtee.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.SharedMemory;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.wire.ErrorCode;
import dev.jtee.wire.ErrorFrame;
import dev.jtee.wire.FrameReader;
import dev.jtee.wire.Hello;
import dev.jtee.wire.MessageType;
import dev.jtee.wire.Protocol;
import dev.jtee.wire.ShmFrames;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REGISTER_SHM / RELEASE_SHM: a block a client allocates over the socket is accounted in the
 * daemon's secure RAM while the client holds it, an absurd size is OUT_OF_MEMORY (xtest 5006), and
 * everything is given back on release, on context close and when the client goes away.
 */
class SharedMemoryTest {
    static final long RAM = 8L << 20;

    @TempDir
    Path dir;
    SecureWorld world;
    Daemon daemon;

    @BeforeEach
    void start() {
        world = SecureWorld.builder().threads(4).secureRam(RAM).console(line -> { }).build();
        daemon = Daemon.builder().socket(dir.resolve("jtee.sock")).world(world).start();
    }

    @AfterEach
    void stop() {
        daemon.close();
        world.close();
    }

    private long used() {
        return world.stats().secureRamUsed();
    }

    @Test
    void anAllocatedBlockIsAccountedUntilReleased() {
        long before = used();
        try (Tee tee = Tee.connect(daemon.address()); Context ctx = tee.newContext()) {
            SharedMemory a = ctx.allocateSharedMemory(10_000, SharedMemory.MEM_INPUT);
            assertEquals(before + 3 * 4096, used(), "whole pages of secure RAM");
            SharedMemory zero = ctx.allocateSharedMemory(0, SharedMemory.MEM_OUTPUT);
            assertEquals(before + 3 * 4096, used(), "a zero-size block takes no secure RAM");
            assertTrue(zero.buffer().length > 0);
            a.release();
            assertEquals(before, used());
            a.release(); // a no-op, as TEEC_ReleaseSharedMemory of a released block
            zero.release();
            assertEquals(before, used());
            // registering stays as it was: nothing accounted
            SharedMemory r = ctx.registerSharedMemory(new byte[64 << 10], SharedMemory.MEM_INPUT);
            assertEquals(before, used());
            r.release();
        }
    }

    @Test
    void anAbsurdSizeIsOutOfMemoryAndHoldsNothing() {
        long before = used();
        try (Tee tee = Tee.connect(daemon.address()); Context ctx = tee.newContext()) {
            // xtest 5006: SIZE_MAX
            TeeException huge = assertThrows(TeeException.class, () -> ctx.allocateSharedMemory(-1L, SharedMemory.MEM_INPUT));
            assertEquals(TeeResult.OUT_OF_MEMORY, huge.result());
            // within the JVM's reach but not the daemon's secure RAM: refused by the daemon before any allocation
            TeeException big = assertThrows(TeeException.class, () -> ctx.allocateSharedMemory(1L << 30, SharedMemory.MEM_INPUT));
            assertEquals(TeeResult.OUT_OF_MEMORY, big.result());
            assertEquals(Origin.API, big.origin());
            assertEquals(before, used());
            // one client never takes more than half the secure RAM for shared memory
            SharedMemory half = ctx.allocateSharedMemory(RAM / 2 - 4096, SharedMemory.MEM_INPUT);
            assertEquals(TeeResult.OUT_OF_MEMORY,
                    assertThrows(TeeException.class, () -> ctx.allocateSharedMemory(8192, SharedMemory.MEM_INPUT)).result());
            half.release();
            // the connection goes on
            ctx.allocateSharedMemory(8192, SharedMemory.MEM_INPUT).release();
            assertEquals(before, used());
        }
    }

    @Test
    void closingTheContextReleasesItsBlocks() {
        long before = used();
        try (Tee tee = Tee.connect(daemon.address())) {
            Context ctx = tee.newContext();
            for (int i = 0; i < 5; i++) {
                ctx.allocateSharedMemory(4096, SharedMemory.MEM_INPUT | SharedMemory.MEM_OUTPUT);
            }
            assertEquals(before + 5 * 4096, used());
            ctx.close();
            assertEquals(before, used());
        }
    }

    @Test
    void aClientThatGoesAwayHasItsBlocksReleased() throws Exception {
        long before = used();
        Tee tee = Tee.connect(daemon.address());
        Context ctx = tee.newContext();
        for (int i = 0; i < 3; i++) {
            ctx.allocateSharedMemory(100_000, SharedMemory.MEM_INPUT);
        }
        assertTrue(used() >= before + 3 * 100_000);
        tee.world().close(); // the connection drops with three blocks held
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (used() != before || daemon.connections() != 0) {
                Thread.sleep(5);
            }
        });
        tee.close();
    }

    @Test
    void hostileShmFramesGetAnErrorAndTheConnectionGoesOn() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(daemon.socketPath()));
            ByteBuffer b = ByteBuffer.allocate(256);
            new Hello(1, 1, 64 << 10).encode(b, 0);
            write(ch, b.flip());
            FrameReader r = new FrameReader(ch, 1 << 20);
            assertTrue(r.next());
            assertEquals(MessageType.HELLO_REPLY, r.type());

            b.clear();
            ShmFrames.encodeId(b, 1, MessageType.RELEASE_SHM, 5, 12345); // not a block of this client
            write(ch, b.flip());
            ErrorFrame e = nextError(r, 5);
            assertEquals(TeeResult.ITEM_NOT_FOUND.code(), e.result());

            b.clear();
            ShmFrames.encodeRegister(b, 1, 6, -4096); // a negative size
            write(ch, b.flip());
            assertEquals(ErrorCode.BAD_REQUEST, nextError(r, 6).code());

            b.clear();
            int start = Protocol.begin(b, 1, MessageType.REGISTER_SHM, 7);
            b.putShort((short) 1); // truncated body
            Protocol.end(b, start);
            write(ch, b.flip());
            assertEquals(ErrorCode.BAD_FRAME, nextError(r, 7).code());

            b.clear();
            ShmFrames.encodeRegister(b, 1, 8, 1L << 40);
            write(ch, b.flip());
            assertEquals(TeeResult.OUT_OF_MEMORY.code(), nextError(r, 8).result());

            // still served: a block, then its release, both answered with its id
            b.clear();
            ShmFrames.encodeRegister(b, 1, 9, 4096);
            write(ch, b.flip());
            assertTrue(r.next());
            assertEquals(MessageType.SHM_REPLY, r.type());
            assertEquals(9, r.requestId());
            int id = ShmFrames.decodeId(r.body());
            assertTrue(id != 0);
            b.clear();
            ShmFrames.encodeId(b, 1, MessageType.RELEASE_SHM, 10, id);
            write(ch, b.flip());
            assertTrue(r.next());
            assertEquals(MessageType.SHM_REPLY, r.type());
            assertEquals(10, r.requestId());
            assertEquals(id, ShmFrames.decodeId(r.body()));
        }
    }

    private static ErrorFrame nextError(FrameReader r, int requestId) throws IOException {
        assertTrue(r.next());
        assertEquals(MessageType.ERROR, r.type());
        assertEquals(requestId, r.requestId());
        return ErrorFrame.decode(r.body());
    }

    private static void write(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
