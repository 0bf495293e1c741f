package dev.jtee.stress;

import dev.jtee.api.TeeException;
import dev.jtee.client.Session;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Invokes one command on client sessions. With fixed sessions caller {@code i} uses session
 * {@code i % n}; with a {@link Target.SessionOpener} every caller has a session of its own, taken from a pool
 * that grows as the generator's threads need it (calls on one session are serialised, so one
 * session would cap the load at one call in flight) and given back when the caller closes.
 */
final class SessionTarget implements Target {
    private final Session[] sessions;
    private final Target.SessionOpener opener;
    private final ArrayDeque<Session> idle = new ArrayDeque<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final int command;
    private final OperationTemplate template;
    private final String label;
    private final AtomicInteger callers = new AtomicInteger();

    SessionTarget(Session[] sessions, int command, OperationTemplate template, String label) {
        if (sessions.length == 0) {
            throw new IllegalArgumentException("no session");
        }
        this.sessions = sessions;
        this.opener = null;
        this.command = command;
        this.template = template;
        this.label = label;
    }

    SessionTarget(Target.SessionOpener opener, int command, OperationTemplate template, String label) {
        this.sessions = new Session[0];
        this.opener = opener;
        this.command = command;
        this.template = template;
        this.label = label;
    }

    @Override
    public Caller newCaller() {
        if (opener == null) {
            return new SessionCaller(sessions[Math.floorMod(callers.getAndIncrement(), sessions.length)], command, template.bind(), null);
        }
        Session s;
        synchronized (idle) {
            s = idle.poll();
        }
        long failure = Outcome.SUCCESS;
        if (s == null) {
            try {
                s = opener.open();
                opened.incrementAndGet();
            } catch (TeeException e) {
                failure = Outcome.of(e.result(), e.origin());
            }
        }
        long refused = failure;
        return s == null ? () -> refused : new SessionCaller(s, command, template.bind(), this);
    }

    private void giveBack(Session s) {
        synchronized (idle) {
            idle.push(s);
        }
    }

    /** Sessions opened so far (a session per caller), or the fixed ones. */
    int sessionCount() {
        return opener == null ? sessions.length : opened.get();
    }

    @Override
    public String describe() {
        String what = label != null ? label : opener != null ? "TA" : sessions[0].uuid().toString();
        return what + " command " + command + " (" + template.describe() + ")"
                + (opener != null ? ", a session per generator thread" : sessions.length > 1 ? ", " + sessions.length + " sessions" : "");
    }

    private static final class SessionCaller implements Caller {
        private final Session session;
        private final int command;
        private final OperationTemplate.Bound bound;
        private final SessionTarget pool;

        SessionCaller(Session session, int command, OperationTemplate.Bound bound, SessionTarget pool) {
            this.session = session;
            this.command = command;
            this.bound = bound;
            this.pool = pool;
        }

        @Override
        public long call() {
            try {
                session.invoke(command, bound.reset());
                return Outcome.SUCCESS;
            } catch (TeeException e) {
                return Outcome.of(e.result(), e.origin());
            }
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.giveBack(session);
            }
        }
    }
}
