package dev.jtee.core;

import dev.jtee.api.spi.CallFrame;

/**
 * Told when an invoke started with {@link SecureWorld#invokeAsync} has ended: the frame then holds
 * the result, origin and updated parameters, as after {@link SecureWorld#invokeCommand}. Called
 * once per call, on the TA's instance thread (or, after the instance died in the call, on the
 * thread that cleaned up), so it must be short and must not block.
 */
@FunctionalInterface
public interface InvokeCompletion {
    void invokeCompleted(CallFrame frame);
}
