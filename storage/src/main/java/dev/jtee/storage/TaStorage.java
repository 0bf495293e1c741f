package dev.jtee.storage;

import dev.jtee.ta.TeeDefines;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * GP persistent-object functions for one TA instance ({@code TEE_CreatePersistentObject} …
 * {@code TEE_GetNextPersistentObject}), with OP-TEE's results: a failure the TA may see throws
 * {@link TeeException} (origin TEE); a call libutee answers with {@code TEE_Panic} throws
 * {@link TaPanic}. Storage ids: PRIVATE and PRIVATE_REE reach the same store (as OP-TEE with its
 * REE FS); RPMB and any other id answer ITEM_NOT_FOUND (no such backend). Thread-safe.
 */
public final class TaStorage {
    private static final int OPEN_FLAGS = TeeDefines.DATA_FLAG_ACCESS_READ | TeeDefines.DATA_FLAG_ACCESS_WRITE
            | TeeDefines.DATA_FLAG_ACCESS_WRITE_META | TeeDefines.DATA_FLAG_SHARE_READ | TeeDefines.DATA_FLAG_SHARE_WRITE;

    private final SecureStorage world;
    private final TeeUuid ta;
    private final ObjectDb.Owner owner;
    /** False for a TA with TA_FLAG_DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT. */
    private final boolean closeHandleOnCorrupt;
    private final List<TeeObject> open = new ArrayList<>();
    private final List<ObjectEnumerator> enumerators = new ArrayList<>();

    TaStorage(SecureStorage world, TeeUuid ta, boolean closeHandleOnCorrupt) {
        this.world = world;
        this.ta = ta;
        this.closeHandleOnCorrupt = closeHandleOnCorrupt;
        byte[] tsk = world.keys.tsk(ta);
        this.owner = new ObjectDb.Owner(ta.toBytes(), tsk,
                KeyHierarchy.hmacSha256(tsk, "owner".getBytes(StandardCharsets.US_ASCII)));
    }

    public TeeUuid ta() {
        return ta;
    }

    private static void checkStorage(int storageId) {
        if (storageId != TeeDefines.STORAGE_PRIVATE && storageId != TeeDefines.STORAGE_PRIVATE_REE) {
            throw Panics.fail(TeeResult.ITEM_NOT_FOUND, "no storage 0x" + Integer.toHexString(storageId));
        }
    }

    private static void checkId(byte[] id) {
        if (id == null || id.length > TeeDefines.OBJECT_ID_MAX_LEN) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "object id longer than TEE_OBJECT_ID_MAX_LEN");
        }
    }

    /**
     * {@code TEE_CreatePersistentObject}: a new object with {@code initialData} and, if
     * {@code attributes} is an initialized object, its type, usage and attributes; returns a handle
     * (close it with {@link #closeObject} if the TA asked for none). ACCESS_CONFLICT if the id
     * exists and {@code DATA_FLAG_OVERWRITE} is absent, or if it is open.
     */
    public TeeObject createPersistentObject(int storageId, byte[] objectId, int flags, TeeObject attributes,
                                            byte[] initialData) {
        if ((flags & ~(OPEN_FLAGS | TeeDefines.DATA_FLAG_OVERWRITE)) != 0) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "invalid data flags 0x" + Integer.toHexString(flags));
        }
        checkStorage(storageId);
        checkId(objectId);
        if (attributes != null) {
            attributes.checkLive();
            if (!attributes.isInitialized()) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, "attributes object is not initialized");
            }
        }
        byte[] data = initialData == null ? new byte[0] : initialData.clone();
        world.lock.lock();
        try {
            SecureStorage.PObj po = world.get(ta, objectId, flags, SecureStorage.Usage.CREATE);
            try {
                ObjectDb.Plain p = new ObjectDb.Plain();
                p.oid = objectId.clone();
                p.type = attributes == null ? TeeDefines.TYPE_DATA : attributes.type();
                p.maxObjectSize = attributes == null ? 0 : attributes.maxObjectSize();
                p.objectSize = attributes == null ? 0 : attributes.objectSize;
                p.usage = attributes == null ? TeeDefines.USAGE_DEFAULT : attributes.objectUsage();
                p.attrs = attributes == null ? new LinkedHashMap<>() : new LinkedHashMap<>(attributes.attrs);
                p.data = data;
                p.version = 1;
                p.fek = KeyHierarchy.newFek();
                world.db.insert(owner, p, (flags & TeeDefines.DATA_FLAG_OVERWRITE) != 0);
                po.creating = false;
                return handle(po, p, flags);
            } catch (RuntimeException e) {
                world.release(po);
                throw e;
            }
        } finally {
            world.lock.unlock();
        }
    }

    /** {@code TEE_OpenPersistentObject}: ITEM_NOT_FOUND, ACCESS_CONFLICT or CORRUPT_OBJECT (the object is then removed). */
    public TeeObject openPersistentObject(int storageId, byte[] objectId, int flags) {
        if ((flags & ~OPEN_FLAGS) != 0) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "invalid data flags 0x" + Integer.toHexString(flags));
        }
        checkStorage(storageId);
        checkId(objectId);
        world.lock.lock();
        try {
            SecureStorage.PObj po = world.get(ta, objectId, flags, SecureStorage.Usage.OPEN);
            try {
                ObjectDb.Plain p = loadOrRemove(objectId, false);
                return handle(po, p, flags);
            } catch (RuntimeException e) {
                world.release(po);
                throw e;
            }
        } finally {
            world.lock.unlock();
        }
    }

    private TeeObject handle(SecureStorage.PObj po, ObjectDb.Plain p, int flags) {
        PersistentHandle h = new PersistentHandle(this, po, flags);
        TeeObject o = new TeeObject(p.type, p.maxObjectSize, h);
        o.objectSize = p.objectSize;
        o.usage = p.usage;
        o.attrs = p.attrs;
        o.handleFlags = TeeDefines.HANDLE_FLAG_PERSISTENT | TeeDefines.HANDLE_FLAG_INITIALIZED | flags;
        open.add(o);
        return o;
    }

    /** Loads an object; on CORRUPT_OBJECT removes it, as OP-TEE does. Lock held. */
    private ObjectDb.Plain loadOrRemove(byte[] oid, boolean withData) {
        try {
            return world.db.load(owner, oid, withData);
        } catch (TeeException e) {
            if (e.result().equals(TeeResult.CORRUPT_OBJECT)) {
                world.db.delete(owner, oid);
            }
            throw e;
        }
    }

    private PersistentHandle persistent(TeeObject o, String call) {
        o.checkLive();
        if (o.persistent == null || o.persistent.storage != this) {
            throw Panics.panic(TeeResult.BAD_STATE, call + " on a transient object");
        }
        return o.persistent;
    }

    /**
     * A handle whose object turned out corrupt is closed, as OP-TEE's remove_corrupt_obj, unless the
     * TA has TA_FLAG_DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT (the object is removed either way).
     */
    private <T> T corruptCloses(TeeObject o, java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (TeeException e) {
            if (e.result().equals(TeeResult.CORRUPT_OBJECT) && closeHandleOnCorrupt) {
                closeLocked(o);
            }
            throw e;
        }
    }

    /**
     * {@code TEE_ReadObjectData}: up to {@code length} bytes from the handle's position into
     * {@code buffer}; returns the count (0 at or past the end) and advances the position.
     */
    public int readObjectData(TeeObject object, byte[] buffer, int offset, int length) {
        world.lock.lock();
        try {
            PersistentHandle h = persistent(object, "TEE_ReadObjectData");
            if ((h.flags & TeeDefines.DATA_FLAG_ACCESS_READ) == 0) {
                throw Panics.panic(TeeResult.ACCESS_CONFLICT, "handle not opened with TEE_DATA_FLAG_ACCESS_READ");
            }
            return corruptCloses(object, () -> {
                ObjectDb.Plain p = loadOrRemove(h.pobj.oid, true);
                long pos = h.position;
                int n = pos >= p.data.length ? 0 : (int) Math.min(length, p.data.length - pos);
                System.arraycopy(p.data, (int) pos, buffer, offset, n);
                h.position = pos + n;
                return n;
            });
        } finally {
            world.lock.unlock();
        }
    }

    /** {@code TEE_WriteObjectData} at the handle's position (a gap past the end reads as zeros); atomic. */
    public void writeObjectData(TeeObject object, byte[] buffer, int offset, int length) {
        world.lock.lock();
        try {
            PersistentHandle h = persistent(object, "TEE_WriteObjectData");
            if ((h.flags & TeeDefines.DATA_FLAG_ACCESS_WRITE) == 0) {
                throw Panics.panic(TeeResult.ACCESS_CONFLICT, "handle not opened with TEE_DATA_FLAG_ACCESS_WRITE");
            }
            if (h.position + length > TeeDefines.DATA_MAX_POSITION) {
                throw Panics.fail(TeeResult.OVERFLOW, "write beyond TEE_DATA_MAX_POSITION");
            }
            corruptCloses(object, () -> {
                ObjectDb.Plain p = loadOrRemove(h.pobj.oid, true);
                long end = h.position + length;
                if (end > Integer.MAX_VALUE - 64) {
                    throw Panics.fail(TeeResult.STORAGE_NO_SPACE, "object larger than this store keeps");
                }
                byte[] data = p.data;
                if (end > data.length) {
                    data = java.util.Arrays.copyOf(data, (int) end);
                }
                System.arraycopy(buffer, offset, data, (int) h.position, length);
                p.data = data;
                world.db.update(owner, p);
                h.position = end;
                return null;
            });
        } finally {
            world.lock.unlock();
        }
    }

    /** {@code TEE_TruncateObjectData}: shortens or zero-extends; the position is unchanged. */
    public void truncateObjectData(TeeObject object, long size) {
        world.lock.lock();
        try {
            PersistentHandle h = persistent(object, "TEE_TruncateObjectData");
            if ((h.flags & TeeDefines.DATA_FLAG_ACCESS_WRITE) == 0) {
                throw Panics.panic(TeeResult.ACCESS_CONFLICT, "handle not opened with TEE_DATA_FLAG_ACCESS_WRITE");
            }
            if (size < 0 || size > Integer.MAX_VALUE - 64) {
                throw Panics.fail(TeeResult.STORAGE_NO_SPACE, "size " + size);
            }
            corruptCloses(object, () -> {
                ObjectDb.Plain p = loadOrRemove(h.pobj.oid, true);
                p.data = java.util.Arrays.copyOf(p.data, (int) size);
                world.db.update(owner, p);
                return null;
            });
        } finally {
            world.lock.unlock();
        }
    }

    /**
     * {@code TEE_SeekObjectData}: OVERFLOW if a positive offset would pass
     * TEE_DATA_MAX_POSITION; a negative result clamps to 0; an unknown whence panics.
     */
    public void seekObjectData(TeeObject object, long offset, int whence) {
        world.lock.lock();
        try {
            PersistentHandle h = persistent(object, "TEE_SeekObjectData");
            long base = switch (whence) {
                case TeeDefines.DATA_SEEK_SET -> 0;
                case TeeDefines.DATA_SEEK_CUR -> h.position;
                case TeeDefines.DATA_SEEK_END -> corruptCloses(object, () -> loadOrRemove(h.pobj.oid, false).dataSize);
                default -> throw Panics.panic(TeeResult.ITEM_NOT_FOUND, "whence " + whence);
            };
            if (offset > 0 && base + offset > TeeDefines.DATA_MAX_POSITION) {
                throw Panics.fail(TeeResult.OVERFLOW, "position beyond TEE_DATA_MAX_POSITION");
            }
            h.position = Math.max(0, base + offset);
        } finally {
            world.lock.unlock();
        }
    }

    /** {@code TEE_RenamePersistentObject}: ACCESS_CONFLICT if {@code newObjectId} exists; panics without WRITE_META. */
    public void renamePersistentObject(TeeObject object, byte[] newObjectId) {
        world.lock.lock();
        try {
            PersistentHandle h = persistent(object, "TEE_RenamePersistentObject");
            checkId(newObjectId);
            if ((h.flags & TeeDefines.DATA_FLAG_ACCESS_WRITE_META) == 0) {
                throw Panics.panic(TeeResult.BAD_STATE, "handle not opened with TEE_DATA_FLAG_ACCESS_WRITE_META");
            }
            SecureStorage.PObj target = world.get(ta, newObjectId, TeeDefines.DATA_FLAG_ACCESS_WRITE_META, SecureStorage.Usage.RENAME);
            try {
                corruptCloses(object, () -> {
                    ObjectDb.Plain p = loadOrRemove(h.pobj.oid, true);
                    world.db.rename(owner, p, newObjectId.clone());
                    return null;
                });
                h.pobj.oid = newObjectId.clone();
            } finally {
                world.release(target);
            }
        } finally {
            world.lock.unlock();
        }
    }

    /** {@code TEE_CloseAndDeletePersistentObject1}; panics without WRITE_META. A null handle is a no-op. */
    public void closeAndDeletePersistentObject(TeeObject object) {
        if (object == null) {
            return;
        }
        world.lock.lock();
        try {
            PersistentHandle h = persistent(object, "TEE_CloseAndDeletePersistentObject1");
            if ((h.flags & TeeDefines.DATA_FLAG_ACCESS_WRITE_META) == 0) {
                throw Panics.panic(TeeResult.ACCESS_CONFLICT, "handle not opened with TEE_DATA_FLAG_ACCESS_WRITE_META");
            }
            world.db.delete(owner, h.pobj.oid);
            closeLocked(object);
        } finally {
            world.lock.unlock();
        }
    }

    /** {@code TEE_CloseObject}: closes a persistent handle or frees a transient object; null is a no-op. */
    public void closeObject(TeeObject object) {
        if (object == null) {
            return;
        }
        if (object.persistent == null) {
            object.free();
            return;
        }
        world.lock.lock();
        try {
            persistent(object, "TEE_CloseObject");
            closeLocked(object);
        } finally {
            world.lock.unlock();
        }
    }

    private void closeLocked(TeeObject o) {
        PersistentHandle h = o.persistent;
        if (!h.closed) {
            h.closed = true;
            world.release(h.pobj);
            open.remove(o);
        }
    }

    /** Info of a persistent handle (data size as stored now). */
    ObjectInfo info(TeeObject o) {
        world.lock.lock();
        try {
            PersistentHandle h = o.persistent;
            long size = corruptCloses(o, () -> loadOrRemove(h.pobj.oid, false).dataSize);
            return new ObjectInfo(o.type(), o.objectSize, o.maxObjectSize(), o.usage, size, h.position, o.handleFlags);
        } finally {
            world.lock.unlock();
        }
    }

    void restrictUsage(TeeObject o, int usage) {
        world.lock.lock();
        try {
            PersistentHandle h = o.persistent;
            corruptCloses(o, () -> {
                ObjectDb.Plain p = loadOrRemove(h.pobj.oid, true);
                p.usage &= usage;
                world.db.update(owner, p);
                o.usage = p.usage;
                return null;
            });
        } finally {
            world.lock.unlock();
        }
    }

    /** {@code TEE_AllocatePersistentObjectEnumerator}. */
    public ObjectEnumerator allocatePersistentObjectEnumerator() {
        world.lock.lock();
        try {
            ObjectEnumerator e = new ObjectEnumerator(this);
            enumerators.add(e);
            return e;
        } finally {
            world.lock.unlock();
        }
    }

    void freeEnumerator(ObjectEnumerator e) {
        world.lock.lock();
        try {
            enumerators.remove(e);
        } finally {
            world.lock.unlock();
        }
    }

    /** Snapshot of this TA's objects for an enumerator; ITEM_NOT_FOUND when it has none. */
    List<ObjectDb.Plain> listForEnum(int storageId) {
        checkStorage(storageId);
        world.lock.lock();
        try {
            List<ObjectDb.Plain> all = world.db.list(owner);
            if (all.isEmpty()) {
                throw Panics.fail(TeeResult.ITEM_NOT_FOUND, "no objects");
            }
            return all;
        } finally {
            world.lock.unlock();
        }
    }

    /** The flags of an open object (0 if none), for enumeration info. */
    int openFlags(byte[] oid) {
        world.lock.lock();
        try {
            SecureStorage.PObj po = world.get(ta, oid, 0, SecureStorage.Usage.ENUM);
            int f = po.refcnt > 1 ? po.flags : 0;
            world.release(po);
            return f;
        } finally {
            world.lock.unlock();
        }
    }

    /** Closes every handle and enumerator of this TA instance (instance destroy or panic). */
    public void closeAll() {
        world.lock.lock();
        try {
            for (TeeObject o : new ArrayList<>(open)) {
                closeLocked(o);
            }
            for (ObjectEnumerator e : new ArrayList<>(enumerators)) {
                e.freeQuietly();
            }
            enumerators.clear();
        } finally {
            world.lock.unlock();
        }
    }

    /** Number of persistent handles this instance has open (for leak checks). */
    public int openHandles() {
        world.lock.lock();
        try {
            return open.size();
        } finally {
            world.lock.unlock();
        }
    }
}
