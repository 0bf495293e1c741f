package dev.jtee.ta;

/** The pseudo-handles of the property sets ({@code TEE_PROPSET_*}). */
public enum PropSet {
    /** {@code gpd.ta.*} and the TA's extension properties. */
    CURRENT_TA,
    /** {@code gpd.client.*} of the session's client. */
    CURRENT_CLIENT,
    /** {@code gpd.tee.*}. */
    TEE_IMPLEMENTATION
}
