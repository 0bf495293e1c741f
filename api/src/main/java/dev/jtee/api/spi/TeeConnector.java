package dev.jtee.api.spi;

/**
 * Connects a client to a secure world that runs elsewhere (a daemon's socket, a libteec library),
 * found with {@link java.util.ServiceLoader} by the scheme of the address given to
 * {@code Tee.connect}: {@code unix:/run/jtee.sock} goes to the connector whose {@link #scheme()}
 * is {@code unix}.
 */
public interface TeeConnector {
    /** The address scheme this connector serves, without the colon, e.g. {@code unix}. */
    String scheme();

    /**
     * Connects to {@code address} (what follows {@code scheme:}). The port it answers belongs to
     * the caller, who closes it (closing it ends the connection, not the remote world). A bad
     * address is an {@link IllegalArgumentException}; an unreachable one a
     * {@link dev.jtee.api.TeeException} (COMMUNICATION or ITEM_NOT_FOUND, origin API).
     */
    SecureWorldPort connect(String address);
}
