package dev.jtee.ta;

/** {@code TEE_ObjectInfo} (GP 1.1+ fields; key sizes in bits, data sizes in bytes). */
public record ObjectInfo(int objectType, int objectSize, int maxObjectSize, int objectUsage,
                         long dataSize, long dataPosition, int handleFlags) {
}
