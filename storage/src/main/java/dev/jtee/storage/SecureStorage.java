package dev.jtee.storage;

import dev.jtee.ta.TeeDefines;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Trusted storage of one secure world: the SQLite object database, the HUK file and the open
 * persistent objects of every TA (OP-TEE's {@code tee_pobj} list, which carries the
 * ACCESS_CONFLICT rules). Thread-safe; {@link #forTa} gives the view of one TA instance.
 */
public final class SecureStorage implements AutoCloseable {
    /**
     * Where the world keeps its storage. {@code chipId} (≤ 32 bytes, zero-padded) enters the SSK
     * as OP-TEE's die id does. {@code counterFile}, if not null, is a monotonic counter kept outside
     * the database (RPMB's write counter's stand-in): bumped with every commit, and a database
     * older than it is refused at open.
     */
    public record Config(Path database, Path hukFile, byte[] chipId, Path counterFile) {
        public Config {
            chipId = chipId == null ? new byte[0] : chipId.clone();
        }

        public Config(Path database, Path hukFile, byte[] chipId) {
            this(database, hukFile, chipId, null);
        }

        /** This configuration with the monotonic counter kept in {@code file}. */
        public Config withCounter(Path file) {
            return new Config(database, hukFile, chipId, file);
        }

        /** {@code dir/storage.db} and {@code dir/huk.bin}, chip id all zeros. */
        public static Config inDirectory(Path dir) {
            return new Config(dir.resolve("storage.db"), dir.resolve("huk.bin"), new byte[0]);
        }
    }

    final ReentrantLock lock = new ReentrantLock();
    final ObjectDb db;
    final KeyHierarchy keys;
    private final List<PObj> pobjs = new ArrayList<>();

    private SecureStorage(Config config) {
        byte[] huk = KeyHierarchy.loadOrCreateHuk(config.hukFile());
        this.keys = new KeyHierarchy(huk, config.chipId());
        KeyHierarchy.wipe(huk);
        this.db = new ObjectDb(config.database(), keys.derive("jtee dirf root key"), keys.derive("jtee dirf root tag"),
                config.counterFile());
    }

    /** Opens (creating if needed) the world's storage; fails with a clear message on a readable HUK. */
    public static SecureStorage open(Config config) {
        return new SecureStorage(config);
    }

    /** The storage as seen by the TA {@code ta}; one per TA instance (its handles close with {@link TaStorage#closeAll}). */
    public TaStorage forTa(TeeUuid ta) {
        return forTa(ta, true);
    }

    /**
     * As {@link #forTa(TeeUuid)}; {@code closeHandleOnCorrupt} false for a TA with
     * TA_FLAG_DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT, whose handles stay open when their object is corrupt.
     */
    public TaStorage forTa(TeeUuid ta, boolean closeHandleOnCorrupt) {
        return new TaStorage(this, ta, closeHandleOnCorrupt);
    }

    /**
     * The key OP-TEE's system PTA derives for {@code PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY}: unique to this
     * world's HUK, the TA and {@code extra}, the same on every run; {@code length} at most 32 bytes.
     */
    public byte[] taUniqueKey(TeeUuid ta, byte[] extra, int length) {
        return keys.taUniqueKey(ta, extra, length);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            db.close();
        } finally {
            lock.unlock();
        }
    }

    /** An open persistent object (shared by all its handles), as OP-TEE's {@code struct tee_pobj}. */
    static final class PObj {
        final TeeUuid ta;
        byte[] oid;
        final int flags;
        int refcnt = 1;
        boolean creating;

        PObj(TeeUuid ta, byte[] oid, int flags) {
            this.ta = ta;
            this.oid = oid;
            this.flags = flags;
        }

        @Override
        public String toString() {
            return ta + "/" + HexFormat.of().formatHex(oid);
        }
    }

    enum Usage { OPEN, CREATE, RENAME, ENUM }

    /** tee_pobj_get: finds or registers an open object; ACCESS_CONFLICT by GP's sharing rules. Lock held. */
    PObj get(TeeUuid ta, byte[] oid, int flags, Usage usage) {
        for (PObj o : pobjs) {
            if (o.ta.equals(ta) && Arrays.equals(o.oid, oid)) {
                if (usage == Usage.ENUM) {
                    o.refcnt++;
                    return o;
                }
                if (o.creating || (usage == Usage.CREATE && (flags & TeeDefines.DATA_FLAG_OVERWRITE) == 0)) {
                    throw Panics.fail(TeeResult.ACCESS_CONFLICT, "object is being created or exists");
                }
                checkAccess(o.flags, flags);
                o.refcnt++;
                return o;
            }
        }
        PObj o = new PObj(ta, oid.clone(), flags);
        o.creating = usage == Usage.CREATE;
        pobjs.add(o);
        return o;
    }

    void release(PObj o) {
        if (--o.refcnt == 0) {
            pobjs.remove(o);
        }
    }

    /** GP's rules for a second handle on an open object (OP-TEE tee_pobj_check_access). */
    static void checkAccess(int oflags, int nflags) {
        boolean conflict = ((oflags | nflags) & TeeDefines.DATA_FLAG_ACCESS_WRITE_META) != 0
                || (((oflags | nflags) & TeeDefines.DATA_FLAG_ACCESS_READ) != 0
                    && (nflags & oflags & TeeDefines.DATA_FLAG_SHARE_READ) == 0)
                || (nflags & TeeDefines.DATA_FLAG_SHARE_READ) != (oflags & TeeDefines.DATA_FLAG_SHARE_READ)
                || (((oflags | nflags) & TeeDefines.DATA_FLAG_ACCESS_WRITE) != 0
                    && (nflags & oflags & TeeDefines.DATA_FLAG_SHARE_WRITE) == 0)
                || (nflags & TeeDefines.DATA_FLAG_SHARE_WRITE) != (oflags & TeeDefines.DATA_FLAG_SHARE_WRITE);
        if (conflict) {
            throw Panics.fail(TeeResult.ACCESS_CONFLICT, "object already open with incompatible flags");
        }
    }
}
