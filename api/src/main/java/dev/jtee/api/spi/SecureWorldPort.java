package dev.jtee.api.spi;

/**
 * The secure world as a driver sees it: the emulated SMC / ioctl boundary. Thread-safe; every
 * method may be called from many driver threads at once.
 *
 * <p>{@link #openSession}, {@link #invokeCommand} and {@link #closeSession} each need a free
 * secure thread. When none is free they return {@link #THREAD_LIMIT} at once without touching the
 * frame (OP-TEE's {@code OPTEE_SMC_RETURN_ETHREAD_LIMIT}): that is not a GP result, it tells the
 * driver to queue the caller and retry when a secure thread comes free. Otherwise they return
 * {@link #OK} and the frame holds the GP result and origin.
 */
public interface SecureWorldPort extends AutoCloseable {
    /** The call ran; the frame's result and origin say how it ended. */
    int OK = 0;
    /** No free secure thread; nothing was done. Retry later. */
    int THREAD_LIMIT = 1;

    int openSession(CallFrame frame);

    int invokeCommand(CallFrame frame);

    /** Closes {@code frame.session}; the TA's close entry runs unless the instance is dead. */
    int closeSession(CallFrame frame);

    /**
     * Asks the call in {@code session} carrying {@code cancelId} to stop (GP cancellation); a
     * no-op when no such call is running. Needs no secure thread.
     */
    void requestCancellation(int session, int cancelId);

    /**
     * Accounts a block of {@code size} bytes of shared memory a client allocated
     * ({@code TEEC_AllocateSharedMemory}) in the world's memory, for as long as the client holds
     * it: an id for {@link #releaseSharedMemory}, or 0 when this world does not account shared
     * memory (the default: an embedded world). The bytes stay in the client.
     *
     * @throws dev.jtee.api.TeeException OUT_OF_MEMORY when the world cannot hold that much now;
     *         COMMUNICATION when the world is out of reach
     */
    default int allocateSharedMemory(long size) {
        return 0;
    }

    /** Gives back what {@link #allocateSharedMemory} accounted; a no-op for id 0 or an id already released. */
    default void releaseSharedMemory(int id) {
    }

    /** The number of secure threads (OP-TEE's {@code CFG_NUM_THREADS}). */
    int secureThreads();

    /** A short human-readable description, e.g. {@code embedded (8 threads, 16 MiB secure RAM)}. */
    String describe();

    /** Shuts the world down: every open session is closed and every instance destroyed. */
    @Override
    void close();
}
