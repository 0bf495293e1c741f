/**
 * The normal world: a Java-shaped GlobalPlatform TEE Client API in front of a secure world.
 *
 * <p>{@link dev.jtee.client.Tee} is one TEE device (a world and its driver);
 * {@link dev.jtee.client.Context} connects to it; {@link dev.jtee.client.Session} invokes a
 * Trusted Application with an {@link dev.jtee.client.Operation} whose memrefs are temporary
 * (a caller's array) or {@link dev.jtee.client.SharedMemory}. Every failure is a
 * {@link dev.jtee.api.TeeException} carrying the GP result and its origin, exactly as libteec
 * and the OP-TEE Linux driver report them. The client reaches the world only through
 * {@link dev.jtee.api.spi.SecureWorldPort}; it never depends on the world's implementation.
 */
package dev.jtee.client;
