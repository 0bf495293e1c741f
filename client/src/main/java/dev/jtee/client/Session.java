package dev.jtee.client;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeUuid;
import dev.jtee.flow.Permit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open session with a Trusted Application ({@code TEEC_Session}). Thread-safe: several threads
 * may invoke at once (the secure world runs one entry point per TA instance at a time).
 */
public final class Session implements AutoCloseable {
    private static final ThreadFactory ASYNC = Thread.ofVirtual().name("jtee-invoke-", 0).factory();

    private final Context context;
    final Driver driver;
    private final int id;
    private final TeeUuid uuid;
    private final Origin openOrigin;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Flow control: the TA's session slots and the slot this session holds (null when off). */
    final SessionSlots slots;
    final Permit slotPermit;
    /** Flow control: the gate of the instance serving this session (null when not instance-aware). */
    final ContextFlow.Gate gate;
    /** The id of the TA instance serving the session as the world reported it (0: not told). */
    final int instance;

    Session(Context context, Driver driver, int id, TeeUuid uuid, Origin openOrigin, SessionSlots slots, Permit slotPermit,
            ContextFlow.Gate gate, int instance) {
        this.context = context;
        this.driver = driver;
        this.id = id;
        this.uuid = uuid;
        this.openOrigin = openOrigin;
        this.slots = slots;
        this.slotPermit = slotPermit;
        this.gate = gate;
        this.instance = instance;
    }

    /** The session id the secure world gave (never 0). */
    public int id() {
        return id;
    }

    /** The TA this session is open on. */
    public TeeUuid uuid() {
        return uuid;
    }

    /**
     * The origin the successful OpenSession reported, as libteec's {@code returnOrigin}: OP-TEE (and
     * jtee's secure world) report TRUSTED_APP, which xtest 1009 asserts.
     */
    public Origin openOrigin() {
        return openOrigin;
    }

    public Context context() {
        return context;
    }

    /**
     * {@code TEEC_InvokeCommand}. Answers {@code op} with its outputs written back; throws
     * {@link TeeException} with the result and origin on anything but success (output values and
     * sizes are written back first, so a SHORT_BUFFER tells the size needed). A null {@code op}
     * means no parameters.
     */
    public Operation invoke(int command, Operation op) {
        driver.invoke(this, command, op);
        return op;
    }

    /** Invokes {@code command} with no parameters. */
    public void invoke(int command) {
        driver.invoke(this, command, null);
    }

    /**
     * Invokes on a new virtual thread. The future completes with {@code op}, or exceptionally with
     * the {@link TeeException}. To stop the call, use {@link Operation#requestCancellation()}.
     */
    public CompletableFuture<Operation> invokeAsync(int command, Operation op) {
        CompletableFuture<Operation> result = new CompletableFuture<>();
        ASYNC.newThread(() -> {
            try {
                result.complete(invoke(command, op));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }).start();
        return result;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * {@code TEEC_CloseSession}: closes the session in the secure world (waiting for a secure
     * thread if none is free). Idempotent; never throws. Invoking afterwards fails with
     * BAD_PARAMETERS, origin COMMS.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                driver.closeSession(this);
            } finally {
                context.forget(this);
            }
        }
    }

    @Override
    public String toString() {
        return "Session[" + id + " on " + uuid + (isClosed() ? ", closed]" : "]");
    }
}
