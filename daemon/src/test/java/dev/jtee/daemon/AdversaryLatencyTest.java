package dev.jtee.daemon;

import org.junit.jupiter.api.Tag;

/** {@link AdversaryTest} with its wall-clock verdict: under every attack the well-behaved client's p99 stays within 3× of its unloaded p99. */
@Tag("realtime")
class AdversaryLatencyTest extends AdversaryTest {
    @Override
    boolean assertLatency() {
        return true;
    }
}
