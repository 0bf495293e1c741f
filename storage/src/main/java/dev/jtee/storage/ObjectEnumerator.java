package dev.jtee.storage;

import dev.jtee.ta.TeeDefines;
import dev.jtee.api.TeeResult;
import java.util.List;

/**
 * A GP {@code TEE_ObjectEnumHandle} over the calling TA's own objects (never another TA's).
 * Used by one TA instance; not thread-safe.
 */
public final class ObjectEnumerator {
    /** One {@code TEE_GetNextPersistentObject} answer. */
    public record Entry(ObjectInfo info, byte[] objectId) {
        public Entry {
            objectId = objectId.clone();
        }

        @Override
        public byte[] objectId() {
            return objectId.clone();
        }
    }

    private final TaStorage storage;
    private List<ObjectDb.Plain> snapshot;
    private int next;
    private boolean freed;

    ObjectEnumerator(TaStorage storage) {
        this.storage = storage;
    }

    private void checkLive() {
        if (freed) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "enumerator already freed");
        }
    }

    /** {@code TEE_StartPersistentObjectEnumerator}: ITEM_NOT_FOUND if the storage or the TA's objects do not exist. */
    public void start(int storageId) {
        checkLive();
        snapshot = null;
        snapshot = storage.listForEnum(storageId);
        next = 0;
    }

    /** {@code TEE_GetNextPersistentObject}: ITEM_NOT_FOUND when not started or at the end; CORRUPT_OBJECT for a row that does not authenticate. */
    public Entry next() {
        checkLive();
        if (snapshot == null || next >= snapshot.size()) {
            throw Panics.fail(TeeResult.ITEM_NOT_FOUND, "no more objects");
        }
        ObjectDb.Plain p = snapshot.get(next++);
        if (p.oid == null) {
            throw Panics.fail(TeeResult.CORRUPT_OBJECT, "an object does not authenticate");
        }
        int flags = storage.openFlags(p.oid) | TeeDefines.HANDLE_FLAG_PERSISTENT | TeeDefines.HANDLE_FLAG_INITIALIZED;
        return new Entry(new ObjectInfo(p.type, p.objectSize, p.maxObjectSize, p.usage, p.dataSize, 0, flags), p.oid);
    }

    /** {@code TEE_ResetPersistentObjectEnumerator}: back to the unstarted state. */
    public void reset() {
        checkLive();
        snapshot = null;
        next = 0;
    }

    /** {@code TEE_FreePersistentObjectEnumerator}. */
    public void free() {
        checkLive();
        freeQuietly();
        storage.freeEnumerator(this);
    }

    void freeQuietly() {
        freed = true;
        snapshot = null;
    }
}
