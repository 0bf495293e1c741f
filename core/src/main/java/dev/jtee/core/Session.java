package dev.jtee.core;

import dev.jtee.ta.Identity;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TaSessionHandle;

/**
 * A session on a TA instance: what the client holds by id and what the TA sees as
 * {@link TaSession}. State changes happen under the manager's lock; the TA's context object is
 * touched only from the instance's thread.
 */
final class Session implements TaSession {
    static final int OPENING = 0;
    static final int OPEN = 1;
    static final int CLOSING = 2;
    static final int CLOSED = 3;

    final int id;
    /** The instance serving the session; null for a session on a pseudo-TA. */
    final Instance instance;
    /** The pseudo-TA serving the session, or null. */
    final PseudoTa pseudo;
    final Identity client;
    /** The instance that opened this session through TEE_OpenTASession, or null for a client session. */
    final Instance owner;
    /** What TEE_OpenTASession handed the owner. */
    final TaSessionHandle handle;
    volatile int state = OPENING;
    private Object context;

    Session(int id, Instance instance, Identity client, Instance owner) {
        this(id, instance, null, client, owner);
    }

    /** A session on a pseudo-TA: open from the start. */
    Session(int id, PseudoTa pseudo, Identity client, Instance owner) {
        this(id, null, pseudo, client, owner);
        state = OPEN;
    }

    private Session(int id, Instance instance, PseudoTa pseudo, Identity client, Instance owner) {
        this.id = id;
        this.instance = instance;
        this.pseudo = pseudo;
        this.client = client;
        this.owner = owner;
        this.handle = owner == null ? null : new Handle(this);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public Identity client() {
        return client;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T context() {
        return (T) context;
    }

    @Override
    public void context(Object context) {
        this.context = context;
    }

    @Override
    public String toString() {
        return "session " + id + " on " + (pseudo != null ? pseudo.name : instance);
    }

    /** A {@code TEE_TASessionHandle}: opaque to the TA, resolved back to its session by the world. */
    record Handle(Session session) implements TaSessionHandle {
        @Override
        public int id() {
            return session.id;
        }

        @Override
        public String toString() {
            return "TA session " + session.id;
        }
    }
}
