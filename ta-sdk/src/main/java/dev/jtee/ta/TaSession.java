package dev.jtee.ta;

/**
 * A session as the TA sees it. Holds the TA's per-session state ({@code void *sessionContext} in
 * C). Only touched from the instance's thread.
 */
public interface TaSession {
    /** The session id the client holds (never 0). */
    int id();

    /** The client that opened this session. */
    Identity client();

    /** The TA's per-session state, or null. */
    <T> T context();

    /** Sets the TA's per-session state. */
    void context(Object context);
}
