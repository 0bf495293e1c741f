package dev.jtee.core;

/**
 * A TA call chain went past the modelled stack limit ({@link StackMeter}). A
 * {@link StackOverflowError}, so the instance panics with TEE_ERROR_OVERFLOW like on a real
 * overflow of the JVM stack.
 */
final class TaStackOverflow extends StackOverflowError {
    final long limit;
    final long needed;

    TaStackOverflow(long limit, long needed, int frames, String method) {
        super("TA stack of " + limit + " bytes exceeded: " + needed + " bytes in " + frames + " frames, entering " + method);
        this.limit = limit;
        this.needed = needed;
    }
}
