package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The world–host framing of NATIVE-TAS.md §C over a real Unix-domain socket: {@code u32 length;
 * u16 type; u16 0; u32 seq} in machine order, frames however the bytes arrive (several in one
 * read, one split over reads, one larger than the buffer), a bad length refused.
 */
class HostChannelTest {
    @TempDir
    Path dir;
    SocketChannel hostSide;
    HostChannel world;

    @BeforeEach
    void connect() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(dir.resolve("s")));
            hostSide = SocketChannel.open(StandardProtocolFamily.UNIX);
            hostSide.connect(UnixDomainSocketAddress.of(dir.resolve("s")));
            world = new HostChannel(server.accept());
        }
    }

    @AfterEach
    void close() throws IOException {
        world.close();
        hostSide.close();
    }

    private static ByteBuffer frame(int type, int seq, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(HostChannel.HEADER + body.length).order(ByteOrder.nativeOrder());
        b.putInt(HostChannel.HEADER + body.length).putShort((short) type).putShort((short) 0).putInt(seq).put(body);
        return b.flip();
    }

    private void hostWrites(ByteBuffer... frames) throws IOException {
        for (ByteBuffer f : frames) {
            while (f.hasRemaining()) {
                hostSide.write(f);
            }
        }
    }

    @Test
    void framesAreHandedOutOneByOneWithTypeSeqAndBody() throws IOException {
        ByteBuffer two = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        two.put(frame(HostChannel.TRACE, 1, new byte[] {2, 0, 0, 0, 'h', 'i'})).put(frame(HostChannel.DONE, 7, new byte[] {9, 0, 0, 0}));
        hostWrites(two.flip());
        assertEquals(HostChannel.TRACE, world.next());
        assertEquals(1, world.seq());
        assertEquals(2, world.body().getInt());
        assertEquals(2, world.body().remaining());
        assertEquals(HostChannel.DONE, world.next());
        assertEquals(7, world.seq());
        assertEquals(9, world.body().getInt());
        assertEquals(0, world.body().remaining());
    }

    @Test
    void aFrameSplitOverWritesAndOneLargerThanTheBufferArriveWhole() throws Exception {
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        ByteBuffer f = frame(HostChannel.FAULT, 3, big);
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                hostWrites(f.duplicate().limit(5), f.duplicate().position(5).limit(100), f.duplicate().position(100));
                hostWrites(frame(HostChannel.HELLO, 4, new byte[24]));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertEquals(HostChannel.FAULT, world.next());
        ByteBuffer body = world.body();
        assertEquals(big.length, body.remaining());
        for (int i = 0; i < big.length; i++) {
            assertEquals((byte) i, body.get(), "byte " + i);
        }
        assertEquals(HostChannel.HELLO, world.next());
        assertEquals(24, world.body().remaining());
        writer.join();
    }

    @Test
    void aBadLengthIsAnError() throws IOException {
        hostWrites(ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putInt(5).putInt(0).putInt(0).flip());
        assertThrows(IOException.class, world::next);
    }

    @Test
    void theEndOfTheStreamIsEofEvenInsideAFrame() throws IOException {
        hostWrites(frame(HostChannel.DONE, 1, new byte[8]).limit(10));
        hostSide.close();
        assertEquals(HostChannel.EOF, world.next());
    }

    @Test
    void sentFramesCarryTheirLengthTypeAndCountingSeq() throws IOException {
        world.begin(HostChannel.INVOKE).putInt(5).putInt(42);
        world.send();
        world.sendSmall(HostChannel.CANCEL, 5);
        ByteBuffer in = ByteBuffer.allocate(HostChannel.HEADER * 2 + 12).order(ByteOrder.nativeOrder());
        while (in.hasRemaining()) {
            hostSide.read(in);
        }
        in.flip();
        assertEquals(HostChannel.HEADER + 8, in.getInt());
        assertEquals(HostChannel.INVOKE, in.getShort());
        assertEquals(0, in.getShort());
        assertEquals(1, in.getInt());
        assertEquals(5, in.getInt());
        assertEquals(42, in.getInt());
        assertEquals(HostChannel.HEADER + 4, in.getInt());
        assertEquals(HostChannel.CANCEL, in.getShort());
        assertEquals(0, in.getShort());
        assertEquals(2, in.getInt());
        assertEquals(5, in.getInt());
    }
}
