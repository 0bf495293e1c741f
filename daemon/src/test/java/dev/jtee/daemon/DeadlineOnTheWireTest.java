package dev.jtee.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.client.Context;
import dev.jtee.client.FlowControl;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.xtest.OsTestTa;
import dev.jtee.flow.Admission;
import dev.jtee.flow.Policy;
import dev.jtee.flow.Refusal;
import dev.jtee.api.ParamType;
import dev.jtee.wire.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call's deadline spans both sides of the socket: the client sends what is left of it (protocol
 * version 2) and the daemon's admission waits no longer, so a socket call passes one wait, not its
 * context's and then an unbounded second one in the daemon. Each case holds every daemon permit
 * with calls waiting in the TA (TEE_Wait, infinite) and checks the probe is answered while they
 * still hold them; before the deadline went on the wire the probe queued until they ended.
 */
class DeadlineOnTheWireTest {
    private static final TeeUuid OS_TEST = TeeUuid.parse(OsTestTa.UUID);

    @TempDir
    Path dir;

    private SecureWorld world() {
        return SecureWorld.builder().threads(2).console(line -> { }).build();
    }

    private Daemon daemon(SecureWorld world) {
        return Daemon.builder().socket(dir.resolve("d.sock")).world(world).queueCapacity(8)
                .secureThreadsPerProcess(2).secureThreadsForNewClients(0).start();
    }

    /** Sends two infinite waits on {@code c}'s session and returns once they hold both daemon permits. */
    private static CallFrame holdBothPermits(Daemon daemon, RawClient c, int session) throws Exception {
        CallFrame wait = new CallFrame();
        wait.session = session;
        wait.command = OsTestTa.CMD_WAIT;
        wait.paramTypes = 1; // VALUE_INPUT
        wait.valueA[0] = 0xFFFFFFFF; // TEE_TIMEOUT_INFINITE
        wait.cancelId = 7;
        c.write(c.invokes(new CallFrame[] {wait}, 2));
        AdversaryTest.await("two calls hold both permits", () -> daemon.limiter.inFlight() == 2, daemon.limiter::toString);
        return wait;
    }

    /**
     * Cancels the holder's waits until every call has been answered: the second wait reaches the TA
     * only after the first ended, so one CANCEL frame may find only the first; a client may send it again.
     */
    private static void release(Daemon daemon, RawClient holder, CallFrame held) throws Exception {
        AdversaryTest.await("the holder's waits were cancelled", () -> {
            try {
                holder.cancel(held.session, held.cancelId);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return daemon.quotas.calls() == 0;
        }, daemon.limiter::toString);
    }

    private static CallFrame probe(int session, long admissionWaitNanos) {
        CallFrame f = new CallFrame();
        f.session = session;
        f.command = OsTestTa.CMD_WAIT;
        f.paramTypes = 1;
        f.valueA[0] = 0; // returns at once once admitted
        f.admissionWaitNanos = admissionWaitNanos;
        return f;
    }

    @Test
    void aCallThatMayNotWaitIsRefusedAtOnceByTheDaemonInTheFlowModulesWords() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (SecureWorld world = world(); Daemon daemon = daemon(world);
                 RawClient holder = RawClient.connect(daemon.socketPath()).handshake();
                 RawClient c = RawClient.connect(daemon.socketPath()).handshake()) {
                assertEquals(Protocol.VERSION_2, c.version(), "both sides speak version 2");
                CallFrame open = c.open(OS_TEST, 0, 0);
                assertEquals(0, open.result);
                holdBothPermits(daemon, holder, holder.open(OS_TEST, 0, 0).session);

                CallFrame f = probe(open.session, 0);
                c.invoke(f, true);
                assertEquals(TeeResult.BUSY.code(), f.result);
                assertEquals(Origin.COMMS.value(), f.origin);
                assertEquals(Refusal.queueFull(Policy.FAIL_FAST, 8, null), c.lastError);
                assertEquals(2, daemon.limiter.inFlight(), "answered while the waits still hold both permits");
            }
        });
    }

    @Test
    void aCallWaitsInTheDaemonOnlyWhatIsLeftOfItsDeadline() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (SecureWorld world = world(); Daemon daemon = daemon(world);
                 RawClient holder = RawClient.connect(daemon.socketPath()).handshake();
                 RawClient c = RawClient.connect(daemon.socketPath()).handshake()) {
                CallFrame open = c.open(OS_TEST, 0, 0);
                holdBothPermits(daemon, holder, holder.open(OS_TEST, 0, 0).session);

                long budget = TimeUnit.MILLISECONDS.toNanos(30);
                CallFrame f = probe(open.session, budget);
                c.invoke(f, true);
                assertEquals(TeeResult.BUSY.code(), f.result);
                assertEquals(Origin.COMMS.value(), f.origin);
                assertEquals(daemon.limiter.why(Admission.DEADLINE, daemon.limiter.defaultPartition(), budget), c.lastError,
                        "the flow module's deadline words, with the budget the client sent");
                assertEquals(2, daemon.limiter.inFlight());
            }
        });
    }

    @Test
    void aCallWithoutABoundQueuesAsOpteesDriverDoesAndRunsOnceAPermitIsFree() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (SecureWorld world = world(); Daemon daemon = daemon(world);
                 RawClient holder = RawClient.connect(daemon.socketPath()).handshake();
                 RawClient c = RawClient.connect(daemon.socketPath()).handshake()) {
                CallFrame open = c.open(OS_TEST, 0, 0);
                CallFrame held = holdBothPermits(daemon, holder, holder.open(OS_TEST, 0, 0).session);

                CallFrame f = probe(open.session, -1);
                c.invoke(f, false);
                AdversaryTest.await("the probe queues", () -> daemon.limiter.queueDepth() == 1, daemon.limiter::toString);
                release(daemon, holder, held); // the waits end (TEE_ERROR_CANCEL), the probe runs
                c.answer(f);
                assertEquals(0, f.result, "admitted once a permit was free");
            }
        });
    }

    /** The Java client sends its context's deadline: a FAIL_FAST context is refused by a full daemon at once. */
    @Test
    void aJavaContextsPolicyReachesTheDaemon() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (SecureWorld world = world(); Daemon daemon = daemon(world);
                 RawClient holder = RawClient.connect(daemon.socketPath()).handshake();
                 Tee tee = Tee.connect(daemon.address());
                 Context failFast = tee.newContext(FlowControl.builder().policy(Policy.FAIL_FAST).build());
                 Context patient = tee.newContext(FlowControl.builder().deadline(Duration.ofMillis(40)).build());
                 Session a = failFast.openSession(OS_TEST);
                 Session b = patient.openSession(OS_TEST)) {
                CallFrame held = holdBothPermits(daemon, holder, holder.open(OS_TEST, 0, 0).session);
                Operation op = Operation.create().value(0, ParamType.VALUE_INPUT, 0, 0);

                TeeException e = assertThrows(TeeException.class, () -> a.invoke(OsTestTa.CMD_WAIT, op));
                assertEquals(TeeResult.BUSY, e.result());
                assertEquals(Origin.COMMS, e.origin());
                assertTrue(e.getMessage().contains("the jtee daemon refused the call: " + Refusal.queueFull(Policy.FAIL_FAST, 8, null)),
                        e.getMessage());
                e = assertThrows(TeeException.class, () -> b.invoke(OsTestTa.CMD_WAIT, op));
                assertEquals(TeeResult.BUSY, e.result());
                assertTrue(e.getMessage().contains("the jtee daemon refused the call: flow control: deadline passed after"), e.getMessage());
                assertEquals(2, daemon.limiter.inFlight(), "both answered while the waits still hold both permits");
                release(daemon, holder, held); // the instance is free for the sessions' closes
            }
        });
    }
}
