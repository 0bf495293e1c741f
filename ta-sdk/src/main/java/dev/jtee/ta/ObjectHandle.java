package dev.jtee.ta;

/**
 * {@code TEE_ObjectHandle}: a transient object or a handle on a persistent object, owned by the
 * instance that made it. Opaque; using another instance's handle, or one already freed or closed,
 * is a panic.
 */
public interface ObjectHandle {
}
