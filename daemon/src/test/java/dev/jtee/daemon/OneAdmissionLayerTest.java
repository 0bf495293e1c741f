package dev.jtee.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.xtest.OsTestTa;
import dev.jtee.flow.Admission;
import dev.jtee.flow.Partition;
import dev.jtee.flow.Refusal;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon admits calls through the flow module alone: a call it cannot take is refused by the
 * daemon's {@link dev.jtee.flow.Limiter} in the client's partition, worded by {@link Refusal} (the
 * same words a client context uses), counted in the flow module's rejection meter of that
 * partition, and answered with the result, origin COMMS and that reason.
 */
class OneAdmissionLayerTest {
    @TempDir
    Path dir;

    @Test
    void aRefusalIsTheFlowModulesDecisionInTheClientsPartition() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (SecureWorld world = SecureWorld.builder().threads(2).console(line -> { }).build();
                 Daemon daemon = Daemon.builder().socket(dir.resolve("d.sock")).world(world).queueCapacity(1)
                         .secureThreadsPerProcess(2).secureThreadsForNewClients(0).start();
                 RawClient c = RawClient.connect(daemon.socketPath()).handshake()) {
                CallFrame open = c.open(TeeUuid.parse(OsTestTa.UUID), 0, 0);
                assertEquals(0, open.result);
                CallFrame wait = new CallFrame();
                wait.session = open.session;
                wait.command = OsTestTa.CMD_WAIT;
                wait.paramTypes = 1; // VALUE_INPUT
                wait.valueA[0] = 0xFFFFFFFF; // TEE_TIMEOUT_INFINITE
                wait.cancelId = 7;
                // two take both permits (one waits in the TA, one for the busy instance), the third queues
                c.write(c.invokes(new CallFrame[] {wait}, 3));
                AdversaryTest.await("two calls hold the permits and one queues",
                        () -> daemon.limiter.inFlight() == 2 && daemon.limiter.queueDepth() == 1, daemon.limiter::toString);
                Partition mine = daemon.connections.iterator().next().partition;
                c.invoke(wait, false);
                CallFrame refused = new CallFrame();
                c.answer(refused);
                assertEquals(TeeResult.BUSY.code(), refused.result);
                assertEquals(Origin.COMMS.value(), refused.origin);
                assertEquals(Refusal.queueFull(mine.policy(), 1, null), c.lastError, "the flow module's words");
                assertEquals(daemon.limiter.why(Admission.QUEUE_FULL, mine, 0), c.lastError);
                assertEquals(1.0, daemon.meterRegistry().get("jtee.flow.rejections").tags("limiter", "daemon", "partition", mine.name(),
                        "reason", "QUEUE_FULL").counter().count(), "counted by the flow module, in this client's partition");
            }
        });
    }
}
