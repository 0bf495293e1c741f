/**
 * The secure world. Clients reach it through {@code dev.jtee.client} (it is found as a
 * {@code SecureWorldProvider}); its own API is for the daemon, the JUnit extension and the CLI.
 * TAs are found with {@code ServiceLoader}: {@code provides dev.jtee.ta.TrustedApplication} on the
 * module path, {@code META-INF/services} on the class path.
 */
@SuppressWarnings("module") // qualified exports name modules built later in the reactor
module dev.jtee.core {
    requires transitive dev.jtee.ta;
    requires dev.jtee.storage;
    requires micrometer.core;

    exports dev.jtee.core to dev.jtee.daemon, dev.jtee.junit, dev.jtee.cli;
    exports dev.jtee.core.profile to dev.jtee.cli;

    uses dev.jtee.ta.TrustedApplication;
    provides dev.jtee.api.spi.SecureWorldProvider with dev.jtee.core.EmbeddedWorldProvider;
}
