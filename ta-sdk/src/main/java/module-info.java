/**
 * What a TA author writes against: {@code TrustedApplication}, {@code TeeApi} and the GP types.
 * A TA in a named module registers with
 * {@code provides dev.jtee.ta.TrustedApplication with my.pkg.MyTa;}.
 */
@SuppressWarnings("module") // qualified exports name modules built later in the reactor
module dev.jtee.ta {
    requires transitive dev.jtee.api;

    exports dev.jtee.ta;
    exports dev.jtee.ta.spi to dev.jtee.core;
}
