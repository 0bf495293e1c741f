package dev.jtee.storage;

import dev.jtee.ta.TeeDefines;
import static dev.jtee.storage.CryptoBehaviourTest.assertResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Persistent objects: xtest 6001–6021-like behaviour, access rules, isolation, tampering. */
class PersistentObjectTest {
    static final TeeUuid TA1 = TeeUuid.parse("f4e750bb-1437-4fbf-8785-8d3580c34994");
    static final TeeUuid TA2 = TeeUuid.parse("5dbac793-f574-4871-8ad3-04331ec17f24");
    static final int RW = TeeDefines.DATA_FLAG_ACCESS_READ | TeeDefines.DATA_FLAG_ACCESS_WRITE | TeeDefines.DATA_FLAG_ACCESS_WRITE_META;

    @TempDir
    Path dir;
    SecureStorage world;
    TaStorage ta;

    @BeforeEach
    void open() {
        world = SecureStorage.open(SecureStorage.Config.inDirectory(dir));
        ta = world.forTa(TA1);
    }

    @AfterEach
    void close() {
        world.close();
    }

    static byte[] id(String s) {
        return s.getBytes();
    }

    byte[] readAll(TeeObject o) {
        byte[] buf = new byte[4096];
        int n = ta.readObjectData(o, buf, 0, buf.length);
        return Arrays.copyOf(buf, n);
    }

    @Test
    void hukFileIsOwnerOnlyAndAWorldReadableOneIsRefused() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("huk.bin"))));
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.write(other.resolve("huk.bin"), new byte[32]);
        Files.setPosixFilePermissions(other.resolve("huk.bin"), PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SecureStorage.open(SecureStorage.Config.inDirectory(other)));
        assertTrue(e.getMessage().contains("readable by its owner only"), e.getMessage());
    }

    /** Issue 15 §7: a HUK another user planted, or an all-zero one, is refused (the daemon does not start). */
    @Test
    void aHukOfAnotherUserOrAllZerosIsRefused() throws Exception {
        Path zero = Files.createDirectories(dir.resolve("zero"));
        Files.createFile(zero.resolve("huk.bin"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(zero.resolve("huk.bin"), new byte[32]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SecureStorage.open(SecureStorage.Config.inDirectory(zero)));
        assertTrue(e.getMessage().contains("all zeros"), e.getMessage());
        long self = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        org.junit.jupiter.api.Assumptions.assumeTrue(self == 0, "needs root to give the file to another user");
        Path planted = Files.createDirectories(dir.resolve("planted"));
        Path huk = Files.createFile(planted.resolve("huk.bin"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        Files.write(huk, key);
        Files.setAttribute(huk, "unix:uid", 65534);
        e = assertThrows(IllegalStateException.class, () -> SecureStorage.open(SecureStorage.Config.inDirectory(planted)));
        assertTrue(e.getMessage().contains("belongs to uid 65534"), e.getMessage());
    }

    @Test
    void createWriteSeekReadTruncateInfo() {
        TeeObject o = ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("obj"), RW, null, id("hello"));
        ObjectInfo info = o.info();
        assertEquals(TeeDefines.TYPE_DATA, info.objectType());
        assertEquals(5, info.dataSize());
        assertEquals(0, info.dataPosition());
        assertEquals(TeeDefines.HANDLE_FLAG_PERSISTENT | TeeDefines.HANDLE_FLAG_INITIALIZED | RW, info.handleFlags());
        assertEquals(TeeDefines.USAGE_DEFAULT, info.objectUsage());
        assertArrayEquals(id("hello"), readAll(o));
        assertEquals(0, ta.readObjectData(o, new byte[4], 0, 4), "at the end");
        ta.seekObjectData(o, 10, TeeDefines.DATA_SEEK_SET);
        ta.writeObjectData(o, id("X"), 0, 1);
        ta.seekObjectData(o, -100, TeeDefines.DATA_SEEK_CUR);
        assertEquals(0, o.info().dataPosition(), "negative clamps to 0");
        assertArrayEquals(id("hello\0\0\0\0\0X"), readAll(o));
        ta.seekObjectData(o, -1, TeeDefines.DATA_SEEK_END);
        assertArrayEquals(id("X"), readAll(o));
        assertResult(TeeResult.OVERFLOW, () -> ta.seekObjectData(o, TeeDefines.DATA_MAX_POSITION, TeeDefines.DATA_SEEK_CUR));
        assertThrows(TaPanic.class, () -> ta.seekObjectData(o, 0, 7));
        ta.truncateObjectData(o, 2);
        ta.seekObjectData(o, 0, TeeDefines.DATA_SEEK_SET);
        assertArrayEquals(id("he"), readAll(o));
        ta.truncateObjectData(o, 4);
        ta.seekObjectData(o, 0, TeeDefines.DATA_SEEK_SET);
        assertArrayEquals(id("he\0\0"), readAll(o));
        ta.closeObject(o);
        TeeObject again = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("obj"), TeeDefines.DATA_FLAG_ACCESS_READ);
        assertArrayEquals(id("he\0\0"), readAll(again));
        assertThrows(TaPanic.class, () -> ta.writeObjectData(again, id("x"), 0, 1), "no ACCESS_WRITE");
        assertThrows(TaPanic.class, () -> ta.closeAndDeletePersistentObject(again), "no WRITE_META");
        ta.closeObject(again);
        assertThrows(TaPanic.class, again::info, "closed handle");
    }

    @Test
    void createExistingAndOverwrite() {
        ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("a"), RW, null, id("1")));
        assertResult(TeeResult.ACCESS_CONFLICT, () -> ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("a"), RW, null, id("2")));
        TeeObject o = ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("a"), RW | TeeDefines.DATA_FLAG_OVERWRITE, null, id("2"));
        assertArrayEquals(id("2"), readAll(o));
        assertResult(TeeResult.ACCESS_CONFLICT,
                () -> ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("a"), RW | TeeDefines.DATA_FLAG_OVERWRITE, null, id("3")));
    }

    @Test
    void idsAndStorageIds() {
        byte[] max = new byte[TeeDefines.OBJECT_ID_MAX_LEN];
        Arrays.fill(max, (byte) 0xA5);
        ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, max, RW, null, new byte[0]));
        ta.closeObject(ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE_REE, max, TeeDefines.DATA_FLAG_ACCESS_READ));
        assertThrows(TaPanic.class, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, new byte[65], 0));
        assertThrows(TaPanic.class, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, max, TeeDefines.DATA_FLAG_OVERWRITE));
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE_RPMB, max, 0));
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> ta.openPersistentObject(0x42, max, 0));
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("none"), 0));
    }

    @Test
    void renameAndDelete() {
        ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("taken"), RW, null, id("t")));
        TeeObject o = ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("old"), RW, null, id("data"));
        assertResult(TeeResult.ACCESS_CONFLICT, () -> ta.renamePersistentObject(o, id("taken")));
        ta.renamePersistentObject(o, id("new"));
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("old"), 0));
        assertArrayEquals(id("data"), readAll(o));
        ta.closeAndDeletePersistentObject(o);
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("new"), 0));
        TeeObject ro = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("taken"), TeeDefines.DATA_FLAG_ACCESS_READ);
        assertThrows(TaPanic.class, () -> ta.renamePersistentObject(ro, id("x")), "no WRITE_META");
    }

    @Test
    void sharingRulesAsOpTee() {
        ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("s"), RW, null, id("x")));
        int r = TeeDefines.DATA_FLAG_ACCESS_READ;
        int sr = TeeDefines.DATA_FLAG_SHARE_READ;
        int w = TeeDefines.DATA_FLAG_ACCESS_WRITE;
        int sw = TeeDefines.DATA_FLAG_SHARE_WRITE;
        TeeObject a = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("s"), r | sr);
        TeeObject b = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("s"), r | sr);
        assertResult(TeeResult.ACCESS_CONFLICT, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("s"), r));
        assertResult(TeeResult.ACCESS_CONFLICT, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("s"), r | sr | w | sw));
        assertResult(TeeResult.ACCESS_CONFLICT, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("s"), RW | sr | sw));
        // OP-TEE lets OVERWRITE replace an object open with compatible sharing flags (tee_pobj_get)
        ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("s"), r | sr | TeeDefines.DATA_FLAG_OVERWRITE, null, id("y")));
        assertArrayEquals(id("y"), readAll(a));
        ta.closeObject(a);
        ta.closeObject(b);
        TeeObject w1 = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("s"), r | w | sr | sw);
        TeeObject w2 = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("s"), r | w | sr | sw);
        ta.writeObjectData(w1, id("AB"), 0, 2);
        assertArrayEquals(id("AB"), readAll(w2), "a second handle sees the write");
        ta.closeObject(w1);
        ta.closeObject(w2);
        TeeObject lock = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("s"), 0);
        assertResult(TeeResult.ACCESS_CONFLICT, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("s"), r | sr));
        ta.closeAll();
        assertEquals(0, ta.openHandles());
        ta.closeObject(ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("s"), RW));
        assertTrue(lock.isPersistent());
    }

    @Test
    void enumerationListsOnlyOwnObjects() {
        ObjectEnumerator e = ta.allocatePersistentObjectEnumerator();
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> e.start(TeeDefines.STORAGE_PRIVATE));
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            made.add("o" + i);
            ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("o" + i), RW, null, new byte[i]));
        }
        TaStorage other = world.forTa(TA2);
        other.closeObject(other.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("theirs"), RW, null, null));
        assertResult(TeeResult.ITEM_NOT_FOUND, e::next);
        e.start(TeeDefines.STORAGE_PRIVATE);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ObjectEnumerator.Entry entry = e.next();
            String name = new String(entry.objectId());
            seen.add(name);
            assertEquals(name.charAt(1) - '0', entry.info().dataSize());
        }
        assertEquals(made, seen);
        assertResult(TeeResult.ITEM_NOT_FOUND, e::next);
        e.reset();
        assertResult(TeeResult.ITEM_NOT_FOUND, e::next);
        e.start(TeeDefines.STORAGE_PRIVATE);
        e.next();
        e.free();
        assertThrows(TaPanic.class, e::next);
    }

    @Test
    void isolationBetweenTas() {
        ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("mine"), RW, null, id("secret")));
        TaStorage other = world.forTa(TA2);
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> other.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("mine"), 0));
        // the same id is a different object for the other TA
        TeeObject theirs = other.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("mine"), RW, null, id("theirs"));
        other.closeObject(theirs);
        TeeObject mine = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("mine"), TeeDefines.DATA_FLAG_ACCESS_READ);
        assertArrayEquals(id("secret"), readAll(mine));
    }

    @Test
    void keyObjectsPersistWithTheirAttributes() {
        TeeObject key = TeeObject.allocateTransient(TeeDefines.TYPE_AES, 256);
        key.generateKey(256);
        key.restrictUsage(TeeDefines.USAGE_ENCRYPT | TeeDefines.USAGE_DECRYPT | TeeDefines.USAGE_EXTRACTABLE);
        ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("key"), RW, key, id("payload")));
        world.close();
        world = SecureStorage.open(SecureStorage.Config.inDirectory(dir));
        ta = world.forTa(TA1);
        TeeObject p = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("key"), TeeDefines.DATA_FLAG_ACCESS_READ);
        ObjectInfo info = p.info();
        assertEquals(TeeDefines.TYPE_AES, info.objectType());
        assertEquals(256, info.objectSize());
        assertEquals(TeeDefines.USAGE_ENCRYPT | TeeDefines.USAGE_DECRYPT | TeeDefines.USAGE_EXTRACTABLE, info.objectUsage());
        assertArrayEquals(key.bufferAttribute(TeeDefines.ATTR_SECRET_VALUE), p.bufferAttribute(TeeDefines.ATTR_SECRET_VALUE));
        assertArrayEquals(id("payload"), readAll(p));
        TeeOperation op = TeeOperation.allocate(TeeDefines.ALG_AES_ECB_NOPAD, TeeDefines.MODE_ENCRYPT, 256);
        op.setKey(p);
        op.cipherInit(null);
        assertEquals(16, op.cipherDoFinal(new byte[16], new byte[16]));
    }

    /** Every stored byte of a row: flipping one gives CORRUPT_OBJECT (then the object is gone, as OP-TEE removes it). */
    @ParameterizedTest
    @ValueSource(strings = {"fek", "meta", "data", "version"})
    void tamperingIsDetected(String column) throws Exception {
        ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("t"), RW, null, id("some data to protect")));
        List<Integer> positions = new ArrayList<>();
        byte[] original;
        try (PreparedStatement ps = world.db.connection().prepareStatement("SELECT " + column + " FROM objects")) {
            ResultSet rs = ps.executeQuery();
            rs.next();
            original = column.equals("version") ? null : rs.getBytes(1);
        }
        int n = original == null ? 1 : original.length;
        for (int i = 0; i < n; i += Math.max(1, n / 12)) {
            positions.add(i);
        }
        positions.add(n - 1);
        for (int pos : positions) {
            try (PreparedStatement ps = world.db.connection().prepareStatement("UPDATE objects SET " + column + "=?")) {
                if (original == null) {
                    ps.setLong(1, 99);
                } else {
                    byte[] t = original.clone();
                    t[pos] ^= 0x01;
                    ps.setBytes(1, t);
                }
                ps.executeUpdate();
            }
            // meta and key are checked at open, data at read: either way CORRUPT_OBJECT, never data
            assertResult(TeeResult.CORRUPT_OBJECT, () -> readAll(ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("t"),
                    TeeDefines.DATA_FLAG_ACCESS_READ)));
            assertResult(TeeResult.ITEM_NOT_FOUND, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("t"), 0));
            ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("t"), RW, null, id("some data to protect")));
            try (PreparedStatement ps = world.db.connection().prepareStatement("SELECT " + column + " FROM objects")) {
                ResultSet rs = ps.executeQuery();
                rs.next();
                original = column.equals("version") ? null : rs.getBytes(1);
            }
        }
    }

    /**
     * Changes the last byte of every object's sealed data. Always a change: setting it to a fixed
     * value left the object intact whenever the byte already had that value (1 run in 256).
     */
    private void tamperLastDataByte() throws Exception {
        try (PreparedStatement ps = world.db.connection().prepareStatement(
                "UPDATE objects SET data=substr(data,1,length(data)-1)"
                        + "||CASE WHEN substr(data,length(data),1)=x'00' THEN x'01' ELSE x'00' END")) {
            ps.executeUpdate();
        }
    }

    @Test
    void dataTamperedWhileOpenIsCorruptOnRead() throws Exception {
        TeeObject o = ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("t"), RW, null, id("abc"));
        tamperLastDataByte();
        assertResult(TeeResult.CORRUPT_OBJECT, () -> ta.readObjectData(o, new byte[8], 0, 8));
        assertThrows(TaPanic.class, o::info, "a corrupt object's handle is closed");
        assertEquals(0, ta.openHandles());
    }

    /** TA_FLAG_DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT: the object is removed, the handle stays for the TA to close. */
    @Test
    void withDontCloseHandleOnCorruptTheHandleStaysOpen() throws Exception {
        TaStorage keeps = world.forTa(TA2, false);
        TeeObject o = keeps.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("t"), RW, null, id("abc"));
        tamperLastDataByte();
        assertResult(TeeResult.CORRUPT_OBJECT, () -> keeps.readObjectData(o, new byte[8], 0, 8));
        assertEquals(1, keeps.openHandles(), "the handle is still open");
        keeps.closeObject(o);
        assertEquals(0, keeps.openHandles());
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> keeps.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("t"), 0));
    }

    @Test
    void aDifferentHukCannotReadTheObjects() throws Exception {
        ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id("k"), RW, null, id("v")));
        world.close();
        Files.delete(dir.resolve("huk.bin"));
        world = SecureStorage.open(SecureStorage.Config.inDirectory(dir));
        ta = world.forTa(TA1);
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id("k"), 0));
    }
}
