package dev.jtee.ta;

import dev.jtee.api.TeeResult;

/**
 * A Trusted Application: the five GP entry points plus its manifest. The world creates one Java
 * object per TA instance (so the object's fields are the instance's globals) through a public
 * no-argument constructor, and calls one entry point at a time on it, always from the instance's
 * own thread. Register the class for {@link java.util.ServiceLoader} under
 * {@code META-INF/services/dev.jtee.ta.TrustedApplication}.
 *
 * <p>A returned non-success result reaches the client with origin TRUSTED_APP. Anything thrown out
 * of an entry point is a panic of the instance (the client sees TARGET_DEAD, origin TEE).
 */
public interface TrustedApplication {
    /** The TA's header: UUID, flags, stack and data sizes, properties. Must be the same for every object. */
    TaManifest manifest();

    /** {@code TA_CreateEntryPoint}: once per instance, before its first session opens. */
    default TeeResult create() {
        return TeeResult.SUCCESS;
    }

    /** {@code TA_DestroyEntryPoint}: when the instance goes away (not after a panic). */
    default void destroy() {
    }

    /** {@code TA_OpenSessionEntryPoint}; keep per-session state with {@link TaSession#context(Object)}. */
    default TeeResult openSession(Params params, TaSession session) {
        return TeeResult.SUCCESS;
    }

    /** {@code TA_InvokeCommandEntryPoint}. */
    TeeResult invokeCommand(TaSession session, int command, Params params);

    /** {@code TA_CloseSessionEntryPoint}. */
    default void closeSession(TaSession session) {
    }
}
