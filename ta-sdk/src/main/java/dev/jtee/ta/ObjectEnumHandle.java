package dev.jtee.ta;

/** {@code TEE_ObjectEnumHandle}: an enumerator over the calling TA's own persistent objects. Opaque. */
public interface ObjectEnumHandle {
}
