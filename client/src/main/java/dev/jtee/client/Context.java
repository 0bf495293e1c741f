package dev.jtee.client;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.SecureWorldPort;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connection of the client to a TEE ({@code TEEC_Context}): opens sessions and allocates or
 * registers shared memory. Closing it closes its sessions and releases its shared memory.
 * Thread-safe.
 */
public final class Context implements AutoCloseable {
    private final Tee tee;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final Set<SharedMemory> memory = ConcurrentHashMap.newKeySet();
    private final FlowControl flowControl;
    final ContextFlow flow;
    /** Set when the context was opened by name and its Tee is closed with it. */
    private volatile boolean ownsTee;
    private volatile boolean closed;

    Context(Tee tee, FlowControl flow) {
        this.tee = tee;
        this.flowControl = flow;
        this.flow = new ContextFlow(flow, tee.world().secureThreads());
    }

    /**
     * {@code TEEC_InitializeContext(NULL, …)}: a context on the JVM-wide default TEE (embedded
     * unless {@value Tee#DEFAULT_PROPERTY} / {@value Tee#DEFAULT_ENV} name another), started on
     * first use.
     */
    public static Context open() {
        return Tee.defaultTee().newContext();
    }

    /**
     * {@code TEEC_InitializeContext(name, …)}: null, "" or the default TEE's own address is
     * {@link #open()}; any other name is a TEE address for {@link Tee#connect} (e.g.
     * "unix:/run/jtee.sock"), whose Tee this context closes when it is closed. An unknown name is
     * ITEM_NOT_FOUND, origin API.
     */
    public static Context open(String teeName) {
        if (Tee.isDefaultName(teeName) || teeName.equals(Tee.defaultAddress())) {
            return open();
        }
        Tee tee = Tee.connect(teeName);
        try {
            Context c = tee.newContext();
            c.ownsTee = true;
            return c;
        } catch (RuntimeException e) {
            tee.close();
            throw e;
        }
    }

    /** How this context's calls are admitted. */
    public FlowControl flowControl() {
        return flowControl;
    }

    /** This context's admission counters now (conservation: see {@link FlowStats}). */
    public FlowStats flowStats() {
        return flow.stats();
    }

    public Tee tee() {
        return tee;
    }

    /** Opens a session with login PUBLIC and no operation. */
    public Session openSession(TeeUuid uuid) {
        return openSession(uuid, Login.PUBLIC, null, null);
    }

    /**
     * {@code TEEC_OpenSession}. {@code connectionData} is the group id for GROUP and
     * GROUP_APPLICATION logins (required there, ignored otherwise); {@code op} may be null. On
     * failure throws {@link TeeException} with the result and origin (output parameters are
     * written back first).
     */
    public Session openSession(TeeUuid uuid, Login login, Integer connectionData, Operation op) {
        checkOpen();
        Session s = tee.driver.openSession(this, uuid, login, connectionData, op);
        sessions.add(s);
        if (closed) {
            // closed while the session was being opened: do not leak it
            s.close();
            throw closedFailure();
        }
        return s;
    }

    /**
     * {@code TEEC_AllocateSharedMemory}: flags MEM_INPUT and/or MEM_OUTPUT (else BAD_PARAMETERS);
     * size 0 gives a small non-zero block; a size the JVM cannot hold is OUT_OF_MEMORY.
     */
    public SharedMemory allocateSharedMemory(long size, int flags) {
        checkOpen();
        return adopt(SharedMemory.allocate(this, size, flags));
    }

    /** {@code TEEC_RegisterSharedMemory} over the whole of {@code buffer}, zero copy. */
    public SharedMemory registerSharedMemory(byte[] buffer, int flags) {
        checkOpen();
        return adopt(SharedMemory.register(this, buffer, 0, buffer == null ? 0 : buffer.length, flags));
    }

    /** {@code TEEC_RegisterSharedMemory} over {@code buffer[offset, offset+length)}, zero copy. */
    public SharedMemory registerSharedMemory(byte[] buffer, int offset, int length, int flags) {
        checkOpen();
        return adopt(SharedMemory.register(this, buffer, offset, length, flags));
    }

    private SharedMemory adopt(SharedMemory shm) {
        memory.add(shm);
        if (closed) {
            shm.release();
            throw closedFailure();
        }
        return shm;
    }

    void forget(Session s) {
        sessions.remove(s);
    }

    void forget(SharedMemory shm) {
        memory.remove(shm);
    }

    /** The world this context's calls go to (a daemon accounts allocated shared memory there). */
    SecureWorldPort world() {
        return tee.world();
    }

    private void checkOpen() {
        if (closed) {
            throw closedFailure();
        }
    }

    private static TeeException closedFailure() {
        return new TeeException(TeeResult.BAD_STATE, Origin.API, "the context is closed");
    }

    public boolean isClosed() {
        return closed;
    }

    /** {@code TEEC_FinalizeContext}: closes every session, releases every block. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flow.close(); // calls still waiting end now; the sessions then close without waiting behind them
        for (Session s : new ArrayList<>(sessions)) {
            s.close();
        }
        for (SharedMemory shm : new ArrayList<>(memory)) {
            shm.release();
        }
        flow.closeTelemetry();
        tee.forget(this);
        if (ownsTee) {
            tee.close();
        }
    }

    /** Sessions open right now. */
    int openSessions() {
        return sessions.size();
    }

    /** Blocks not yet released. */
    int liveSharedMemory() {
        return memory.size();
    }

    @Override
    public String toString() {
        return "Context[" + sessions.size() + " sessions, " + memory.size() + " shared memory blocks"
                + (closed ? ", closed]" : "]");
    }
}
