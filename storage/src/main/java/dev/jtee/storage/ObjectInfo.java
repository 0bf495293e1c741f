package dev.jtee.storage;

/** GP {@code TEE_ObjectInfo} (v1.1+ field set; sizes in bits for keys, bytes for data). */
public record ObjectInfo(int objectType, int objectSize, int maxObjectSize, int objectUsage,
                         long dataSize, long dataPosition, int handleFlags) {
}
