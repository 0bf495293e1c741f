package dev.jtee.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CodecTest {
    private static final int MAX = 1 << 16;

    /** Writes a request frame, reads its header the way a daemon does, returns the body. */
    private static ByteBuffer body(ByteBuffer frame, int expectedType) {
        frame.flip();
        int size = Protocol.frameSize(frame.getInt(0), MAX);
        assertEquals(frame.limit(), size);
        assertEquals(Protocol.MAGIC, frame.getShort(4));
        assertEquals(expectedType, frame.get(7));
        return frame.position(Protocol.HEADER_BYTES);
    }

    @Test
    void invokeAndResultRoundTripWithOverlappingWindowsAsOneRegion() {
        byte[] shared = new byte[32];
        for (int i = 0; i < shared.length; i++) {
            shared[i] = (byte) i;
        }
        CallFrame f = new CallFrame();
        f.session = 9;
        f.command = 3;
        f.cancelId = 77;
        f.paramTypes = 0x3 | 0x5 << 4 | 0x7 << 8 | 0x2 << 12;
        f.valueA[0] = 5;
        f.valueB[0] = 6;
        f.buffer[1] = shared;
        f.offset[1] = 4;
        f.size[1] = 8;
        f.buffer[2] = shared;
        f.offset[2] = 8;
        f.size[2] = 8;
        ParamLayout client = new ParamLayout();
        client.compute(f, Protocol.maxPayload(MAX));
        ByteBuffer b = ByteBuffer.allocate(4096);
        Invoke.encode(b, 1, 1234, f, client);

        CallFrame g = new CallFrame();
        ParamLayout daemon = new ParamLayout();
        Invoke.decode(body(b, MessageType.INVOKE), 1, g, daemon, Protocol.maxPayload(MAX));
        assertEquals(9, g.session);
        assertEquals(3, g.command);
        assertEquals(77, g.cancelId);
        assertEquals(5, g.valueA[0]);
        assertSame(g.buffer[1], g.buffer[2], "one region for both windows");
        assertEquals(12, g.buffer[1].length, "the span [4, 16)");
        assertEquals(0, g.offset[1]);
        assertEquals(4, g.offset[2]);
        assertEquals(4, g.buffer[1][0]);
        assertEquals(12, daemon.regionBytes());

        // the TA writes through the INOUT window and reports sizes and values
        g.buffer[2][g.offset[2]] = 99;
        g.size[2] = 20; // SHORT_BUFFER style: more than given
        g.valueA[3] = 42;
        g.valueB[3] = 43;
        g.valueA[0] = 50;
        g.result = 0xFFFF0010;
        g.origin = 4;
        ByteBuffer r = ByteBuffer.allocate(Result.bound(daemon));
        Result.encode(r, 1, 1234, g, daemon);
        f.size[2] = 8;
        Result.decode(body(r, MessageType.RESULT), f, client);
        assertEquals(0xFFFF0010, f.result);
        assertEquals(4, f.origin);
        assertEquals(20, f.size[2]);
        assertEquals(8, f.size[1], "an INPUT size is not written back");
        assertEquals(42, f.valueA[3]);
        assertEquals(50, f.valueA[0], "VALUE_INOUT comes back");
        assertEquals(99, shared[8], "the TA's write lands in the client's buffer at the window's place");
        assertEquals(4, shared[4], "bytes around it unchanged");
    }

    @Test
    void windowsOutsideTheirRegionAndOversizedRegionsAreRefused() {
        ByteBuffer b = ByteBuffer.allocate(256);
        int start = Protocol.begin(b, 1, MessageType.INVOKE, 1);
        b.putInt(1).putInt(0).putInt(0).putInt(0x5);
        b.put((byte) 1).putInt(4).put((byte) 1).put(new byte[4]).putInt(2).putLong(3); // [2, 5) of 4 bytes
        Protocol.end(b, start);
        WireException e = assertThrows(WireException.class,
                () -> Invoke.decode(body(b, MessageType.INVOKE), 1, new CallFrame(), new ParamLayout(), 1000));
        assertEquals(ErrorCode.BAD_FRAME, e.code());

        ByteBuffer big = ByteBuffer.allocate(256);
        start = Protocol.begin(big, 1, MessageType.INVOKE, 1);
        big.putInt(1).putInt(0).putInt(0).putInt(0x6);
        big.put((byte) 1).putInt(5000).put((byte) 0).putInt(0).putLong(5000);
        Protocol.end(big, start);
        e = assertThrows(WireException.class, () -> Invoke.decode(body(big, MessageType.INVOKE), 1, new CallFrame(), new ParamLayout(), 1000));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());

        assertEquals(ErrorCode.FRAME_TOO_LARGE, assertThrows(WireException.class, () -> Protocol.frameSize(MAX, MAX)).code());
        assertEquals(ErrorCode.BAD_FRAME, assertThrows(WireException.class, () -> Protocol.frameSize(3, MAX)).code());
    }

    @Test
    void randomBodiesNeverEscapeAsAnythingButWireExceptions() {
        SplittableRandom rnd = new SplittableRandom(7);
        CallFrame g = new CallFrame();
        ParamLayout l = new ParamLayout();
        for (int n = 0; n < 200_000; n++) {
            byte[] body = new byte[rnd.nextInt(80)];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) rnd.nextInt(256);
            }
            ByteBuffer b = ByteBuffer.wrap(body);
            try {
                switch (n % 4) {
                    case 0 -> Invoke.decode(b, 1 + n % 8 / 4, g, l, 4096);
                    case 1 -> OpenSession.decode(b, 1 + n % 8 / 4, g, l, 4096);
                    case 2 -> ErrorFrame.decode(b);
                    default -> HelloReply.decode(b);
                }
            } catch (WireException expected) {
                // refused cleanly
            }
        }
    }

    @Test
    void sharedMemoryFramesRoundTripAndRefuseMalformedBodies() {
        ByteBuffer b = ByteBuffer.allocate(64);
        ShmFrames.encodeRegister(b, 1, 5, 1L << 33);
        assertEquals(ShmFrames.REGISTER_BYTES, b.position());
        assertEquals(1L << 33, ShmFrames.decodeRegister(body(b, MessageType.REGISTER_SHM)));
        b.clear();
        ShmFrames.encodeId(b, 1, MessageType.SHM_REPLY, 6, 0x7123_4567);
        assertEquals(ShmFrames.ID_BYTES, b.position());
        assertEquals(0x7123_4567, ShmFrames.decodeId(body(b, MessageType.SHM_REPLY)));
        b.clear();
        ShmFrames.encodeRegister(b, 1, 7, -1);
        ByteBuffer negative = body(b, MessageType.REGISTER_SHM);
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(WireException.class, () -> ShmFrames.decodeRegister(negative)).code());
        assertEquals(ErrorCode.BAD_FRAME,
                assertThrows(WireException.class, () -> ShmFrames.decodeRegister(ByteBuffer.allocate(4))).code());
        assertEquals(ErrorCode.BAD_FRAME,
                assertThrows(WireException.class, () -> ShmFrames.decodeId(ByteBuffer.allocate(5))).code());
        assertEquals("REGISTER_SHM", MessageType.name(MessageType.REGISTER_SHM));
        assertEquals("RELEASE_SHM", MessageType.name(MessageType.RELEASE_SHM));
        assertEquals("SHM_REPLY", MessageType.name(MessageType.SHM_REPLY));
    }

    @Test
    void versionNegotiationPicksTheHighestCommonVersion() {
        assertEquals(1, new Hello(1, 3, MAX).choose(1, 1));
        assertEquals(0, new Hello(2, 3, MAX).choose(1, 1));
        ByteBuffer b = ByteBuffer.allocate(64);
        new Hello(1, 2, MAX).encode(b, 0);
        Hello h = Hello.decode(body(b, MessageType.HELLO));
        assertEquals(new Hello(1, 2, MAX), h);
        CallFrame f = new CallFrame();
        f.uuid = TeeUuid.parse("8aaaf200-2450-11e4-abe2-0002a5d5c51b");
        f.login = 1;
        ParamLayout l = new ParamLayout();
        l.compute(f, 1000);
        ByteBuffer o = ByteBuffer.allocate(256);
        OpenSession.encode(o, 1, 5, f, l);
        CallFrame g = new CallFrame();
        OpenSession.decode(body(o, MessageType.OPEN_SESSION), 1, g, new ParamLayout(), 1000);
        assertEquals(f.uuid, g.uuid);
        assertEquals(1, g.login);
    }

    /** Version 2 carries what is left of the call's deadline, in microseconds rounded up; version 1 has none. */
    @Test
    void version2CarriesTheAdmissionWait() {
        long[][] cases = {{-1, -1}, {0, 0}, {1, 1_000}, {1_000, 1_000}, {30_000_001, 30_001_000},
            {0xFFFF_FFFFL * 1_000, -1}, {Long.MAX_VALUE - 1, -1}};
        for (long[] c : cases) {
            CallFrame f = new CallFrame();
            f.session = 3;
            f.command = 4;
            f.cancelId = 5;
            f.paramTypes = 1;
            f.valueA[0] = 6;
            f.admissionWaitNanos = c[0];
            ParamLayout l = new ParamLayout();
            l.compute(f, Protocol.maxPayload(MAX));
            ByteBuffer b = ByteBuffer.allocate(256);
            Invoke.encode(b, Protocol.VERSION_2, 9, f, l);
            assertEquals(Protocol.HEADER_BYTES + 12 + 4 + 4 + 8, b.position(), "u32 waitMicros after the cancel id");
            CallFrame g = new CallFrame();
            Invoke.decode(body(b, MessageType.INVOKE), Protocol.VERSION_2, g, new ParamLayout(), Protocol.maxPayload(MAX));
            assertEquals(c[1], g.admissionWaitNanos, "sent " + c[0] + " ns");
            assertEquals(6, g.valueA[0]);

            f.uuid = new dev.jtee.api.TeeUuid(1, 2);
            b.clear();
            OpenSession.encode(b, Protocol.VERSION_2, 10, f, l);
            g = new CallFrame();
            OpenSession.decode(body(b, MessageType.OPEN_SESSION), Protocol.VERSION_2, g, new ParamLayout(), Protocol.maxPayload(MAX));
            assertEquals(c[1], g.admissionWaitNanos);
            assertEquals(6, g.valueA[0]);
        }
        CallFrame f = new CallFrame();
        f.admissionWaitNanos = 5_000;
        ParamLayout l = new ParamLayout();
        l.compute(f, Protocol.maxPayload(MAX));
        ByteBuffer b = ByteBuffer.allocate(256);
        Invoke.encode(b, Protocol.VERSION_1, 9, f, l);
        CallFrame g = new CallFrame();
        Invoke.decode(body(b, MessageType.INVOKE), Protocol.VERSION_1, g, new ParamLayout(), Protocol.maxPayload(MAX));
        assertEquals(-1, g.admissionWaitNanos, "a version 1 call waits as long as it takes");
    }
}
