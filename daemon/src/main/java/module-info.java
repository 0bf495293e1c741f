/** {@code jtee serve}: one secure world for many processes over a Unix socket; run by the CLI. */
@SuppressWarnings("module") // qualified exports name modules built later in the reactor
module dev.jtee.daemon {
    requires dev.jtee.core;
    requires dev.jtee.client;
    requires dev.jtee.wire;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires jdk.httpserver;
    requires jdk.net;
    requires jdk.unsupported;
    requires chart.js;

    exports dev.jtee.daemon to dev.jtee.cli;
}
