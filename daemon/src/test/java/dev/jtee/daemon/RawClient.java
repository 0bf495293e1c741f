package dev.jtee.daemon;

import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.wire.ErrorFrame;
import dev.jtee.wire.FrameReader;
import dev.jtee.wire.Cancel;
import dev.jtee.wire.Hello;
import dev.jtee.wire.HelloReply;
import dev.jtee.wire.Invoke;
import dev.jtee.wire.MessageType;
import dev.jtee.wire.OpenSession;
import dev.jtee.wire.ParamLayout;
import dev.jtee.wire.Protocol;
import dev.jtee.wire.Result;
import dev.jtee.wire.ShmFrames;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The daemon protocol spoken by hand over one channel, as an adversary (or a process that was
 * handed a connected socket) speaks it: one request at a time, or requests sent without reading.
 * Not thread-safe.
 */
final class RawClient implements AutoCloseable {
    static final int MAX_FRAME = Protocol.DEFAULT_MAX_FRAME;
    final SocketChannel channel;
    private final FrameReader reader;
    private int nextId = 1;
    HelloReply hello;
    /** The message of the last ERROR frame answered, or null. */
    volatile String lastError;

    RawClient(SocketChannel channel) {
        this.channel = channel;
        this.reader = new FrameReader(channel, MAX_FRAME);
    }

    static RawClient connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new RawClient(ch);
    }

    /** HELLO and its reply; an ERROR frame (the daemon refused the connection) is thrown. */
    RawClient handshake() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64);
        new Hello(Protocol.MIN_VERSION, Protocol.MAX_VERSION, MAX_FRAME).encode(b, 0);
        write(b.flip());
        next();
        if (reader.type() == MessageType.ERROR) {
            throw new IOException("refused: " + ErrorFrame.decode(reader.body()).message());
        }
        hello = HelloReply.decode(reader.body());
        return this;
    }

    /** The version the daemon chose (version 1 before the handshake). */
    int version() {
        return hello == null ? Protocol.VERSION_1 : hello.version();
    }

    /** Opens a session; the frame holds the answer (session id, result, origin). */
    CallFrame open(TeeUuid ta, int login, int connectionData) throws IOException {
        CallFrame f = new CallFrame();
        f.uuid = ta;
        f.login = login;
        f.connectionData = connectionData;
        ParamLayout layout = new ParamLayout();
        layout.compute(f, Protocol.maxPayload(MAX_FRAME));
        ByteBuffer b = ByteBuffer.allocate(4096);
        OpenSession.encode(b, version(), nextId++, f, layout);
        write(b.flip());
        answer(f, layout);
        return f;
    }

    /** Sends an INVOKE of {@code f} and, if {@code wait}, reads its answer into {@code f}. */
    void invoke(CallFrame f, boolean wait) throws IOException {
        ParamLayout layout = new ParamLayout();
        layout.compute(f, Protocol.maxPayload(MAX_FRAME));
        ByteBuffer b = ByteBuffer.allocate(64 + (int) layout.regionBytes() + 256);
        Invoke.encode(b, version(), nextId++, f, layout);
        write(b.flip());
        if (wait) {
            answer(f, layout);
        }
    }

    /**
     * INVOKE frames of {@code frames} back to back, {@code n} of each, for one write (they reach
     * the daemon together).
     */
    ByteBuffer invokes(CallFrame[] frames, int n) {
        ParamLayout layout = new ParamLayout();
        layout.compute(frames[0], Protocol.maxPayload(MAX_FRAME));
        ByteBuffer b = ByteBuffer.allocate(n * frames.length * (64 + (int) layout.regionBytes() + 256));
        for (int i = 0; i < n; i++) {
            for (CallFrame f : frames) {
                layout.compute(f, Protocol.maxPayload(MAX_FRAME));
                Invoke.encode(b, version(), nextId++, f, layout);
            }
        }
        return b.flip();
    }

    /** CANCEL of the calls carrying {@code cancelId} (not answered). */
    void cancel(int session, int cancelId) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64);
        Cancel.encode(b, version(), session, cancelId);
        write(b.flip());
    }

    /** REGISTER_SHM of {@code size} bytes: the block id, or 0 if refused. */
    int registerShm(long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64);
        ShmFrames.encodeRegister(b, version(), nextId++, size);
        write(b.flip());
        next();
        return reader.type() == MessageType.SHM_REPLY ? ShmFrames.decodeId(reader.body()) : 0;
    }

    /** Reads the next answer into {@code f} (an INVOKE's, of a frame without memrefs). */
    void answer(CallFrame f) throws IOException {
        ParamLayout layout = new ParamLayout();
        layout.compute(f, Protocol.maxPayload(MAX_FRAME));
        answer(f, layout);
    }

    private void answer(CallFrame f, ParamLayout layout) throws IOException {
        next();
        if (reader.type() == MessageType.ERROR) {
            ErrorFrame e = ErrorFrame.decode(reader.body());
            f.result = e.result();
            f.origin = e.origin();
            lastError = e.message();
        } else {
            Result.decode(reader.body(), f, layout);
        }
    }

    private void next() throws IOException {
        if (!reader.next()) {
            throw new EOFException("the daemon closed the connection");
        }
    }

    void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
