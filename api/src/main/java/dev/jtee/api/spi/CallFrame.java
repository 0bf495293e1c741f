package dev.jtee.api.spi;

import dev.jtee.api.TeeUuid;

/**
 * One call across the world boundary: the emulated {@code optee_msg_arg}. The driver fills the
 * request part, the secure world fills the reply part in place. Mutable and reusable so the invoke
 * path allocates nothing; owned by one calling thread at a time.
 *
 * <p>Parameter types here are the TA-side nibbles only (NONE, VALUE_*, MEMREF_INPUT/OUTPUT/INOUT):
 * the driver resolves TEMP, WHOLE and PARTIAL references before the call. A memref is a window
 * {@code [offset, offset+size)} of {@code buffer}; a null buffer with size 0 is a null memref.
 */
public final class CallFrame {
    // ---- request
    /** OpenSession: the TA to open. */
    public TeeUuid uuid;
    /** OpenSession: {@link dev.jtee.api.Login} value of the client. */
    public int login;
    /** OpenSession: the client's identity UUID as the driver derived it (nil for PUBLIC). */
    public TeeUuid clientUuid;
    /** OpenSession: connection data (e.g. a group id for GROUP logins). */
    public int connectionData;
    /** Invoke / close: the session id; OpenSession: set by the world on success. */
    public int session;
    /** Invoke: the command id. */
    public int command;
    /** Non-zero: the id a later {@link SecureWorldPort#requestCancellation} names. */
    public int cancelId;
    /** TA-side parameter types word. */
    public int paramTypes;
    /** Value parameters: a and b (u32 each). */
    public final int[] valueA = new int[4];
    public final int[] valueB = new int[4];
    /** Memref parameters: the backing bytes (shared with the client, zero copy in process). */
    public final byte[][] buffer = new byte[4][];
    public final int[] offset = new int[4];
    /** In: the size given to the TA. Out (OUTPUT/INOUT): the size the TA reports, possibly larger. */
    public final long[] size = new long[4];
    /**
     * TA-to-TA: bit {@code i} set when memref {@code i} lies in normal-world memory (the calling TA
     * passes on its client's shared memory), which OP-TEE's pseudo-TAs may refuse.
     */
    public int normalWorldMemrefs;
    /**
     * How much longer the call may wait to be admitted by a secure world that queues calls itself
     * (a daemon shared by many processes), in nanoseconds: negative for as long as it takes, as
     * OP-TEE's driver queues callers; 0 for not at all. The client's flow control sets it from what
     * is left of the call's deadline.
     */
    public long admissionWaitNanos = -1;

    // ---- reply
    /** GP result code (u32). */
    public int result;
    /** {@link dev.jtee.api.Origin} value. */
    public int origin;
    /**
     * OpenSession, on success: a non-zero id of the TA instance serving the session. Sessions on one
     * single-instance TA share it, so a driver can tell that two calls would wait for each other
     * inside the secure world.
     */
    public int instance;
    /**
     * Why the call was refused before it reached the secure world (a daemon's flow control or
     * quotas, in their words), or null: the text of the caller's exception.
     */
    public String refusal;

    /** Resets every field so the frame can carry the next call. */
    public CallFrame clear() {
        uuid = null;
        login = 0;
        clientUuid = null;
        connectionData = 0;
        session = 0;
        command = 0;
        cancelId = 0;
        paramTypes = 0;
        normalWorldMemrefs = 0;
        admissionWaitNanos = -1;
        for (int i = 0; i < 4; i++) {
            valueA[i] = 0;
            valueB[i] = 0;
            buffer[i] = null;
            offset[i] = 0;
            size[i] = 0;
        }
        result = 0;
        origin = 0;
        instance = 0;
        refusal = null;
        return this;
    }
}
