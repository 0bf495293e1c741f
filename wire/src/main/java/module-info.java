/** The daemon's protocol (for the daemon only) and the {@code unix:} connector (found by scheme). */
@SuppressWarnings("module") // qualified exports name modules built later in the reactor
module dev.jtee.wire {
    requires dev.jtee.api;
    requires jdk.net;

    exports dev.jtee.wire to dev.jtee.daemon;

    provides dev.jtee.api.spi.TeeConnector with dev.jtee.wire.UnixConnector;
}
