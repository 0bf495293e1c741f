package dev.jtee.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that drive a context on a fresh two-thread {@link FakeWorld}. */
abstract class OnFakeWorld {
    FakeWorld world;
    Tee tee;
    Context ctx;

    @BeforeEach
    void start() {
        world = new FakeWorld(2);
        tee = Fakes.tee(world);
        ctx = tee.newContext();
    }

    @AfterEach
    void stop() {
        tee.close();
    }
}
