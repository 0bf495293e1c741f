package dev.jtee.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.xtest.OsTestTa;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A departed client's calls are cancelled even when one enters the secure world only after its
 * connection ended: a permit handed over while the client goes away (e.g. freed by the end of a
 * sibling connection of the same process) reaches the world after the connection's one sweep of
 * cancellations. AdversaryTest.twoProcessesHoldingCallsForEver… lost such a call about 1 run in
 * 150 under CPU load ("connections 1, inFlight=1, threads busy 1" for ever).
 */
class DepartedClientTest {
    @TempDir
    Path dir;

    @Test
    void aCallThatEntersTheWorldAfterItsClientLeftIsCancelled() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (SecureWorld world = SecureWorld.builder().threads(4).console(line -> { }).build();
                 Daemon daemon = Daemon.builder().socket(dir.resolve("d.sock")).world(world)
                         .secureThreadsPerProcess(1).secureThreadsForNewClients(0).start();
                 RawClient x = RawClient.connect(daemon.socketPath()).handshake();
                 RawClient y = RawClient.connect(daemon.socketPath()).handshake()) {
                // both sessions first: an open waits while the single instance is in a call
                CallFrame xs = x.open(TeeUuid.parse(OsTestTa.UUID), 0, 0);
                CallFrame ys = y.open(TeeUuid.parse(OsTestTa.UUID), 0, 0);
                assertEquals(0, xs.result);
                assertEquals(0, ys.result);
                x.invoke(waitForever(xs.session), false);
                AdversaryTest.await("x holds the process's one thread", () -> daemon.limiter.inFlight() == 1, daemon.limiter::toString);
                // y's call queues in the same partition; when x leaves, its permit goes to y's call,
                // which is held just before the world until y has gone too (its end swept past it)
                CountDownLatch entering = new CountDownLatch(1);
                daemon.beforeEnter = c -> {
                    daemon.beforeEnter = null;
                    entering.countDown();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (c.channel.isOpen() && System.nanoTime() < deadline) {
                        Thread.onSpinWait(); // the end closes the channel after its cancellations
                    }
                };
                y.invoke(waitForever(ys.session), false);
                AdversaryTest.await("y's call queues", () -> daemon.limiter.queueDepth() == 1, daemon.limiter::toString);
                x.close();
                assertTrue(entering.await(30, TimeUnit.SECONDS), "y's call got x's permit");
                y.close();
                AdversaryTest.await("every connection ended", () -> daemon.connections() == 0,
                        () -> "connections " + daemon.connections() + ", " + daemon.limiter + ", threads busy " + world.stats().threadsBusy());
                AdversaryTest.await("their sessions were closed", () -> world.stats().sessions() == 0);
                assertEquals(0, daemon.limiter.inFlight());
                assertEquals(0, world.stats().threadsBusy());
            }
        });
    }

    private static CallFrame waitForever(int session) {
        CallFrame f = new CallFrame();
        f.session = session;
        f.command = OsTestTa.CMD_WAIT;
        f.paramTypes = 1; // VALUE_INPUT
        f.valueA[0] = 0xFFFFFFFF; // TEE_TIMEOUT_INFINITE
        return f;
    }
}
