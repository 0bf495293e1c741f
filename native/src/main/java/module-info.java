/**
 * The {@code libteec:} connector: any libteec driven through {@code java.lang.foreign}; found by
 * its scheme, so nothing here is linked against.
 */
module dev.jtee.libteec {
    requires dev.jtee.api;

    provides dev.jtee.api.spi.TeeConnector with dev.jtee.libteec.LibteecConnector;
}
