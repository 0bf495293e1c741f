package dev.jtee.daemon;

import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.wire.MessageType;
import dev.jtee.wire.Protocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A hostile local process, for the daemon's robustness tests: it speaks the protocol by hand and
 * prints one line when its attack is in place, then holds everything until it is killed.
 * <ul>
 * <li>{@code nonreader SOCKET N}: N connections, each with 8 sessions, that pipeline invokes with
 *     big answers and never read them;</li>
 * <li>{@code conns SOCKET}: connections until the daemon refuses one ({@code CONNS n});</li>
 * <li>{@code shm SOCKET}: one-byte shared memory blocks until refused, on a first then a second
 *     connection ({@code SHM a b});</li>
 * <li>{@code wait0 SOCKET N}: N os_test sessions, each in an infinite TEE_Wait sent with cancel
 *     id 0 (as libteec sends a call whose operation is NULL), then {@code READY};</li>
 * <li>{@code frames SOCKET N SIZE}: N connections that each send all but the last byte of a
 *     SIZE-byte frame ({@code FRAMES n}: how many connections the daemon kept).</li>
 * <li>{@code sessions SOCKET}: hello_world sessions until refused, on a first then a second
 *     connection ({@code SESSIONS a b result/origin: message} of the first refusal);</li>
 * <li>{@code calls SOCKET N}: on 4 connections, one os_test session each and N infinite
 *     TEE_Waits sent together, never answered unless refused ({@code CALLS refused result/origin:
 *     message}, after the N - refused accepted ones are known to be held).</li>
 * </ul>
 */
public final class Adversary {
    static final TeeUuid HELLO = TeeUuid.parse(HelloWorldTa.UUID);
    private static final List<Object> HELD = new ArrayList<>();

    private Adversary() {
    }

    public static void main(String[] args) throws Exception {
        Path sock = Path.of(args[1]);
        switch (args[0]) {
            case "nonreader" -> nonReader(sock, Integer.parseInt(args[2]));
            case "conns" -> System.out.println("CONNS " + connections(sock));
            case "shm" -> System.out.println("SHM " + sharedMemory(sock) + " " + sharedMemory(sock));
            case "wait0" -> waitForever(sock, Integer.parseInt(args[2]));
            case "frames" -> System.out.println("FRAMES " + frames(sock, Integer.parseInt(args[2]), Integer.parseInt(args[3])));
            case "sessions" -> System.out.println("SESSIONS " + sessions(sock));
            case "calls" -> System.out.println("CALLS " + calls(sock, Integer.parseInt(args[2]), Integer.parseInt(args[3])));
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.flush();
        Thread.currentThread().join(); // holds what it took until the test kills it
    }

    private static void nonReader(Path sock, int n) throws Exception {
        CountDownLatch started = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            RawClient c = RawClient.connect(sock).handshake();
            HELD.add(c);
            // sessions of their own instances (hello_world is multi-instance), so their calls run at once
            CallFrame[] frames = new CallFrame[8];
            for (int k = 0; k < frames.length; k++) {
                CallFrame open = c.open(HELLO, 0, 0);
                if (open.result != 0) {
                    throw new IllegalStateException("open failed: " + Integer.toHexString(open.result));
                }
                CallFrame f = frames[k] = new CallFrame();
                f.session = open.session;
                f.command = HelloWorldTa.CMD_INC_VALUE;
                f.paramTypes = 6; // MEMREF_OUTPUT: a small request, an answer that carries 256 KiB back
                f.buffer[0] = new byte[256 << 10];
                f.size[0] = f.buffer[0].length;
            }
            Thread.ofPlatform().daemon().start(() -> {
                started.countDown();
                try {
                    for (;;) {
                        c.write(c.invokes(frames, 4)); // together, so the daemon starts many at once
                    }
                } catch (IOException e) {
                    System.err.println("cut off: " + e); // what the daemon does to it in the end
                }
            });
        }
        started.await();
        System.out.println("READY");
    }

    private static void waitForever(Path sock, int n) throws IOException {
        RawClient c = RawClient.connect(sock).handshake();
        HELD.add(c);
        for (int i = 0; i < n; i++) {
            CallFrame open = c.open(TeeUuid.parse(dev.jtee.examples.xtest.OsTestTa.UUID), 0, 0);
            if (open.result != 0) {
                throw new IllegalStateException("open failed: " + Integer.toHexString(open.result));
            }
            CallFrame f = new CallFrame();
            f.session = open.session;
            f.command = dev.jtee.examples.xtest.OsTestTa.CMD_WAIT;
            f.paramTypes = 1; // VALUE_INPUT
            f.valueA[0] = 0xFFFFFFFF; // TEE_TIMEOUT_INFINITE
            f.cancelId = 0;
            c.invoke(f, false);
        }
        System.out.println("READY");
    }

    private static int connections(Path sock) {
        int n = 0;
        try {
            for (;;) {
                HELD.add(RawClient.connect(sock).handshake());
                n++;
            }
        } catch (IOException | RuntimeException e) {
            return n;
        }
    }

    private static String sessions(Path sock) throws IOException {
        int[] opened = new int[2];
        String refusal = "none";
        for (int k = 0; k < 2; k++) {
            RawClient c = RawClient.connect(sock).handshake();
            HELD.add(c);
            for (;;) {
                CallFrame open = c.open(HELLO, 0, 0);
                if (open.result != 0) {
                    if (k == 0) {
                        refusal = Integer.toHexString(open.result) + "/" + open.origin + ": " + c.lastError;
                    }
                    break;
                }
                opened[k]++;
            }
        }
        return opened[0] + " " + opened[1] + " " + refusal;
    }

    /**
     * {@code n} infinite waits over 4 connections; reads the {@code refusals} answers the test
     * expects (the accepted calls are never answered) and reports them.
     */
    private static String calls(Path sock, int n, int refusals) throws IOException {
        RawClient[] conns = new RawClient[4];
        CallFrame[] opens = new CallFrame[conns.length];
        // every session first: an open waits while the single instance is in a call
        for (int k = 0; k < conns.length; k++) {
            RawClient c = conns[k] = RawClient.connect(sock).handshake();
            HELD.add(c);
            CallFrame open = opens[k] = c.open(TeeUuid.parse(dev.jtee.examples.xtest.OsTestTa.UUID), 0, 0);
            if (open.result != 0) {
                throw new IllegalStateException("open failed: " + Integer.toHexString(open.result));
            }
        }
        for (int k = 0; k < conns.length; k++) {
            RawClient c = conns[k];
            CallFrame open = opens[k];
            CallFrame f = new CallFrame();
            f.session = open.session;
            f.command = dev.jtee.examples.xtest.OsTestTa.CMD_WAIT;
            f.paramTypes = 1; // VALUE_INPUT
            f.valueA[0] = 0xFFFFFFFF; // TEE_TIMEOUT_INFINITE
            c.write(c.invokes(new CallFrame[] {f}, n / conns.length));
        }
        // the refusals come on whichever connections went over: a reader per connection counts them
        java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> refusal = new java.util.concurrent.atomic.AtomicReference<>("none");
        CountDownLatch all = new CountDownLatch(refusals);
        for (RawClient c : conns) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (;;) {
                        CallFrame answer = new CallFrame();
                        c.answer(answer);
                        if (answer.result == dev.jtee.api.TeeResult.BUSY.code()) {
                            busy.incrementAndGet();
                            refusal.set(Integer.toHexString(answer.result) + "/" + answer.origin + ": " + c.lastError);
                        }
                        all.countDown();
                    }
                } catch (IOException e) {
                    System.err.println("cut off: " + e);
                }
            });
        }
        try {
            all.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return busy.get() + " " + refusal.get();
    }

    private static int sharedMemory(Path sock) throws IOException {
        RawClient c = RawClient.connect(sock).handshake();
        HELD.add(c);
        int n = 0;
        while (c.registerShm(1) != 0) {
            n++;
        }
        return n;
    }

    private static int frames(Path sock, int n, int size) {
        List<RawClient> kept = new ArrayList<>();
        ByteBuffer frame = ByteBuffer.allocateDirect(size - 1);
        frame.putInt(size - Protocol.LENGTH_BYTES).putShort(Protocol.MAGIC).put((byte) 1).put((byte) MessageType.INVOKE).putInt(1);
        for (int i = 0; i < n; i++) {
            try {
                RawClient c = RawClient.connect(sock).handshake();
                HELD.add(c);
                c.write(frame.duplicate().position(0).limit(size - 1));
                kept.add(c);
            } catch (IOException | RuntimeException e) {
                // refused or cut off: the daemon protects itself
            }
        }
        int alive = 0;
        for (RawClient c : kept) {
            if (c.channel.isOpen()) {
                alive++;
            }
        }
        return alive;
    }
}
