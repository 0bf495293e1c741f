package dev.jtee.stress;

import dev.jtee.api.TeeException;
import dev.jtee.client.Session;
import java.util.concurrent.atomic.AtomicInteger;

/** Invokes one command on client sessions; caller {@code i} uses session {@code i % n}. */
final class SessionTarget implements Target {
    private final Session[] sessions;
    private final int command;
    private final OperationTemplate template;
    private final String label;
    private final AtomicInteger callers = new AtomicInteger();

    SessionTarget(Session[] sessions, int command, OperationTemplate template, String label) {
        if (sessions.length == 0) {
            throw new IllegalArgumentException("no session");
        }
        this.sessions = sessions;
        this.command = command;
        this.template = template;
        this.label = label;
    }

    @Override
    public Caller newCaller() {
        return new SessionCaller(sessions[Math.floorMod(callers.getAndIncrement(), sessions.length)], command, template.bind());
    }

    @Override
    public String describe() {
        String what = label != null ? label : sessions[0].uuid().toString();
        return what + " command " + command + " (" + template.describe() + ")"
                + (sessions.length > 1 ? ", " + sessions.length + " sessions" : "");
    }

    private static final class SessionCaller implements Caller {
        private final Session session;
        private final int command;
        private final OperationTemplate.Bound bound;

        SessionCaller(Session session, int command, OperationTemplate.Bound bound) {
            this.session = session;
            this.command = command;
            this.bound = bound;
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
    }
}
