/**
 * The normal world: {@code Tee}, {@code Context}, {@code Session}, {@code Operation},
 * {@code SharedMemory} and flow control. The secure world is found with {@code ServiceLoader}: an
 * embedded one ({@code dev.jtee.core}) or a connector by address scheme ({@code unix:},
 * {@code libteec:}).
 */
module dev.jtee.client {
    requires transitive dev.jtee.api;
    requires transitive dev.jtee.flow;
    requires jdk.security.auth;

    exports dev.jtee.client;

    uses dev.jtee.api.spi.SecureWorldProvider;
    uses dev.jtee.api.spi.TeeConnector;
}
