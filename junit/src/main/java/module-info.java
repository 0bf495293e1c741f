/** {@code @JteeTest}: a secure world per test class, with the TAs under test. */
@SuppressWarnings("module") // qualified exports name modules built later in the reactor
module dev.jtee.junit {
    requires transitive org.junit.jupiter.api;
    requires transitive dev.jtee.client;
    requires transitive dev.jtee.ta;
    requires dev.jtee.core;

    exports dev.jtee.junit;
    // JUnit creates the extension reflectively
    opens dev.jtee.junit to org.junit.platform.commons;

    uses dev.jtee.junit.WorldTransport;
}
