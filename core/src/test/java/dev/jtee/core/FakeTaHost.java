package dev.jtee.core;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A stand-in TA host for the world's side of NATIVE-TAS.md §C, run as a real process through a
 * {@code bin/jtee-tahost} script: it speaks the protocol and plays a TA whose commands exercise the
 * world (values, memrefs, traces, each FAULT kind, TA-to-TA requests, cancellation, heap reports,
 * an abrupt exit). It checks what the world sends as strictly as a host must. Not a TA runtime:
 * the real host (ta-native/host) runs real C TAs; this pins the world's half on its own.
 */
final class FakeTaHost {
    static final int CMD_INC = 0;
    /** p0 MEMREF_INOUT: reversed in place; p1 VALUE_OUTPUT a = the shm size the host sees. */
    static final int CMD_REVERSE = 1;
    /** p0 MEMREF_OUTPUT: "hello fake" (10 bytes), SHORT_BUFFER with size 10 when smaller. */
    static final int CMD_HELLO = 2;
    /** A TRACE line "traced p0.a" at level 2, then success. */
    static final int CMD_TRACE = 3;
    /** FAULT kind p0.a (1 panic with code p0.b, 2 stack smashing, 3 data abort at p0.b). */
    static final int CMD_FAULT = 4;
    /** Exits with code p0.a without a word (as a crash the host could not report). */
    static final int CMD_EXIT = 5;
    /** TA-to-TA: p0 MEMREF_INPUT the callee's TEE_UUID struct, p1 VALUE_INOUT: open it, invoke command 0 with p1 as VALUE_INOUT, close. */
    static final int CMD_TA2TA = 6;
    /** Waits for CANCEL of its session, then answers TEE_ERROR_CANCEL. */
    static final int CMD_WAIT_CANCEL = 7;
    /** Reports p0.a bytes allocated in p0.b blocks from now on. */
    static final int CMD_HEAP = 8;
    /** Sends itself signal p0.a (as abort() raises SIGABRT) in the middle of the entry. */
    static final int CMD_SIGNAL = 9;

    private final SocketChannel ch;
    private final FileChannel shmFile;
    private MemorySegment shm;
    private long shmSize;
    private final ByteBuffer out = ByteBuffer.allocate(1 << 16).order(ByteOrder.nativeOrder());
    private final int dataSize;
    private int allocated;
    private int maxAllocated;
    private int liveBlocks;
    private long allocations;
    private long frees;
    private int seq;

    private FakeTaHost(SocketChannel ch, FileChannel shmFile, int dataSize) {
        this.ch = ch;
        this.shmFile = shmFile;
        this.dataSize = dataSize;
    }

    public static void main(String[] args) throws Exception {
        String socket = null;
        String shm = null;
        String ta = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--connect" -> socket = args[i + 1];
                case "--shm" -> shm = args[i + 1];
                case "--ta" -> ta = args[i + 1];
                case "--lib-dir" -> { } // where TA shared libraries are: the fake host runs none
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        NativeTaFile file = NativeTaFile.read(Path.of(ta));
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        FileChannel f = FileChannel.open(Path.of(shm), StandardOpenOption.READ, StandardOpenOption.WRITE);
        System.out.println("fake host up for " + file.manifest().uuid()); // stdout goes to the world's console
        FakeTaHost h = new FakeTaHost(ch, f, file.manifest().dataSize());
        h.remap(f.size());
        h.begin(HostChannel.HELLO, ++h.seq).putInt(file.abi()).putInt((int) ProcessHandle.current().pid()).putLong(0x7f0000000000L)
                .putLong(file.manifest().stackSize() + 2048);
        h.send();
        h.serve();
    }

    private void remap(long size) throws IOException {
        shm = shmFile.map(FileChannel.MapMode.READ_WRITE, 0, size, Arena.ofAuto());
        shmSize = size;
    }

    private ByteBuffer begin(int type, int s) {
        out.clear();
        return out.putInt(0).putShort((short) type).putShort((short) 0).putInt(s);
    }

    private void send() throws IOException {
        out.putInt(0, out.position()).flip();
        while (out.hasRemaining()) {
            ch.write(out);
        }
    }

    private ByteBuffer read() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
        while (h.hasRemaining()) {
            if (ch.read(h) < 0) {
                System.exit(0); // the world closed the socket
            }
        }
        int len = h.getInt(0);
        ByteBuffer f = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        f.put(h.flip());
        while (f.hasRemaining()) {
            if (ch.read(f) < 0) {
                System.exit(0);
            }
        }
        return f.flip();
    }

    /** Params as sent: types, shm size, 4 × (a, b). */
    private record Params(int types, long[] a, long[] b) {
        int type(int i) {
            return (types >> (4 * i)) & 0xF;
        }
    }

    private Params params(ByteBuffer b) throws IOException {
        int types = b.getInt();
        long size = b.getLong();
        if (size != shmSize) {
            remap(size);
        }
        long[] a = new long[4];
        long[] v = new long[4];
        for (int i = 0; i < 4; i++) {
            a[i] = b.getLong();
            v[i] = b.getLong();
        }
        return new Params(types, a, v);
    }

    private void putParams(ByteBuffer b, Params p) {
        b.putInt(p.types).putLong(shmSize);
        for (int i = 0; i < 4; i++) {
            b.putLong(p.a[i]).putLong(p.b[i]);
        }
    }

    private void done(int s, int result, int origin, Params p) throws IOException {
        ByteBuffer b = begin(HostChannel.DONE, s).putInt(result).putInt(origin);
        putParams(b, p == null ? new Params(0, new long[4], new long[4]) : p);
        heap(b);
        b.putLong(1234);
        send();
    }

    private void heap(ByteBuffer b) {
        long free = dataSize - allocated;
        b.putInt(dataSize).putInt(allocated).putInt(maxAllocated).putInt(0).putInt(0).putInt(0).putLong(free * free)
                .putInt(liveBlocks).putInt(0).putLong(allocations).putLong(frees);
    }

    private void serve() throws IOException, NativeTaFile.BadTaFile {
        for (;;) {
            ByteBuffer f = read();
            int type = Short.toUnsignedInt(f.getShort(4));
            int s = f.getInt(8);
            f.position(12);
            switch (type) {
                case HostChannel.CREATE -> {
                    for (int set = 0; set < 2; set++) {
                        int n = f.getInt();
                        for (int i = 0; i < n; i++) {
                            NativeTaFile.readProperty(f);
                        }
                    }
                    if (f.hasRemaining()) {
                        throw new IllegalStateException("CREATE has " + f.remaining() + " bytes too many");
                    }
                    done(s, 0, 4, null);
                }
                case HostChannel.OPEN -> {
                    f.getInt();
                    f.getInt();
                    f.position(f.position() + 16);
                    done(s, 0, 4, params(f));
                }
                case HostChannel.INVOKE -> invoke(s, f.getInt(), f.getInt(), params(f));
                case HostChannel.CLOSE -> done(s, 0, 3, null);
                case HostChannel.DESTROY -> {
                    done(s, 0, 3, null);
                    System.exit(0);
                }
                case HostChannel.CANCEL -> {
                    // nothing runs: a stray cancellation is harmless
                }
                default -> throw new IllegalStateException("unexpected frame type " + type);
            }
        }
    }

    private void invoke(int s, int session, int command, Params p) throws IOException {
        switch (command) {
            case CMD_INC -> {
                p.a[0]++;
                done(s, 0, 4, p);
            }
            case CMD_REVERSE -> {
                long off = p.a[0];
                int n = (int) p.b[0];
                byte[] bytes = new byte[n];
                MemorySegment.copy(shm, ValueLayout.JAVA_BYTE, off, bytes, 0, n);
                for (int i = 0; i < n; i++) {
                    shm.set(ValueLayout.JAVA_BYTE, off + i, bytes[n - 1 - i]);
                }
                p.a[1] = shmSize;
                done(s, 0, 4, p);
            }
            case CMD_HELLO -> {
                byte[] text = "hello fake".getBytes(StandardCharsets.US_ASCII);
                if (p.b[0] < text.length) {
                    p.b[0] = text.length;
                    done(s, 0xFFFF0010, 4, p);
                } else {
                    MemorySegment.copy(text, 0, shm, ValueLayout.JAVA_BYTE, p.a[0], text.length);
                    p.b[0] = text.length;
                    done(s, 0, 4, p);
                }
            }
            case CMD_TRACE -> {
                begin(HostChannel.TRACE, ++seq).putInt(2).put(("traced " + p.a[0]).getBytes(StandardCharsets.UTF_8));
                send();
                done(s, 0, 4, p);
            }
            case CMD_FAULT -> {
                ByteBuffer b = begin(HostChannel.FAULT, ++seq).putInt((int) p.a[0]).putInt((int) p.b[0]).putLong(p.b[0]);
                List<String> names = List.of("[0] code", "[0] data", "(stack)");
                b.putInt(names.size());
                long va = 0x7f0000000000L;
                for (String n : names) {
                    byte[] nb = n.getBytes(StandardCharsets.UTF_8);
                    b.putLong(va).putLong(0x2000).putInt(n.contains("code") ? 5 : 3).putInt(nb.length).put(nb);
                    va += 0x10000;
                }
                b.putInt(2);
                for (String fr : List.of("smash+0x1c", "TA_InvokeCommandEntryPoint+0x40")) {
                    byte[] fb = fr.getBytes(StandardCharsets.UTF_8);
                    b.putLong(0x7f0000001000L).putInt(fb.length).put(fb);
                }
                heap(b);
                send();
                System.exit(0);
            }
            case CMD_EXIT -> Runtime.getRuntime().halt((int) p.a[0]);
            case CMD_SIGNAL -> {
                new ProcessBuilder("kill", "-" + p.a[0], Long.toString(ProcessHandle.current().pid())).start();
                read(); // the signal ends the process; nothing more comes from the world meanwhile
            }
            case CMD_TA2TA -> ta2ta(s, p);
            case CMD_WAIT_CANCEL -> {
                for (;;) {
                    ByteBuffer f = read();
                    int type = Short.toUnsignedInt(f.getShort(4));
                    if (type == HostChannel.CANCEL && f.getInt(12) == session) {
                        done(s, 0xFFFF0002, 4, p); // the TA returns what TEE_Wait answered: TEE_ERROR_CANCEL
                        return;
                    }
                }
            }
            case CMD_HEAP -> {
                allocated = (int) p.a[0];
                maxAllocated = Math.max(maxAllocated, allocated);
                int blocks = (int) p.b[0];
                allocations += Math.max(0, blocks - liveBlocks); // as the host counts: each block one allocation
                frees += Math.max(0, liveBlocks - blocks);
                liveBlocks = blocks;
                done(s, 0, 4, p);
            }
            default -> done(s, 0xFFFF000A, 4, p); // TEE_ERROR_NOT_SUPPORTED
        }
    }

    /** Opens the TA named in p0, invokes its command 0 with p1, closes it: three REQUESTs. */
    private void ta2ta(int s, Params p) throws IOException {
        byte[] uuid = new byte[16];
        MemorySegment.copy(shm, ValueLayout.JAVA_BYTE, p.a[0], uuid, 0, 16);
        ByteBuffer b = begin(HostChannel.REQUEST, ++seq).putInt(1).put(uuid).putInt(-1);
        putParams(b, new Params(0, new long[4], new long[4]));
        send();
        ByteBuffer r = reply();
        int res = r.getInt();
        int origin = r.getInt();
        int taSession = r.getInt();
        if (res != 0) {
            p.a[1] = origin;
            done(s, res, 4, p);
            return;
        }
        b = begin(HostChannel.REQUEST, ++seq).putInt(2).putInt(taSession).putInt(-1).putInt(0);
        long[] a = new long[4];
        long[] v = new long[4];
        a[0] = p.a[1];
        putParams(b, new Params(0x3, a, v));
        send();
        r = reply();
        res = r.getInt();
        r.getInt();
        r.getInt();
        r.getLong();
        long value = r.getLong();
        begin(HostChannel.REQUEST, ++seq).putInt(3).putInt(taSession);
        send();
        reply();
        p.a[1] = value;
        done(s, res, 4, p);
    }

    private ByteBuffer reply() throws IOException {
        ByteBuffer f = read();
        int type = Short.toUnsignedInt(f.getShort(4));
        if (type != HostChannel.REPLY || f.getInt(8) != seq) {
            throw new IllegalStateException("expected the REPLY to request " + seq + ", got type " + type + " seq " + f.getInt(8));
        }
        return f.position(12);
    }

    static Path install(Path home) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path script = bin.resolve(NativeRuntime.HOST);
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -Xshare:auto -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path") + "' " + FakeTaHost.class.getName() + " \"$@\"\n");
        script.toFile().setExecutable(true);
        return home;
    }
}
