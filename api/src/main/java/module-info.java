/**
 * Result codes, origins, parameter types, logins and UUIDs: what a client and a TA share. The
 * driver boundary ({@code dev.jtee.api.spi}) is exported only to the jtee modules on either side
 * of it.
 */
@SuppressWarnings("module") // qualified exports name modules built later in the reactor
module dev.jtee.api {
    exports dev.jtee.api;
    exports dev.jtee.api.spi to dev.jtee.wire, dev.jtee.core, dev.jtee.client, dev.jtee.daemon, dev.jtee.libteec,
            dev.jtee.cli;
}
