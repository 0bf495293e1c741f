package dev.jtee.core;

import static dev.jtee.core.ParamsView.MEMREF_INOUT;
import static dev.jtee.core.ParamsView.MEMREF_INPUT;
import static dev.jtee.core.ParamsView.MEMREF_OUTPUT;
import static dev.jtee.core.ParamsView.VALUE_INOUT;
import static dev.jtee.core.ParamsView.VALUE_INPUT;
import static dev.jtee.core.ParamsView.VALUE_OUTPUT;

import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.TeeApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The runtime of a native TA instance: one TA host process ({@code jtee-tahost}, found in
 * {@code $jtee.native.home/bin}) that runs the TA's entry points, reached over a Unix-domain socket
 * plus a shared-memory file for memrefs (ta-native/NATIVE-TAS.md §C). The process starts with the
 * CREATE entry and ends after DESTROY or when it dies; a FAULT frame becomes OP-TEE's panic or
 * abort dump, any other end of the process (a signal, an exit) a line naming it; either way the
 * instance {@linkplain Instance#die dies}. Entries run on the caller's thread, which sends the
 * request and reads frames until the answer, serving the TA's TA-to-TA requests and trace lines
 * meanwhile; a cancellation may send CANCEL from any thread. A call allocates nothing.
 */
final class NativeRuntime implements TaRuntime {

    /** The system property naming the directory with bin/jtee-tahost (and devkit/, ta/). */
    static final String HOME_PROPERTY = "jtee.native.home";
    static final String HOST = "jtee-tahost";
    /** How long a starting host has to connect and say HELLO. */
    static final long START_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final long PAGE = 4096;
    /** The shared memory a host starts with; grown (never shrunk) when a call's memrefs need more. */
    static final long INITIAL_SHM = 64 << 10;

    // fault kinds of the FAULT frame
    static final int FAULT_PANIC = 1;
    static final int FAULT_STACK_SMASHING = 2;
    static final int FAULT_DATA_ABORT = 3;

    private final Instance inst;
    private final NativeTaFile file;
    private final Console console;

    private long ramAddress = -1;
    private long ramSize;
    private Process process;
    private HostChannel channel;
    private Path shmPath;
    private FileChannel shmFile;
    private Arena shmArena;
    private MemorySegment shm;
    private long shmSize;
    /** Where each memref of the current entry lies in the shared memory. */
    private final long[] memrefOffset = new long[4];
    /** Past the current entry's memrefs: where a TA-to-TA request's memrefs go. */
    private long memrefEnd;
    /** An entry runs in the host now (CANCEL may be sent). */
    private volatile boolean inEntry;
    private volatile boolean stopped;
    /** DESTROY was sent: the host's exit that follows is the instance's normal end. */
    private volatile boolean destroying;
    /** The TA's storage and crypto handles; made at its first GP call. */
    private NativeApiCalls apiCalls;
    /** Entries run so far (a late cancellation timer must not reach a later entry). */
    private volatile int entries;

    // the heap and stack as the host last reported them
    private volatile int heapSize;
    private volatile long heapAllocated;
    private volatile long heapMaxAllocated;
    private volatile long heapFails;
    private volatile long heapBiggestFail;
    private volatile long heapBiggestFailUsed;
    private volatile long heapFree2Sum;
    private volatile int heapLiveBlocks;
    /** Allocations and frees since the instance started (the host counts them): churn, and leaks. */
    private volatile long heapAllocations;
    private volatile long heapFrees;
    private volatile int heapPeakLiveBlocks;
    /** Bytes of stack entries ever used (from the host's painted stack). */
    volatile long stackPeak;
    /** The host's stack high-water mark after the last entry (a profile attributes its rise to that entry). */
    volatile long lastEntryStack;

    NativeRuntime(Instance inst) {
        this.inst = inst;
        this.file = inst.ta.nativeTa;
        this.console = inst.manager.world.console;
    }

    /** The host process's id, or -1 before it started (tests). */
    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** Whether an entry runs in the host now (tests wait for it before they cancel it). */
    boolean inEntry() {
        return inEntry;
    }

    /** The TA host executable, or null when the world's native home does not lead to one. */
    static Path hostExecutable(SecureWorld world) {
        if (world.nativeHome == null) {
            return null;
        }
        Path p = world.nativeHome.resolve("bin").resolve(HOST);
        return Files.isExecutable(p) ? p : null;
    }

    // ---- lifecycle

    /** Takes the instance's secure RAM (code, data, stack, as a Java TA's); the process starts with CREATE. */
    @Override
    public boolean start() {
        long code = 0;
        try {
            code = Files.size(file.path());
        } catch (IOException e) {
            // the create entry will say that the file went away
        }
        long size = pageRound(code) + pageRound(inst.manager.world.dataSize(inst.manifest))
                + pageRound(inst.manifest.stackSize() + Instance.FRAMEWORK_STACK);
        long at = inst.manager.world.ram.reserve(size);
        if (at < 0) {
            return false;
        }
        ramAddress = at;
        ramSize = size;
        heapSize = inst.manifest.dataSize();
        return true;
    }

    @Override
    public void call(int kind, Session session, CallFrame frame, Object chain, int cancelId, long cancelDeadline,
                     SecureThreads.SecureThread slot, long waitDeadline) {
        inst.beginEntry(kind, session, frame, chain, cancelId, cancelDeadline);
        // the caller's interrupt status set aside, as for a Java entry: only time, cancellation or death end an entry
        boolean interrupted = Thread.interrupted();
        try {
            if (kind == Instance.CREATE && !launch()) {
                return;
            }
            if (channel == null) {
                inst.die();
                return;
            }
            if (waitDeadline != Long.MAX_VALUE) {
                killAt(waitDeadline); // shutdown: a host stuck in an entry must not hold the world
            }
            int entry = ++entries;
            java.util.concurrent.CompletableFuture<Void> timeout = cancelDeadline == Long.MAX_VALUE || session == null ? null
                    : cancelAt(cancelDeadline, session, entry);
            try {
                run(kind, session, frame, slot);
            } finally {
                if (timeout != null) {
                    timeout.cancel(false);
                }
            }
        } finally {
            inEntry = false;
            inst.endEntry();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends one entry and reads frames until its answer. */
    private void run(int kind, Session session, CallFrame frame, SecureThreads.SecureThread slot) {
        if ((kind == Instance.OPEN || kind == Instance.INVOKE)) {
            int bad = ParamsView.check(frame);
            if (bad != 0) {
                inst.result = bad;
                inst.origin = dev.jtee.api.Origin.TEE.value();
                return;
            }
        }
        try {
            ByteBuffer b;
            switch (kind) {
                case Instance.CREATE -> {
                    b = channel.begin(HostChannel.CREATE);
                    putProperties(inst.manager.world.teeProperties);
                    putProperties(inst.taProperties);
                }
                case Instance.OPEN -> {
                    b = channel.begin(HostChannel.OPEN);
                    b.putInt(session.id).putInt(session.client.login().value());
                    session.client.uuid().writeStruct(b);
                    putParams(b, frame);
                }
                case Instance.INVOKE -> {
                    b = channel.begin(HostChannel.INVOKE);
                    b.putInt(session.id).putInt(frame.command);
                    putParams(b, frame);
                }
                case Instance.CLOSE -> channel.begin(HostChannel.CLOSE).putInt(session.id);
                default -> {
                    destroying = true; // the host exits after this entry: no death
                    channel.begin(HostChannel.DESTROY);
                }
            }
            channel.send();
            // from here a cancellation reaches the entry (a CANCEL before the entry would find nothing running)
            inEntry = true;
            if ((slot != null && slot.cancelRequested || inst.manager.closing) && session != null) {
                channel.sendSmall(HostChannel.CANCEL, session.id); // asked before cancelRunning could see this entry
            }
        } catch (IOException e) {
            // the host is gone: reading tells how
        }
        awaitAnswer(kind, frame);
    }

    private void awaitAnswer(int kind, CallFrame frame) {
        for (;;) {
            int type;
            try {
                type = channel.next();
            } catch (IOException e) {
                ended("the TA host's socket failed: " + e.getMessage());
                return;
            }
            switch (type) {
                case HostChannel.DONE -> {
                    done(kind, frame);
                    return;
                }
                case HostChannel.TRACE -> trace(channel.body());
                case HostChannel.REQUEST -> request();
                case HostChannel.FAULT -> {
                    fault(channel.body());
                    return;
                }
                case HostChannel.EOF -> {
                    ended(null);
                    return;
                }
                default -> {
                    ended("the TA host sent an unknown frame type 0x" + Integer.toHexString(type));
                    return;
                }
            }
        }
    }

    /** Starts the host for a new instance; false (with the reason on the console and as the answer) when it cannot. */
    private boolean launch() {
        SecureWorld world = inst.manager.world;
        Path host = hostExecutable(world);
        if (host == null) {
            return refuse(TeeResult.ITEM_NOT_FOUND, "Cannot run native TA " + inst.uuid + " (" + file.path() + "): no TA host "
                    + (world.nativeHome == null ? "(-D" + HOME_PROPERTY + " is not set)"
                    : "at " + world.nativeHome.resolve("bin").resolve(HOST)));
        }
        Path dir = null;
        Path socket = null;
        try {
            dir = Files.createTempDirectory("jtee-ta-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            socket = dir.resolve("s");
            Path shmDir = Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm") : dir;
            shmPath = Files.createTempFile(shmDir, "jtee-ta-", ".shm", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            shmFile = FileChannel.open(shmPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
            map(INITIAL_SHM);
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                List<String> cmd = new ArrayList<>(List.of(host.toString(), "--connect", socket.toString(), "--shm",
                        shmPath.toString(), "--ta", file.path().toAbsolutePath().toString()));
                // TA shared libraries: by UUID in the world's TA directories, then beside the TA
                for (Path d : world.taDirs) {
                    cmd.addAll(List.of("--lib-dir", d.toAbsolutePath().toString()));
                }
                Path beside = file.path().toAbsolutePath().getParent();
                if (beside != null) {
                    cmd.addAll(List.of("--lib-dir", beside.toString()));
                }
                ProcessBuilder pb = new ProcessBuilder(cmd);
                pb.redirectErrorStream(true);
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                process = pb.start();
                pumpOutput(process);
                SocketChannel ch = accept(server, process);
                if (ch == null) {
                    return refuse(TeeResult.GENERIC, "the TA host of " + inst.uuid + " did not connect: "
                            + exitText(process));
                }
                channel = new HostChannel(ch);
            }
            int type = helloWithin(START_NANOS);
            if (type != HostChannel.HELLO) {
                return refuse(TeeResult.GENERIC, "the TA host of " + inst.uuid + " did not say HELLO: "
                        + (type == HostChannel.EOF ? exitText(process) : "frame type 0x" + Integer.toHexString(type)));
            }
            ByteBuffer h = channel.body();
            int abi = h.getInt();
            long pid = Integer.toUnsignedLong(h.getInt());
            if (pid != process.pid()) {
                return refuse(TeeResult.SECURITY, "the TA host's socket peer says pid " + pid + ", the host started is "
                        + process.pid());
            }
            if (abi != file.abi()) {
                return refuse(TeeResult.GENERIC, "the TA host runs " + inst.uuid + " with ABI " + abi + ", its header says "
                        + file.abi());
            }
            watchIdleDeath(process);
            return true;
        } catch (IOException | RuntimeException e) {
            return refuse(TeeResult.GENERIC, "cannot start the TA host for " + file.path() + ": " + e);
        } finally {
            // connected (or failed): nobody else may reach the socket or the shared memory by name
            deleteQuietly(socket);
            deleteQuietly(shmPath);
            deleteQuietly(dir);
        }
    }

    private boolean refuse(TeeResult result, String line) {
        console.line(Console.TC + line);
        inst.result = result.code();
        inst.origin = dev.jtee.api.Origin.TEE.value();
        kill();
        return false;
    }

    /** Waits for the host to connect; null when it ended first or the start deadline passed. */
    private static SocketChannel accept(ServerSocketChannel server, Process p) throws IOException {
        server.configureBlocking(false);
        long deadline = System.nanoTime() + START_NANOS;
        try (Selector sel = Selector.open()) {
            server.register(sel, SelectionKey.OP_ACCEPT);
            while (System.nanoTime() - deadline < 0) {
                SocketChannel ch = server.accept();
                if (ch != null) {
                    ch.configureBlocking(true);
                    return ch;
                }
                if (!p.isAlive()) {
                    return null;
                }
                sel.select(50); // wakes at the connection; the timeout only re-checks that the host lives
                sel.selectedKeys().clear();
            }
        }
        return null;
    }

    /** The first frame, or EOF; a host that says nothing within the deadline is killed (its socket then ends). */
    private int helloWithin(long nanos) throws IOException {
        Process p = process;
        var watchdog = p.onExit().completeOnTimeout(null, nanos, TimeUnit.NANOSECONDS).thenRun(() -> {
            if (!helloSeen) {
                p.destroyForcibly();
            }
        });
        try {
            int type = channel.next();
            helloSeen = true;
            return type;
        } finally {
            helloSeen = true;
            watchdog.cancel(false);
        }
    }

    private volatile boolean helloSeen;

    /** Copies the host's output (its stderr, and its stdout sent there) to the console, line by line. */
    private void pumpOutput(Process p) {
        Thread.ofVirtual().name("jtee-tahost-" + inst.manifest.name() + "-" + inst.serial).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    console.line(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        });
    }

    @Override
    public boolean posts() {
        return false;
    }

    @Override
    public void post(Session session, CallFrame frame, Object chain, SecureThreads.SecureThread slot, InvokeCompletion done) {
        throw new UnsupportedOperationException("native TA calls are not posted");
    }

    @Override
    public void cancelRunning(Session s, int cancelId) {
        if (inEntry && inst.runsFor(s, cancelId)) {
            cancel(s);
        }
    }

    @Override
    public void cancelAny() {
        Session s = inst.session;
        if (inEntry && s != null) {
            cancel(s);
        }
    }

    private void cancel(Session s) {
        HostChannel ch = channel;
        if (ch == null) {
            return;
        }
        try {
            ch.sendSmall(HostChannel.CANCEL, s.id);
        } catch (IOException gone) {
            // the entry's reader sees the end
        }
    }

    @Override
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        HostChannel ch = channel;
        if (ch != null) {
            try {
                ch.close(); // the host exits when its socket closes
            } catch (IOException ignored) {
                // closed anyway
            }
        }
        Process p = process;
        if (p != null) {
            p.onExit().completeOnTimeout(null, 2, TimeUnit.SECONDS).thenRun(() -> {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            });
        }
    }

    /**
     * A TA-to-TA call's cancellation timeout ({@code TEE_OpenTASession}/{@code TEE_InvokeTACommand}
     * of the caller): a CANCEL to this entry when it passes, as the Java runtime's deadline does.
     */
    private java.util.concurrent.CompletableFuture<Void> cancelAt(long deadline, Session session, int entry) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            if (inEntry && entries == entry) {
                cancel(session);
            }
        }, java.util.concurrent.CompletableFuture.delayedExecutor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    }

    private void killAt(long deadline) {
        Process p = process;
        if (p != null) {
            p.onExit().completeOnTimeout(null, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    .thenRun(() -> {
                        if (inEntry) {
                            p.destroyForcibly();
                        }
                    });
        }
    }

    private void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    @Override
    public synchronized void release() {
        stop();
        if (shmArena != null) {
            shmArena.close();
            shmArena = null;
            shm = null;
        }
        if (shmFile != null) {
            try {
                shmFile.close();
            } catch (IOException ignored) {
                // unlinked already
            }
            shmFile = null;
        }
        if (ramAddress >= 0) {
            inst.manager.world.ram.release(ramAddress, ramSize);
            ramAddress = -1;
        }
    }

    // ---- parameters and shared memory

    /** A memref's offset for a null buffer (NATIVE-TAS.md §C): size 0 at offset 0 is a real, empty buffer. */
    private static final long NULL_MEMREF = -1L;

    /** The frame's parameters: values, and memrefs copied into page-aligned slots of the shared memory. */
    private void putParams(ByteBuffer b, CallFrame f) {
        int t = f.paramTypes & 0xFFFF;
        long end = 0;
        for (int i = 0; i < 4; i++) {
            int n = ParamTypes.get(t, i);
            if (n >= MEMREF_INPUT && n <= MEMREF_INOUT && f.buffer[i] != null) {
                memrefOffset[i] = end;
                end += pageRound(Math.max(1, f.size[i]));
            }
        }
        memrefEnd = end;
        ensureShm(end);
        b.putInt(t).putLong(shmSize);
        for (int i = 0; i < 4; i++) {
            int n = ParamTypes.get(t, i);
            if (n >= VALUE_INPUT && n <= VALUE_INOUT) {
                b.putLong(Integer.toUnsignedLong(f.valueA[i])).putLong(Integer.toUnsignedLong(f.valueB[i]));
            } else if (n >= MEMREF_INPUT && n <= MEMREF_INOUT && f.buffer[i] != null) {
                int size = (int) f.size[i];
                // an OUTPUT buffer too: the TA sees the client's bytes, as through OP-TEE's shared pages
                MemorySegment.copy(f.buffer[i], f.offset[i], shm, ValueLayout.JAVA_BYTE, memrefOffset[i], size);
                b.putLong(memrefOffset[i]).putLong(size);
            } else if (n >= MEMREF_INPUT && n <= MEMREF_INOUT) {
                b.putLong(NULL_MEMREF).putLong(f.size[i]);
            } else {
                b.putLong(0).putLong(0);
            }
        }
    }

    /** The parameters of a DONE or REQUEST as the TA left them: values, memref sizes, OUTPUT/INOUT bytes copied back. */
    private void getParams(ByteBuffer b, CallFrame f) {
        b.getInt(); // param types: the ones sent
        long size = b.getLong();
        if (size > shmSize) {
            remap(size);
        }
        int t = f.paramTypes & 0xFFFF;
        for (int i = 0; i < 4; i++) {
            long a = b.getLong();
            long v = b.getLong();
            int n = ParamTypes.get(t, i);
            if (n == VALUE_OUTPUT || n == VALUE_INOUT) {
                f.valueA[i] = (int) a;
                f.valueB[i] = (int) v;
            } else if ((n == MEMREF_OUTPUT || n == MEMREF_INOUT) && f.buffer[i] != null) {
                if (v <= f.size[i]) {
                    MemorySegment.copy(shm, ValueLayout.JAVA_BYTE, memrefOffset[i], f.buffer[i], f.offset[i], (int) v);
                }
                f.size[i] = v;
            } else if (n == MEMREF_OUTPUT || n == MEMREF_INOUT) {
                f.size[i] = v;
            }
        }
    }

    private void ensureShm(long bytes) {
        if (bytes > shmSize) {
            remap(Math.max(bytes, shmSize * 2));
        }
    }

    /** Maps the shared memory anew at {@code size} bytes (the file grows; the host remaps when told). */
    private void remap(long size) {
        if (shmArena != null) {
            shmArena.close();
        }
        map(size);
    }

    private void map(long size) {
        try {
            Arena a = Arena.ofShared();
            shm = shmFile.map(FileChannel.MapMode.READ_WRITE, 0, size, a);
            shmArena = a;
            shmSize = size;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot map the TA shared memory", e);
        }
    }

    // ---- answers

    private void done(int kind, CallFrame frame) {
        ByteBuffer b = channel.body();
        int result = b.getInt();
        int origin = b.getInt();
        if (kind == Instance.OPEN || kind == Instance.INVOKE) {
            getParams(b, frame);
        }
        // heap stats and the stack peak end the frame (an entry without parameters may send them as zeros)
        b.position(b.limit() - HEAP_STATS - 8);
        heap(b);
        long peak = b.getLong();
        lastEntryStack = peak;
        if (peak > stackPeak) {
            stackPeak = peak;
        }
        if (peak > inst.entryStackPeak[kind]) {
            inst.entryStackPeak[kind] = peak;
        }
        inst.result = result;
        inst.origin = origin;
    }

    /** Bytes of the heap stats record in DONE and FAULT. */
    static final int HEAP_STATS = 56;

    private void heap(ByteBuffer b) {
        heapSize = b.getInt();
        heapAllocated = Integer.toUnsignedLong(b.getInt());
        heapMaxAllocated = Integer.toUnsignedLong(b.getInt());
        heapFails = Integer.toUnsignedLong(b.getInt());
        heapBiggestFail = Integer.toUnsignedLong(b.getInt());
        heapBiggestFailUsed = Integer.toUnsignedLong(b.getInt());
        heapFree2Sum = b.getLong();
        int live = b.getInt();
        b.getInt();
        heapAllocations = b.getLong();
        heapFrees = b.getLong();
        heapLiveBlocks = live;
        if (live > heapPeakLiveBlocks) {
            heapPeakLiveBlocks = live;
        }
    }

    private static final String[] TRACE_PREFIX = {"E/TA: ", "E/TA: ", "I/TA: ", "D/TA: ", "F/TA: "};

    /** A TA trace line: OP-TEE's level prefix, then the TA's name, as a console line. */
    private void trace(ByteBuffer b) {
        int level = b.getInt();
        byte[] text = new byte[b.remaining()];
        b.get(text);
        String prefix = level >= 0 && level < TRACE_PREFIX.length ? TRACE_PREFIX[level] : "I/TA: ";
        console.line(prefix + inst.manifest.name() + ": " + new String(text, StandardCharsets.UTF_8));
    }

    /** A FAULT: OP-TEE's dump with the host's regions and frames; the instance dies. */
    private void fault(ByteBuffer b) {
        int kind = b.getInt();
        int code = b.getInt();
        long addr = b.getLong();
        List<MemoryRegion> regions = new ArrayList<>();
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            long va = b.getLong();
            long size = b.getLong();
            int flags = b.getInt();
            String name = string(b);
            boolean param = name.contains("param");
            String f = ((flags & 1) != 0 ? "r" : "-") + ((flags & 2) != 0 ? "w" : "-") + ((flags & 4) != 0 ? "x" : "-")
                    + (param ? "-" : "s");
            regions.add(new MemoryRegion(va, 0, size, f, name.isEmpty() ? "" : " " + name));
        }
        List<String> frames = new ArrayList<>();
        int m = b.getInt();
        for (int i = 0; i < m; i++) {
            long pc = b.getLong();
            String text = string(b);
            frames.add(String.format("0x%016x%s", pc, text.isEmpty() ? "" : " " + text));
        }
        if (b.remaining() >= HEAP_STATS) {
            heap(b);
        }
        // the TA's modules, "<uuid> <file>", the TA first, then its shared libraries
        List<String> modules = new ArrayList<>();
        int k = b.remaining() >= 4 ? b.getInt() : 0;
        for (int i = 0; i < k; i++) {
            modules.add(string(b));
        }
        int panicCode = switch (kind) {
            case FAULT_STACK_SMASHING -> TeeResult.OVERFLOW.code();
            case FAULT_DATA_ABORT -> Instance.ABORT_PANIC_CODE;
            default -> code;
        };
        List<String> lines = AbortDump.nativeLines(inst, kind, panicCode, addr, regions, frames, modules);
        // the console and the panic listeners hear of the death before any caller can see TARGET_DEAD
        inst.manager.panicked(inst, panicCode, kind == FAULT_DATA_ABORT ? addr : -1, lines);
        inst.die();
        stop();
    }

    /**
     * A host that ends while no entry runs (killed, crashed by something outside the TA) kills its
     * instance at once, as a death in a call does: its sessions answer TARGET_DEAD, the console and
     * the panic listeners hear of it now, not at the next call. The manager takes the instance's
     * gate first, so an entry that was running sees the end itself and this finds the instance dead.
     */
    private void watchIdleDeath(Process p) {
        p.onExit().thenRunAsync(() -> {
            if (!stopped && !destroying) {
                inst.manager.diedIdle(inst, () -> {
                    if (!stopped && !destroying && process == p) {
                        ended(null);
                    }
                });
            }
        }, r -> Thread.ofVirtual().name("jtee-tahost-exit-" + inst.uuid).start(r));
    }

    /** The host ended without a FAULT: a signal, an exit, a broken socket. The instance dies. */
    private void ended(String why) {
        Process p = process;
        String how = why;
        if (how == null) {
            how = exitText(p);
        }
        List<String> lines = List.of(Console.TC + "TA " + inst.uuid + " (" + inst.manifest.name() + "): its TA host process "
                + (p == null ? "" : p.pid() + " ") + how);
        kill();
        inst.manager.panicked(inst, Instance.ABORT_PANIC_CODE, -1, lines);
        inst.die();
        stop();
    }

    /** How a process ended, e.g. {@code killed by signal 9 (SIGKILL)} or {@code exited with code 1}. */
    static String exitText(Process p) {
        if (p == null) {
            return "never started";
        }
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                return "stopped answering (still running; killed)";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "ended";
        }
        int code = p.exitValue();
        if (code > 128 && code < 128 + 65) {
            int sig = code - 128;
            return "was killed by signal " + sig + signalName(sig);
        }
        return "exited with code " + code;
    }

    private static String signalName(int sig) {
        String name = switch (sig) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 15 -> "SIGTERM";
            default -> null;
        };
        return name == null ? "" : " (" + name + ")";
    }

    // ---- TA-to-TA requests from the TA

    private static final int TA_OPEN = 1;
    private static final int TA_INVOKE = 2;
    private static final int TA_CLOSE = 3;

    /**
     * A TA-to-TA call made by the running entry: served through the manager as a Java TA's call
     * is (this instance owns the session, the chain is the entry's), answered with a REPLY.
     */
    private void request() {
        ByteBuffer b = channel.body();
        int seq = channel.seq();
        int op = b.getInt();
        if (op >= NativeApiCalls.FIRST) {
            gpCall(op, b, seq);
            return;
        }
        CallFrame f = new CallFrame();
        TaManager manager = inst.manager;
        long[] offsets = new long[4];
        switch (op) {
            case TA_OPEN -> {
                f.uuid = TeeUuid.readStruct(b);
                long deadline = deadline(b.getInt());
                requestParams(b, f, offsets);
                manager.open(f, TaProperties.taClient(inst.uuid), inst, inst.waiter, inst.chain(), null, deadline);
            }
            case TA_INVOKE -> {
                f.session = b.getInt();
                long deadline = deadline(b.getInt());
                f.command = b.getInt();
                requestParams(b, f, offsets);
                manager.invoke(f, inst, inst.waiter, inst.chain(), null, deadline);
            }
            case TA_CLOSE -> {
                f.session = b.getInt();
                manager.close(f, inst, inst.waiter, inst.chain(), Long.MAX_VALUE);
            }
            default -> {
                f.result = TeeResult.NOT_SUPPORTED.code();
                f.origin = dev.jtee.api.Origin.TEE.value();
            }
        }
        try {
            ByteBuffer r = channel.begin(HostChannel.REPLY, seq);
            r.putInt(f.result).putInt(f.origin);
            if (op == TA_OPEN) {
                r.putInt(f.result == 0 ? f.session : 0);
            }
            if (op == TA_OPEN || op == TA_INVOKE) {
                replyParams(r, f, offsets);
            }
            channel.send();
        } catch (IOException gone) {
            // the entry's reader sees the end
        }
    }

    /** A GP storage/crypto call of the running entry (§C.1): run on the instance's storage, answered with a REPLY. */
    private void gpCall(int op, ByteBuffer b, int seq) {
        if (apiCalls == null) {
            apiCalls = new NativeApiCalls(inst);
        }
        int at = b.position();
        int nargs = b.getInt();
        if (nargs >= 0 && nargs <= 8) {
            b.position(b.position() + 8 * nargs);
            long size = b.getLong();
            if (size > shmSize) {
                remap(size);
            }
        }
        b.position(at);
        NativeApiCalls.Answer a = apiCalls.serve(op, b, shm, shmSize);
        try {
            ByteBuffer r = channel.begin(HostChannel.REPLY, seq);
            r.putInt(a.result()).putInt(dev.jtee.api.Origin.TEE.value()).putInt(a.panic() ? 1 : 0);
            r.putInt(apiCalls.nret);
            for (int i = 0; i < apiCalls.nret; i++) {
                r.putLong(apiCalls.ret[i]);
            }
            r.putInt(apiCalls.buffers());
            for (int i = 0; i < apiCalls.buffers(); i++) {
                r.putLong(apiCalls.written(i));
            }
            if (a.panic()) {
                byte[] why = NativeApiCalls.utf8(a.reason());
                r.put(why, 0, Math.min(why.length, 1024));
            }
            channel.send();
        } catch (IOException gone) {
            // the entry's reader sees the end
        }
    }

    /** A request's parameters: its memrefs copied out of the shared memory (TA-to-TA calls are not the hot path). */
    private void requestParams(ByteBuffer b, CallFrame f, long[] offsets) {
        int types = b.getInt();
        f.paramTypes = types & 0xFFFF;
        Session entry = inst.currentSession();
        if (entry != null && entry.owner == null) {
            f.normalWorldMemrefs = types >>> 16 & 0xF; // the host marks memrefs in the entry's own parameters
        }
        long size = b.getLong();
        if (size > shmSize) {
            remap(size);
        }
        for (int i = 0; i < 4; i++) {
            long a = b.getLong();
            long v = b.getLong();
            int n = ParamTypes.get(f.paramTypes, i);
            if (n >= VALUE_INPUT && n <= VALUE_INOUT) {
                f.valueA[i] = (int) a;
                f.valueB[i] = (int) v;
            } else if (n >= MEMREF_INPUT && n <= MEMREF_INOUT && a == NULL_MEMREF) {
                offsets[i] = NULL_MEMREF;
                f.size[i] = v; // a null memref: no buffer, as the TA passed it
            } else if (n >= MEMREF_INPUT && n <= MEMREF_INOUT) {
                if (v > Integer.MAX_VALUE || a + v > shmSize) {
                    f.paramTypes = 0xFFFF; // BAD_PARAMETERS from the manager's check
                    continue;
                }
                offsets[i] = a;
                f.buffer[i] = new byte[(int) v];
                MemorySegment.copy(shm, ValueLayout.JAVA_BYTE, a, f.buffer[i], 0, (int) v);
                f.size[i] = v;
            }
        }
    }

    private void replyParams(ByteBuffer r, CallFrame f, long[] offsets) {
        int t = f.paramTypes & 0xFFFF;
        r.putInt(t).putLong(shmSize);
        for (int i = 0; i < 4; i++) {
            int n = ParamTypes.get(t, i);
            if (n >= VALUE_INPUT && n <= VALUE_INOUT) {
                r.putLong(Integer.toUnsignedLong(f.valueA[i])).putLong(Integer.toUnsignedLong(f.valueB[i]));
            } else if (n >= MEMREF_INPUT && n <= MEMREF_INOUT) {
                long size = f.size[i];
                if ((n == MEMREF_OUTPUT || n == MEMREF_INOUT) && f.buffer[i] != null && size <= f.buffer[i].length) {
                    MemorySegment.copy(f.buffer[i], 0, shm, ValueLayout.JAVA_BYTE, offsets[i], (int) size);
                }
                r.putLong(offsets[i]).putLong(size);
            } else {
                r.putLong(0).putLong(0);
            }
        }
    }

    private static long deadline(int cancellationTimeout) {
        if (cancellationTimeout == TeeApi.TIMEOUT_INFINITE) {
            return Long.MAX_VALUE;
        }
        return System.nanoTime() + Integer.toUnsignedLong(cancellationTimeout) * 1_000_000L;
    }

    // ---- statistics

    @Override
    public HeapStats heapStats() {
        if (ramAddress < 0 && process == null) {
            return null;
        }
        int size = heapSize;
        long used = heapAllocated;
        long free = Math.max(0, size - used);
        long free2 = heapFree2Sum;
        // the host reports free2_sum, not the largest free block: its square root bounds it, exact for one block
        long largest = Math.min(free, (long) Math.sqrt((double) free2));
        double frag = free == 0 ? 0 : 1.0 - (double) largest / free;
        return new HeapStats(size, used, heapMaxAllocated, free, largest, frag, heapLiveBlocks, heapPeakLiveBlocks, heapAllocations, heapFrees,
                heapFails, heapBiggestFail, heapBiggestFailUsed, free2);
    }

    @Override
    public List<HeapStats.Block> liveBlocks() {
        return List.of(); // the host reports a count, not the blocks
    }

    // ---- helpers

    private void putProperties(Map<String, Object> props) {
        ByteBuffer b = channel.ensure(4);
        b.putInt(props.size());
        for (Map.Entry<String, Object> e : props.entrySet()) {
            int need = 12 + e.getKey().length() * 3 + (e.getValue() instanceof byte[] bytes ? bytes.length
                    : e.getValue() instanceof String s ? s.length() * 3 : 32);
            NativeTaFile.writeProperty(channel.ensure(need), e.getKey(), e.getValue());
        }
    }

    private static String string(ByteBuffer b) {
        int n = b.getInt();
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static long pageRound(long n) {
        return (n + PAGE - 1) & -PAGE;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover in a private directory
            }
        }
    }

    /** The architecture name OP-TEE's dump prints for this machine. */
    static String arch() {
        return NativeTaFile.hostMachine() == NativeTaFile.EM_AARCH64 ? "aarch64" : System.getProperty("os.arch", "").toLowerCase(Locale.ROOT).equals("amd64") ? "x86_64" : System.getProperty("os.arch");
    }
}
