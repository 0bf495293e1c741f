package dev.jtee.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.wire.Cancel;
import dev.jtee.wire.CloseSession;
import dev.jtee.wire.ErrorCode;
import dev.jtee.wire.ErrorFrame;
import dev.jtee.wire.FrameReader;
import dev.jtee.wire.Hello;
import dev.jtee.wire.Invoke;
import dev.jtee.wire.MessageType;
import dev.jtee.wire.OpenSession;
import dev.jtee.wire.ParamLayout;
import dev.jtee.wire.Protocol;
import dev.jtee.wire.ShmFrames;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed, truncated, oversized and random frames: the daemon answers an ERROR frame or closes
 * that connection, never crashes, and other clients keep being served correctly. The fuzz run
 * sends {@code jtee.fuzz.frames} frames (default 100 000; e.g. -Djtee.fuzz.frames=5000000 for a
 * long run).
 */
class HostileFramesTest {
    static final int FRAMES = Integer.getInteger("jtee.fuzz.frames", 100_000);
    static final TeeUuid HELLO = TeeUuid.parse(HelloWorldTa.UUID);

    @TempDir
    Path dir;
    SecureWorld world;
    Daemon daemon;

    @BeforeEach
    void start() {
        world = SecureWorld.builder().threads(4).console(line -> { }).build();
        daemon = Daemon.builder().socket(dir.resolve("jtee.sock")).world(world).maxFrame(64 << 10).start();
    }

    @AfterEach
    void stop() {
        daemon.close();
        world.close();
    }

    private SocketChannel raw() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(daemon.socketPath()));
        return ch;
    }

    private static void write(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static ByteBuffer hello() {
        ByteBuffer b = ByteBuffer.allocate(64);
        new Hello(1, 1, 64 << 10).encode(b, 0);
        return b.flip();
    }

    /** Reads frames until an ERROR arrives; returns it, or null if the connection ended first. */
    private static ErrorFrame nextError(SocketChannel ch) throws IOException {
        FrameReader r = new FrameReader(ch, 1 << 20);
        while (r.next()) {
            if (r.type() == MessageType.ERROR) {
                return ErrorFrame.decode(r.body());
            }
        }
        return null;
    }

    @Test
    void aFrameBeforeHelloEndsTheConnection() throws Exception {
        try (SocketChannel ch = raw()) {
            ByteBuffer b = ByteBuffer.allocate(64);
            CloseSession.encode(b, 1, 7, 1);
            write(ch, b.flip());
            ErrorFrame e = nextError(ch);
            assertEquals(ErrorCode.UNEXPECTED, e.code());
            assertEquals(-1, ch.read(ByteBuffer.allocate(1)), "closed after the error");
        }
    }

    /** Issue 15 §11: request id 0 names the connection itself, so a request may not use it. */
    @Test
    void aRequestWithIdZeroEndsTheConnection() throws Exception {
        try (SocketChannel ch = raw()) {
            write(ch, hello());
            ByteBuffer b = ByteBuffer.allocate(64);
            CloseSession.encode(b, 1, 0, 1);
            write(ch, b.flip());
            ErrorFrame e = nextError(ch);
            assertEquals(ErrorCode.BAD_FRAME, e.code());
            assertTrue(e.message().contains("request id 0 is reserved"), e.message());
            assertEquals(-1, ch.read(ByteBuffer.allocate(1)), "closed after the error");
        }
    }

    @Test
    void anOversizedLengthEndsTheConnectionWithoutReadingIt() throws Exception {
        try (SocketChannel ch = raw()) {
            write(ch, hello());
            ByteBuffer b = ByteBuffer.allocate(16).putInt(0x7FFF_FFF0).putShort(Protocol.MAGIC).put((byte) 1).put((byte) 4).putInt(1);
            write(ch, b.flip());
            ErrorFrame e = nextError(ch);
            assertEquals(ErrorCode.FRAME_TOO_LARGE, e.code());
        }
    }

    @Test
    void noCommonVersionIsRefused() throws Exception {
        try (SocketChannel ch = raw()) {
            ByteBuffer b = ByteBuffer.allocate(64);
            new Hello(7, 9, 1 << 16).encode(b, 0);
            write(ch, b.flip());
            assertEquals(ErrorCode.UNSUPPORTED_VERSION, nextError(ch).code());
        }
    }

    @Test
    void aMalformedBodyIsAnsweredAndTheConnectionGoesOn() throws Exception {
        try (SocketChannel ch = raw()) {
            write(ch, hello());
            ByteBuffer b = ByteBuffer.allocate(256);
            int start = Protocol.begin(b, 1, MessageType.INVOKE, 42);
            b.putInt(1).putInt(0).putInt(0).putInt(0x9); // a type nibble that is not a TA-side type
            Protocol.end(b, start);
            write(ch, b.flip());
            ErrorFrame e = nextError(ch);
            assertEquals(ErrorCode.BAD_FRAME, e.code());
            assertEquals(TeeResult.BAD_PARAMETERS.code(), e.result());
            // still served: an invoke on a session it does not own is answered with a RESULT
            b.clear();
            CallFrame f = new CallFrame();
            f.session = 1;
            ParamLayout l = new ParamLayout();
            Invoke.encode(b, 1, 43, f, l);
            write(ch, b.flip());
            FrameReader r = new FrameReader(ch, 1 << 20);
            assertTrue(r.next());
            assertEquals(MessageType.RESULT, r.type());
            assertEquals(43, r.requestId());
            assertEquals(TeeResult.BAD_PARAMETERS.code(), r.body().getInt());
        }
    }

    @Test
    void fuzzedFramesHarmNoOtherClient() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(90), this::fuzz);
    }

    private void fuzz() throws Exception {
        List<byte[]> corpus = corpus();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> bystanderFailure = new AtomicReference<>();
        AtomicLong bystanderCalls = new AtomicLong();
        Thread bystander;
        try (Tee tee = Tee.connect(daemon.address()); Context ctx = tee.newContext(); Session s = ctx.openSession(HELLO)) {
            bystander = Thread.ofPlatform().start(() -> {
                Operation op = Operation.create();
                try {
                    for (int i = 0; !done.get(); i++) {
                        op.value(0, ParamType.VALUE_INOUT, i, 0);
                        s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
                        if (op.valueA(0) != i + 1) {
                            throw new AssertionError("bystander got " + op.valueA(0) + " for " + i);
                        }
                        bystanderCalls.incrementAndGet();
                    }
                } catch (Throwable t) {
                    bystanderFailure.set(t);
                }
            });
            SplittableRandom rnd = new SplittableRandom(20261124L);
            long sent = 0;
            int connections = 0;
            ByteBuffer batch = ByteBuffer.allocate(1 << 20);
            while (sent < FRAMES) {
                connections++;
                try (SocketChannel ch = raw()) {
                    Thread drain = Thread.ofPlatform().daemon().start(() -> drain(ch));
                    write(ch, hello());
                    boolean open = true;
                    while (open && sent < FRAMES) {
                        batch.clear();
                        int n = 0;
                        boolean fatal = false;
                        while (n < 512 && batch.remaining() > 70_000 && sent + n < FRAMES) {
                            fatal = frame(batch, rnd, corpus);
                            n++;
                            if (fatal) {
                                break;
                            }
                        }
                        try {
                            write(ch, batch.flip());
                        } catch (IOException closedByDaemon) {
                            open = false;
                        }
                        sent += n;
                        if (fatal) {
                            open = false;
                        }
                    }
                    ch.shutdownOutput();
                    drain.join(10_000);
                }
            }
            done.set(true);
            bystander.join(10_000);
            if (bystanderFailure.get() != null) {
                throw new AssertionError("a bystander call failed", bystanderFailure.get());
            }
            assertTrue(bystanderCalls.get() > 0);
            // the daemon still serves: a fresh client, and the old one
            try (Tee again = Tee.connect(daemon.address()); Session s2 = again.newContext().openSession(HELLO)) {
                Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 41, 0);
                s2.invoke(HelloWorldTa.CMD_INC_VALUE, op);
                assertEquals(42, op.valueA(0));
            }
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 1, 0);
            s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
            assertEquals(2, op.valueA(0));
            System.out.println("fuzz: " + sent + " frames over " + connections + " connections; bystander made "
                    + bystanderCalls.get() + " calls");
        }
        // every fuzzing connection's sessions were closed: only the bystanders' are gone too now
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while ((world.stats().sessions() != 0 || daemon.connections() != 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, world.stats().sessions());
        assertEquals(0, daemon.connections());
        assertEquals(0, world.stats().instances());
        assertEquals(0, world.stats().secureRamUsed(), "every shared memory block the fuzzers got was given back");
    }

    private static void drain(SocketChannel ch) {
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 16);
        try {
            while (ch.read(b.clear()) >= 0) {
                // discard answers
            }
        } catch (IOException ignored) {
            // closed
        }
    }

    /** Valid frames to mutate: opens, invokes with every parameter kind, closes, cancels. */
    private static List<byte[]> corpus() {
        List<byte[]> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.allocate(4096);
        CallFrame f = new CallFrame();
        ParamLayout l = new ParamLayout();
        f.uuid = HELLO;
        f.paramTypes = 0x3;
        f.valueA[0] = 42;
        l.compute(f, 60_000);
        OpenSession.encode(b, 1, 1, f, l);
        out.add(take(b));
        f.clear();
        f.uuid = TeeUuid.parse("5b9e0e40-2636-11e1-ad9e-0002a5d5c51b");
        l.compute(f, 60_000);
        OpenSession.encode(b, 1, 2, f, l);
        out.add(take(b));
        for (int session = 1; session <= 3; session++) {
            f.clear();
            f.session = session;
            f.command = 0;
            f.paramTypes = 0x3 | 0x5 << 4 | 0x6 << 8 | 0x7 << 12;
            byte[] shared = new byte[64];
            f.buffer[1] = shared;
            f.size[1] = 16;
            f.buffer[2] = shared;
            f.offset[2] = 8;
            f.size[2] = 32;
            f.buffer[3] = new byte[8];
            f.size[3] = 8;
            l.compute(f, 60_000);
            Invoke.encode(b, 1, 10 + session, f, l);
            out.add(take(b));
            CloseSession.encode(b, 1, 20 + session, session);
            out.add(take(b));
            Cancel.encode(b, 1, session, 5);
            out.add(take(b));
        }
        ShmFrames.encodeRegister(b, 1, 30, 4096);
        out.add(take(b));
        ShmFrames.encodeRegister(b, 1, 31, 1L << 40);
        out.add(take(b));
        ShmFrames.encodeId(b, 1, MessageType.RELEASE_SHM, 32, 1);
        out.add(take(b));
        return out;
    }

    private static byte[] take(ByteBuffer b) {
        b.flip();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        b.clear();
        return a;
    }

    /** Appends one hostile frame; true if it breaks the framing (the daemon will close). */
    private static boolean frame(ByteBuffer out, SplittableRandom rnd, List<byte[]> corpus) {
        int kind = rnd.nextInt(100);
        if (kind < 70) {
            // a valid frame with its body mutated: flips, truncation or extension, any type and id
            byte[] f = corpus.get(rnd.nextInt(corpus.size())).clone();
            int body = f.length - Protocol.HEADER_BYTES;
            int flips = 1 + rnd.nextInt(4);
            for (int i = 0; i < flips && body > 0; i++) {
                f[Protocol.HEADER_BYTES + rnd.nextInt(body)] = (byte) rnd.nextInt(256);
            }
            int len = switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextInt(body + 1);
                case 1 -> body + rnd.nextInt(32);
                default -> body;
            };
            int type = rnd.nextInt(10) == 0 ? rnd.nextInt(256) : f[7] & 0xFF;
            if (type == MessageType.HELLO) {
                type = MessageType.INVOKE; // a second HELLO is a protocol error: counted below
            }
            int start = Protocol.begin(out, 1, type, rnd.nextInt());
            out.put(f, Protocol.HEADER_BYTES, Math.min(len, body));
            for (int i = body; i < len; i++) {
                out.put((byte) rnd.nextInt(256));
            }
            Protocol.end(out, start);
            return false;
        }
        if (kind < 95) {
            // random bytes under a valid header
            int start = Protocol.begin(out, 1, 3 + rnd.nextInt(6), rnd.nextInt());
            int n = rnd.nextInt(96);
            for (int i = 0; i < n; i++) {
                out.put((byte) rnd.nextInt(256));
            }
            Protocol.end(out, start);
            return false;
        }
        // broken framing: oversized or undersized length, bad magic, other version, second HELLO
        switch (rnd.nextInt(5)) {
            case 0 -> out.putInt(rnd.nextInt(Integer.MAX_VALUE - (1 << 17)) + (1 << 17)).putShort(Protocol.MAGIC).put((byte) 1).put((byte) 4).putInt(1);
            case 1 -> out.putInt(rnd.nextInt(8)).putInt(rnd.nextInt()).putInt(rnd.nextInt());
            case 2 -> out.putInt(8).putShort((short) rnd.nextInt()).put((byte) 1).put((byte) 4).putInt(1);
            case 3 -> out.putInt(8).putShort(Protocol.MAGIC).put((byte) (2 + rnd.nextInt(200))).put((byte) 4).putInt(1);
            default -> new Hello(1, 1, 1 << 16).encode(out, 0);
        }
        return true;
    }
}
