package dev.jtee.storage;

import static dev.jtee.storage.CryptoBehaviourTest.assertResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.TeeResult;
import dev.jtee.ta.TeeDefines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 §10: per-object rollback. OP-TEE's REE FS detects a swapped file through the hash tree
 * of dirf.db; here the rows are named in the ObjectDirectory tree and any old, swapped, injected or
 * deleted row is CORRUPT_OBJECT. Rolling back the whole database needs the monotonic counter.
 */
class RollbackTest {
    static final int RW = PersistentObjectTest.RW;
    static final int READ = TeeDefines.DATA_FLAG_ACCESS_READ;

    @TempDir
    Path dir;
    SecureStorage world;
    TaStorage ta;

    @BeforeEach
    void open() {
        world = SecureStorage.open(SecureStorage.Config.inDirectory(dir));
        ta = world.forTa(PersistentObjectTest.TA1);
    }

    @AfterEach
    void close() {
        world.close();
    }

    static byte[] id(String s) {
        return s.getBytes();
    }

    void create(String oid, String data) {
        ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id(oid), RW, null, id(data)));
    }

    void overwrite(String oid, String data) {
        TeeObject o = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id(oid), RW);
        ta.truncateObjectData(o, 0);
        ta.writeObjectData(o, id(data), 0, data.length());
        ta.closeObject(o);
    }

    String read(String oid) {
        TeeObject o = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id(oid), READ);
        byte[] buf = new byte[256];
        int n = ta.readObjectData(o, buf, 0, buf.length);
        ta.closeObject(o);
        return new String(Arrays.copyOf(buf, n));
    }

    /** The stored row of the one object whose name is {@code name}, as SQL returns it. */
    Object[] rowOf(byte[] name) throws SQLException {
        try (PreparedStatement ps = world.db.connection().prepareStatement(
                "SELECT version, fek, meta, data FROM objects WHERE name=?")) {
            ps.setBytes(1, name);
            ResultSet rs = ps.executeQuery();
            assertTrue(rs.next());
            return new Object[] {rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4)};
        }
    }

    void putRow(byte[] name, Object[] row) throws SQLException {
        try (PreparedStatement ps = world.db.connection().prepareStatement(
                "UPDATE objects SET version=?, fek=?, meta=?, data=? WHERE name=?")) {
            ps.setLong(1, (Long) row[0]);
            ps.setBytes(2, (byte[]) row[1]);
            ps.setBytes(3, (byte[]) row[2]);
            ps.setBytes(4, (byte[]) row[3]);
            ps.setBytes(5, name);
            assertEquals(1, ps.executeUpdate());
        }
    }

    byte[] name(String oid) {
        return new ObjectDb.Owner(null, world.keys.tsk(PersistentObjectTest.TA1), null).name(id(oid));
    }

    @Test
    void anOlderVersionOfTheSameObjectIsCorrupt() throws Exception {
        create("a", "v1 balance 100");
        create("b", "unrelated");
        Object[] v1 = rowOf(name("a"));
        overwrite("a", "v2 balance 0");
        putRow(name("a"), v1);
        assertResult(TeeResult.CORRUPT_OBJECT, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("a"), READ));
        // as OP-TEE, the corrupt object is removed; its neighbours are untouched
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("a"), READ));
        assertEquals("unrelated", read("b"));
        create("a", "again");
        assertEquals("again", read("a"));
    }

    /** Same version number, same key: only the data part rolled back (an update keeps the FEK). */
    @Test
    void anOlderDataPartAloneIsCorruptOnRead() throws Exception {
        create("a", "v1");
        Object[] v1 = rowOf(name("a"));
        overwrite("a", "v2");
        Object[] v2 = rowOf(name("a"));
        putRow(name("a"), new Object[] {v2[0], v2[1], v2[2], v1[3]});
        TeeObject o = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("a"), READ);
        assertResult(TeeResult.CORRUPT_OBJECT, () -> ta.readObjectData(o, new byte[8], 0, 8));
        assertEquals(0, ta.openHandles(), "the corrupt object's handle is closed");
    }

    @Test
    void rowsSwappedBetweenTwoObjectsAreCorrupt() throws Exception {
        create("a", "alice");
        create("b", "bob");
        Object[] a = rowOf(name("a"));
        Object[] b = rowOf(name("b"));
        putRow(name("a"), b);
        putRow(name("b"), a);
        assertResult(TeeResult.CORRUPT_OBJECT, () -> read("a"));
        assertResult(TeeResult.CORRUPT_OBJECT, () -> read("b"));
    }

    @Test
    void aDeletedRowIsCorruptThenGone() throws Exception {
        create("a", "x");
        create("b", "y");
        try (PreparedStatement ps = world.db.connection().prepareStatement("DELETE FROM objects WHERE name=?")) {
            ps.setBytes(1, name("a"));
            assertEquals(1, ps.executeUpdate());
        }
        assertResult(TeeResult.CORRUPT_OBJECT, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("a"), READ));
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("a"), READ));
        assertEquals("y", read("b"));
    }

    /** A row deleted by the TA and put back from an old copy is not listed any more: CORRUPT_OBJECT, not a resurrection. */
    @Test
    void aDeletedObjectPutBackIsCorrupt() throws Exception {
        create("a", "secret v1");
        Object[] v1 = rowOf(name("a"));
        byte[] owner;
        try (PreparedStatement ps = world.db.connection().prepareStatement("SELECT owner FROM objects WHERE name=?")) {
            ps.setBytes(1, name("a"));
            ResultSet rs = ps.executeQuery();
            rs.next();
            owner = rs.getBytes(1);
        }
        ta.closeAndDeletePersistentObject(ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("a"), RW));
        try (PreparedStatement ps = world.db.connection().prepareStatement(
                "INSERT INTO objects(owner, name, version, fek, meta, data) VALUES(?,?,?,?,?,?)")) {
            ps.setBytes(1, owner);
            ps.setBytes(2, name("a"));
            ps.setLong(3, (Long) v1[0]);
            ps.setBytes(4, (byte[]) v1[1]);
            ps.setBytes(5, (byte[]) v1[2]);
            ps.setBytes(6, (byte[]) v1[3]);
            ps.executeUpdate();
        }
        assertResult(TeeResult.CORRUPT_OBJECT, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("a"), READ));
    }

    /** Enumeration reports a rolled-back row as CORRUPT_OBJECT (GP: TEE_GetNextPersistentObject may return it). */
    @Test
    void enumerationReportsARolledBackRow() throws Exception {
        create("a", "v1");
        Object[] v1 = rowOf(name("a"));
        overwrite("a", "v2");
        putRow(name("a"), v1);
        ObjectEnumerator e = ta.allocatePersistentObjectEnumerator();
        e.start(TeeDefines.STORAGE_PRIVATE);
        assertResult(TeeResult.CORRUPT_OBJECT, e::next);
    }

    /** TA_FLAG_DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT: a rollback found at read leaves the handle to the TA. */
    @Test
    void withDontCloseHandleOnCorruptARolledBackReadKeepsTheHandle() throws Exception {
        TaStorage keeps = world.forTa(PersistentObjectTest.TA2, false);
        keeps.closeObject(keeps.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("a"), RW, null, id("v1")));
        byte[] name = new ObjectDb.Owner(null, world.keys.tsk(PersistentObjectTest.TA2), null).name(id("a"));
        Object[] v1 = rowOf(name);
        TeeObject o = keeps.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("a"), RW);
        keeps.writeObjectData(o, id("v2"), 0, 2);
        putRow(name, v1);
        keeps.seekObjectData(o, 0, TeeDefines.DATA_SEEK_SET);
        assertResult(TeeResult.CORRUPT_OBJECT, () -> keeps.readObjectData(o, new byte[8], 0, 8));
        assertEquals(1, keeps.openHandles());
        keeps.closeObject(o);
    }

    /** What stays possible without a counter: the whole database file copied back is accepted. */
    @Test
    void theWholeDatabaseRolledBackIsAcceptedWithoutACounter() throws Exception {
        create("a", "v1");
        world.close();
        Path saved = copyDatabase("saved");
        world = SecureStorage.open(SecureStorage.Config.inDirectory(dir));
        ta = world.forTa(PersistentObjectTest.TA1);
        overwrite("a", "v2");
        world.close();
        restoreDatabase(saved);
        world = SecureStorage.open(SecureStorage.Config.inDirectory(dir));
        ta = world.forTa(PersistentObjectTest.TA1);
        assertEquals("v1", read("a"));
    }

    @Test
    void withACounterTheWholeDatabaseRolledBackIsRefused() throws Exception {
        Path counter = dir.resolve("counter/storage.counter");
        world.close();
        SecureStorage.Config config = SecureStorage.Config.inDirectory(dir).withCounter(counter);
        world = SecureStorage.open(config);
        ta = world.forTa(PersistentObjectTest.TA1);
        create("a", "v1");
        world.close();
        Path saved = copyDatabase("saved");
        world = SecureStorage.open(config);
        ta = world.forTa(PersistentObjectTest.TA1);
        overwrite("a", "v2");
        long atV2 = Long.parseLong(Files.readString(counter).strip());
        assertTrue(atV2 >= 2, "the counter follows every commit: " + atV2);
        world.close();
        // reopening the current database is fine
        world = SecureStorage.open(config);
        world.close();
        restoreDatabase(saved);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SecureStorage.open(config));
        assertTrue(e.getMessage().contains("rolled back") && e.getMessage().contains(counter.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
        world = SecureStorage.open(SecureStorage.Config.inDirectory(dir)); // for @AfterEach
    }

    /** A crash between the database commit and the counter write: the database is ahead, accepted, counter catches up. */
    @Test
    void aCounterBehindTheDatabaseCatchesUp() throws Exception {
        Path counter = dir.resolve("storage.counter");
        world.close();
        SecureStorage.Config config = SecureStorage.Config.inDirectory(dir).withCounter(counter);
        world = SecureStorage.open(config);
        ta = world.forTa(PersistentObjectTest.TA1);
        create("a", "v1");
        overwrite("a", "v2");
        world.close();
        long now = Long.parseLong(Files.readString(counter).strip());
        Files.writeString(counter, (now - 1) + "\n");
        world = SecureStorage.open(config);
        ta = world.forTa(PersistentObjectTest.TA1);
        assertEquals(now, Long.parseLong(Files.readString(counter).strip()));
        assertEquals("v2", read("a"));
    }

    /** A database written before the hash tree keeps its objects (trusted once, then protected). */
    @Test
    void aDatabaseWithoutTheTreeIsAdoptedOnce() throws Exception {
        create("a", "old");
        try (var s = world.db.connection().createStatement()) {
            s.execute("DELETE FROM dirf");
            s.execute("DELETE FROM dirf_root");
            s.execute("PRAGMA user_version=0");
        }
        world.close();
        world = SecureStorage.open(SecureStorage.Config.inDirectory(dir));
        ta = world.forTa(PersistentObjectTest.TA1);
        assertEquals("old", read("a"));
        Object[] old = rowOf(name("a"));
        overwrite("a", "new");
        putRow(name("a"), old);
        assertResult(TeeResult.CORRUPT_OBJECT, () -> read("a"));
    }

    Path copyDatabase(String as) throws Exception {
        Path to = Files.createDirectories(dir.resolve(as));
        for (String f : new String[] {"storage.db", "storage.db-wal", "storage.db-shm"}) {
            if (Files.exists(dir.resolve(f))) {
                Files.copy(dir.resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(to.resolve(f));
            }
        }
        return to;
    }

    void restoreDatabase(Path from) throws Exception {
        for (String f : new String[] {"storage.db", "storage.db-wal", "storage.db-shm"}) {
            if (Files.exists(from.resolve(f))) {
                Files.copy(from.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(dir.resolve(f));
            }
        }
        assertArrayEquals(Files.readAllBytes(from.resolve("storage.db")), Files.readAllBytes(dir.resolve("storage.db")));
    }
}
