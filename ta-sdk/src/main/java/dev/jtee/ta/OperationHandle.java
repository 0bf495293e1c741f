package dev.jtee.ta;

/** {@code TEE_OperationHandle}: a cryptographic operation of one instance. Opaque. */
public interface OperationHandle {
}
