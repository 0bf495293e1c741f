package dev.jtee.ta;

/** One answer of {@code TEE_GetNextPersistentObject}: the object's info and its id. */
public record PersistentObjectEntry(ObjectInfo info, byte[] objectId) {
    public PersistentObjectEntry {
        objectId = objectId.clone();
    }

    @Override
    public byte[] objectId() {
        return objectId.clone();
    }
}
