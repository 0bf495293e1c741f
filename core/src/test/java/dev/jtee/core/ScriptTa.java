package dev.jtee.core;

import dev.jtee.api.TeeResult;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TA whose commands are test code: each command runs a {@link Body} inside the entry point (on
 * the caller's thread or the instance's), where TeeApi works. An assertion that fails there is kept for the test
 * (and answered GENERIC) instead of panicking the instance.
 */
class ScriptTa extends TestTa {
    interface Body {
        TeeResult run(TaSession session, Params params) throws Exception;
    }

    final Map<Integer, Body> bodies;
    final AtomicReference<Throwable> failure;

    ScriptTa(TaManifest manifest, Control control, Map<Integer, Body> bodies, AtomicReference<Throwable> failure) {
        super(manifest, control);
        this.bodies = bodies;
        this.failure = failure;
    }

    /** Commands and the first assertion failure, shared by every object of one TA. */
    static final class Script {
        final Map<Integer, Body> bodies = new ConcurrentHashMap<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Control control = new Control();

        ScriptTa newTa(TaManifest manifest) {
            return new ScriptTa(manifest, control, bodies, failure);
        }

        Script on(int command, Body body) {
            bodies.put(command, body);
            return this;
        }

        void rethrow() {
            Throwable t = failure.get();
            if (t instanceof AssertionError e) {
                throw e;
            }
            if (t != null) {
                throw new AssertionError(t);
            }
        }
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        Body b = bodies.get(command);
        if (b == null) {
            return super.invokeCommand(session, command, params);
        }
        try {
            return b.run(session, params);
        } catch (AssertionError e) {
            failure.compareAndSet(null, e);
            return TeeResult.GENERIC;
        } catch (RuntimeException e) {
            if (e.getClass().getName().startsWith("org.opentest4j")) {
                failure.compareAndSet(null, e);
                return TeeResult.GENERIC;
            }
            throw e;
        } catch (Exception e) {
            failure.compareAndSet(null, e);
            return TeeResult.GENERIC;
        }
    }
}
