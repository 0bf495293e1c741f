package dev.jtee.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void startsFullAndAllowsTheBurstAtOnce() {
        ManualClock clock = new ManualClock(1_000);
        TokenBucket b = new TokenBucket(10, 5, clock);
        assertEquals(5, b.availableTokens());
        for (int i = 0; i < 5; i++) assertTrue(b.tryAcquire(), "token " + i);
        assertFalse(b.tryAcquire());
        assertEquals(0, b.availableTokens());
    }

    @Test
    void refillsAtTheRateAndNeverBeyondTheBurst() {
        ManualClock clock = new ManualClock();
        TokenBucket b = new TokenBucket(10, 3, clock); // one token per 100 ms
        for (int i = 0; i < 3; i++) assertTrue(b.tryAcquire());
        assertFalse(b.tryAcquire());
        clock.advance(99_999_999);
        assertFalse(b.tryAcquire());
        clock.advance(1);
        assertTrue(b.tryAcquire());
        assertFalse(b.tryAcquire());
        clock.advance(60_000_000_000L); // a minute idle: still only the burst
        assertEquals(3, b.availableTokens());
        int granted = 0;
        while (b.tryAcquire()) granted++;
        assertEquals(3, granted);
    }

    @Test
    void sustainedRateMatchesConfiguredRate() {
        ManualClock clock = new ManualClock();
        TokenBucket b = new TokenBucket(1_000, 1, clock);
        int granted = 0;
        // offer one call every 100 µs for 1 s: 10 000 offers, 1 000 should pass
        for (int i = 0; i < 10_000; i++) {
            if (b.tryAcquire()) granted++;
            clock.advance(100_000);
        }
        assertEquals(1_000, granted);
    }

    @Test
    void concurrentTakersNeverGetMoreThanTheBurst() throws Exception {
        ManualClock clock = new ManualClock(); // time stands still: only the burst is available
        TokenBucket b = new TokenBucket(1, 1_000, clock);
        AtomicInteger granted = new AtomicInteger();
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> {
                for (int k = 0; k < 10_000; k++) if (b.tryAcquire()) granted.incrementAndGet();
            });
            ts[i].start();
        }
        for (Thread t : ts) Waiting.join(t);
        assertEquals(1_000, granted.get());
    }

    @Test
    void rejectsNonsense() {
        ManualClock clock = new ManualClock();
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, clock));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, clock));
    }
}
