package dev.jtee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.function.Executable;

/** Helpers for the client's tests. */
final class Fakes {
    static final TeeUuid TA = TeeUuid.parse("8aaaf200-2450-11e4-abe2-0002a5d5c51b");
    /** A process with euid 0x3e8, egid 0x64, member of groups 0x64 and 0x1b, running /usr/bin/java. */
    static final ClientIdentity IDENTITY =
            new ClientIdentity(new ClientIdentity.Credentials(1000L, 100L, new long[] {100, 27}, "/usr/bin/java"));

    private Fakes() {
    }

    /** A Tee on {@code world} whose queued head retries on its own after {@code headRetryNanos}. */
    static Tee tee(FakeWorld world, long headRetryNanos) {
        return new Tee(world, false, IDENTITY, headRetryNanos);
    }

    /** A Tee whose queued callers wake only when a call of the driver returns (no timed retry). */
    static Tee tee(FakeWorld world) {
        return tee(world, Long.MAX_VALUE);
    }

    static TeeException assertTeeError(TeeResult result, Origin origin, Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(result, e.result(), () -> "result of: " + e.getMessage());
        assertEquals(origin, e.origin(), () -> "origin of: " + e.getMessage());
        return e;
    }

    /** Waits (the caller bounds the time) until {@code condition} holds. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(1);
        }
    }
}
