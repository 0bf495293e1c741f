package dev.jtee.ta;

/** {@code TEE_TASessionHandle}: a session this TA opened on another TA. */
public interface TaSessionHandle {
    /** The session id in the callee. */
    int id();
}
