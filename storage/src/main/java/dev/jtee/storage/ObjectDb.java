package dev.jtee.storage;

import dev.jtee.api.TeeResult;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The world's object database: one SQLite file (WAL, every change one transaction), one row per
 * object. A row holds no plain text: its key is (owner, name) = (HMAC(TSK, "owner"), HMAC(TSK,
 * object id)), its FEK is wrapped with the TSK, and its meta (type, sizes, usage, object id,
 * attributes, data size) and data are AES-GCM sealed under the FEK with associated data binding
 * TA UUID, object id, version and part. Every row is named in its TA's directory of the
 * {@link ObjectDirectory} hash tree, updated in the same transaction as the row. Callers hold the
 * {@link SecureStorage} lock.
 */
final class ObjectDb implements AutoCloseable {
    private static final byte PART_META = 1;
    private static final byte PART_DATA = 2;
    private static final int IV = 12;
    private static final int TAG_BITS = 128;

    private final Connection db;
    private final ObjectDirectory directory;

    /**
     * Opens the database; {@code rootKey}/{@code rootTag} (derived from the SSK) authenticate and
     * name this HUK's hash tree root; {@code counterFile}, if not null, is the monotonic counter a
     * rolled-back database is refused against.
     */
    ObjectDb(Path file, byte[] rootKey, byte[] rootTag, Path counterFile) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            directory = new ObjectDirectory(db, rootKey, rootTag, counterFile);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA journal_mode=WAL");
                // WAL + NORMAL: a crash (even of the machine) keeps every transaction all-or-nothing
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS objects(
                          owner BLOB NOT NULL, name BLOB NOT NULL, version INTEGER NOT NULL,
                          fek BLOB NOT NULL, meta BLOB NOT NULL, data BLOB NOT NULL,
                          PRIMARY KEY(owner, name)) WITHOUT ROWID""");
                ObjectDirectory.createTables(s);
            }
            directory.checkCounter(file);
            migrate();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot open the storage database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A database written before the hash tree (user_version 0) gets one over the rows it holds,
     * trusted as found, once; after that every change goes through the tree.
     */
    private void migrate() throws SQLException {
        tx(true, () -> {
            try (Statement s = db.createStatement(); ResultSet v = s.executeQuery("PRAGMA user_version")) {
                if (v.next() && v.getInt(1) != 0) {
                    return null;
                }
            }
            Map<String, Map<String, byte[]>> byOwner = new LinkedHashMap<>();
            Map<String, byte[]> owners = new LinkedHashMap<>();
            try (Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("SELECT owner, name, version, fek, meta, data FROM objects")) {
                while (rs.next()) {
                    String key = HexFormat.of().formatHex(rs.getBytes(1));
                    owners.put(key, rs.getBytes(1));
                    byOwner.computeIfAbsent(key, k -> new TreeMap<>()).put(HexFormat.of().formatHex(rs.getBytes(2)),
                            ObjectDirectory.entry(rs.getBytes(2), rs.getLong(3), rs.getBytes(4), rs.getBytes(5), rs.getBytes(6)));
                }
            }
            for (var e : byOwner.entrySet()) {
                directory.store(directory.root(), owners.get(e.getKey()), e.getValue());
            }
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA user_version=1");
            }
            return null;
        });
    }

    /** An object as the TA sees it, after authentication. */
    static final class Plain {
        byte[] oid;
        int type;
        int objectSize;
        int maxObjectSize;
        int usage;
        Map<Integer, Attribute> attrs = new LinkedHashMap<>();
        byte[] data;
        long dataSize;
        long version;
        byte[] fek;
    }

    /** Identity of one TA's rows. */
    record Owner(byte[] uuid, byte[] tsk, byte[] tag) {
        byte[] name(byte[] oid) {
            return KeyHierarchy.hmacSha256(tsk, new byte[] {'o', 'i', 'd'}, oid);
        }
    }

    /** Work inside one transaction. */
    private interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one SQLite transaction (IMMEDIATE for a write, so the directory read at
     * its start is still the latest at its commit); any failure rolls everything back.
     */
    private <T> T tx(boolean write, Work<T> work) {
        try {
            try (Statement s = db.createStatement()) {
                s.execute(write ? "BEGIN IMMEDIATE" : "BEGIN");
            }
            boolean committed = false;
            try {
                T result = work.run();
                try (Statement s = db.createStatement()) {
                    s.execute("COMMIT");
                }
                committed = true;
                if (write) {
                    directory.committed();
                }
                return result;
            } finally {
                if (!committed) {
                    try (Statement s = db.createStatement()) {
                        s.execute("ROLLBACK");
                    } catch (SQLException ignored) {
                        // the failure being thrown says more
                    }
                }
            }
        } catch (SQLException e) {
            throw storageFailure(e);
        }
    }

    /** A row as stored. */
    private record Row(long version, byte[] fek, byte[] meta, byte[] data) {
    }

    private Row row(Owner o, byte[] name, boolean withData) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                withData ? "SELECT version, fek, meta, data FROM objects WHERE owner=? AND name=?"
                        : "SELECT version, fek, meta FROM objects WHERE owner=? AND name=?")) {
            ps.setBytes(1, o.tag());
            ps.setBytes(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Row(rs.getLong(1), rs.getBytes(2), rs.getBytes(3), withData ? rs.getBytes(4) : null) : null;
            }
        }
    }

    boolean exists(Owner o, byte[] oid) {
        return tx(false, () -> directory.entries(directory.root(), o.tag())
                .containsKey(HexFormat.of().formatHex(o.name(oid))));
    }

    /**
     * Loads and authenticates against its directory entry; ITEM_NOT_FOUND if absent, CORRUPT_OBJECT
     * on any mismatch (including a row rolled back, swapped in, deleted or not listed).
     */
    Plain load(Owner o, byte[] oid, boolean withData) {
        return tx(false, () -> {
            byte[] name = o.name(oid);
            byte[] entry = directory.entries(directory.root(), o.tag()).get(HexFormat.of().formatHex(name));
            Row r = row(o, name, withData);
            if (entry == null && r == null) {
                throw Panics.fail(TeeResult.ITEM_NOT_FOUND, "no such object");
            }
            if (entry == null || r == null) {
                throw Panics.fail(TeeResult.CORRUPT_OBJECT, entry == null
                        ? "an object row its directory does not list" : "the object's row is missing from the database");
            }
            ObjectDirectory.check(entry, r.version(), r.fek(), r.meta(), r.data());
            return open(o, oid, r.version(), r.fek(), r.meta(), r.data());
        });
    }

    /** Object ids of one TA (decrypted from the meta), in a stable order; a row or entry that does not match is an entry with a null oid. */
    List<Plain> list(Owner o) {
        return tx(false, () -> {
            List<Plain> out = new ArrayList<>();
            Map<String, byte[]> entries = new TreeMap<>(directory.entries(directory.root(), o.tag()));
            try (PreparedStatement ps = db.prepareStatement("SELECT name, version, fek, meta FROM objects WHERE owner=? ORDER BY name")) {
                ps.setBytes(1, o.tag());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] name = rs.getBytes(1);
                        byte[] entry = entries.remove(HexFormat.of().formatHex(name));
                        Plain p;
                        try {
                            if (entry == null) {
                                throw Panics.fail(TeeResult.CORRUPT_OBJECT, "not listed");
                            }
                            ObjectDirectory.check(entry, rs.getLong(2), rs.getBytes(3), rs.getBytes(4), null);
                            p = open(o, null, rs.getLong(2), rs.getBytes(3), rs.getBytes(4), null);
                        } catch (RuntimeException corrupt) {
                            p = null;
                        }
                        out.add(p != null && java.util.Arrays.equals(o.name(p.oid), name) ? p : new Plain()); // oid null: does not authenticate
                    }
                }
            }
            for (int i = 0; i < entries.size(); i++) {
                out.add(new Plain()); // listed, but its row is gone
            }
            return out;
        });
    }

    /** Inserts (or replaces, with {@code overwrite}) in one transaction; ACCESS_CONFLICT if it exists. */
    void insert(Owner o, Plain p, boolean overwrite) {
        tx(true, () -> {
            insertLocked(o, p, overwrite);
            return null;
        });
    }

    private void insertLocked(Owner o, Plain p, boolean overwrite) throws SQLException {
        ObjectDirectory.Root root = directory.root();
        Map<String, byte[]> entries = directory.entries(root, o.tag());
        byte[] name = o.name(p.oid);
        if (!overwrite && (entries.containsKey(HexFormat.of().formatHex(name)) || row(o, name, false) != null)) {
            throw Panics.fail(TeeResult.ACCESS_CONFLICT, "an object with this id exists");
        }
        byte[][] sealed = seal(o, p);
        byte[] fek = KeyHierarchy.wrapFek(o.tsk(), p.fek);
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT OR REPLACE INTO objects(owner, name, version, fek, meta, data) VALUES(?,?,?,?,?,?)")) {
            ps.setBytes(1, o.tag());
            ps.setBytes(2, name);
            ps.setLong(3, p.version);
            ps.setBytes(4, fek);
            ps.setBytes(5, sealed[0]);
            ps.setBytes(6, sealed[1]);
            ps.executeUpdate();
        }
        entries.put(HexFormat.of().formatHex(name), ObjectDirectory.entry(name, p.version, fek, sealed[0], sealed[1]));
        directory.store(root, o.tag(), entries);
    }

    /** Replaces the row of {@code p} with its next version, and its directory entry, in one transaction. */
    void update(Owner o, Plain p) {
        long old = p.version;
        p.version = old + 1;
        try {
            tx(true, () -> {
                ObjectDirectory.Root root = directory.root();
                Map<String, byte[]> entries = directory.entries(root, o.tag());
                byte[] name = o.name(p.oid);
                Row r = row(o, name, false);
                byte[] entry = entries.get(HexFormat.of().formatHex(name));
                if (r == null || entry == null || r.version() != old) {
                    throw Panics.fail(TeeResult.CORRUPT_OBJECT, "the object changed underneath");
                }
                ObjectDirectory.check(entry, r.version(), r.fek(), r.meta(), null);
                byte[][] sealed = seal(o, p);
                try (PreparedStatement ps = db.prepareStatement(
                        "UPDATE objects SET version=?, meta=?, data=? WHERE owner=? AND name=?")) {
                    ps.setLong(1, p.version);
                    ps.setBytes(2, sealed[0]);
                    ps.setBytes(3, sealed[1]);
                    ps.setBytes(4, o.tag());
                    ps.setBytes(5, name);
                    ps.executeUpdate();
                }
                entries.put(HexFormat.of().formatHex(name), ObjectDirectory.entry(name, p.version, r.fek(), sealed[0], sealed[1]));
                directory.store(root, o.tag(), entries);
                return null;
            });
        } catch (RuntimeException e) {
            p.version = old;
            throw e;
        }
    }

    /** Moves {@code p} to {@code newOid} in one transaction; ACCESS_CONFLICT if the target exists. */
    void rename(Owner o, Plain p, byte[] newOid) {
        byte[] oldOid = p.oid;
        try {
            tx(true, () -> {
                deleteLocked(o, oldOid);
                p.oid = newOid;
                p.version++;
                insertLocked(o, p, false);
                return null;
            });
        } catch (RuntimeException e) {
            if (p.oid != oldOid) {
                p.oid = oldOid;
                p.version--;
            }
            throw e;
        }
    }

    void delete(Owner o, byte[] oid) {
        tx(true, () -> {
            deleteLocked(o, oid);
            return null;
        });
    }

    private void deleteLocked(Owner o, byte[] oid) throws SQLException {
        ObjectDirectory.Root root = directory.root();
        Map<String, byte[]> entries = directory.entries(root, o.tag());
        byte[] name = o.name(oid);
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM objects WHERE owner=? AND name=?")) {
            ps.setBytes(1, o.tag());
            ps.setBytes(2, name);
            ps.executeUpdate();
        }
        if (entries.remove(HexFormat.of().formatHex(name)) != null) {
            directory.store(root, o.tag(), entries);
        }
    }

    /** For tamper tests: the raw rows. */
    Connection connection() {
        return db;
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing: nothing left to protect
        }
    }

    private static RuntimeException storageFailure(SQLException e) {
        return Panics.fail(TeeResult.STORAGE_NOT_AVAILABLE, e.getMessage());
    }

    private static byte[] aad(Owner o, byte[] oid, long version, byte part) {
        return ByteBuffer.allocate(16 + 1 + oid.length + 8 + 1)
                .put(o.uuid()).put((byte) oid.length).put(oid).putLong(version).put(part).array();
    }

    private static byte[][] seal(Owner o, Plain p) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(1);
            out.writeByte(p.oid.length);
            out.write(p.oid);
            out.writeInt(p.type);
            out.writeInt(p.objectSize);
            out.writeInt(p.maxObjectSize);
            out.writeInt(p.usage);
            out.writeLong(p.data.length);
            out.writeInt(p.attrs.size());
            for (Attribute a : p.attrs.values()) {
                out.writeInt(a.id());
                out.writeInt(a.a());
                out.writeInt(a.b());
                byte[] buf = a.raw();
                out.writeInt(buf == null ? -1 : buf.length);
                if (buf != null) {
                    out.write(buf);
                }
            }
            byte[] meta = gcm(Cipher.ENCRYPT_MODE, p.fek, null, bytes.toByteArray(), aad(o, p.oid, p.version, PART_META));
            byte[] data = gcm(Cipher.ENCRYPT_MODE, p.fek, null, p.data, aad(o, p.oid, p.version, PART_DATA));
            return new byte[][] {meta, data};
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unseals a row; {@code oid} null means "learn it from the meta" (enumeration). */
    private static Plain open(Owner o, byte[] oid, long version, byte[] wrappedFek, byte[] meta, byte[] data) {
        byte[] fek = KeyHierarchy.unwrapFek(o.tsk(), wrappedFek);
        Plain p = new Plain();
        p.fek = fek;
        p.version = version;
        byte[] metaPlain;
        if (oid != null) {
            metaPlain = gcm(Cipher.DECRYPT_MODE, fek, meta, null, aad(o, oid, version, PART_META));
        } else {
            // the id is inside the sealed meta: read it unauthenticated, then authenticate with it
            byte[] guess = peekOid(fek, meta);
            metaPlain = gcm(Cipher.DECRYPT_MODE, fek, meta, null, aad(o, guess, version, PART_META));
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(metaPlain))) {
            if (in.readByte() != 1) {
                throw Panics.fail(TeeResult.CORRUPT_OBJECT, "unknown object format");
            }
            p.oid = in.readNBytes(in.readUnsignedByte());
            if (oid != null && !java.util.Arrays.equals(oid, p.oid)) {
                throw Panics.fail(TeeResult.CORRUPT_OBJECT, "object id mismatch");
            }
            p.type = in.readInt();
            p.objectSize = in.readInt();
            p.maxObjectSize = in.readInt();
            p.usage = in.readInt();
            p.dataSize = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                int id = in.readInt();
                int a = in.readInt();
                int b = in.readInt();
                int len = in.readInt();
                byte[] buf = len < 0 ? null : in.readNBytes(len);
                p.attrs.put(id, new Attribute(id, buf, a, b));
            }
        } catch (IOException e) {
            throw Panics.fail(TeeResult.CORRUPT_OBJECT, "object meta does not parse");
        }
        if (data != null) {
            p.data = gcm(Cipher.DECRYPT_MODE, fek, data, null, aad(o, p.oid, version, PART_DATA));
            if (p.data.length != p.dataSize) {
                throw Panics.fail(TeeResult.CORRUPT_OBJECT, "data size mismatch");
            }
        }
        return p;
    }

    /** AES-CTR view of the first meta bytes (GCM's keystream starts at counter 2 for a 12-byte IV). */
    private static byte[] peekOid(byte[] fek, byte[] sealed) {
        try {
            if (sealed.length < IV + 2 + 16) {
                throw Panics.fail(TeeResult.CORRUPT_OBJECT, "object meta too short");
            }
            byte[] ctr = new byte[16];
            System.arraycopy(sealed, 0, ctr, 0, IV);
            ctr[15] = 2;
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(fek, "AES"), new javax.crypto.spec.IvParameterSpec(ctr));
            int len = Math.min(sealed.length - IV - 16, 2 + 255);
            byte[] head = c.doFinal(sealed, IV, len);
            int n = head[1] & 0xFF;
            if (n > len - 2) {
                throw Panics.fail(TeeResult.CORRUPT_OBJECT, "object meta too short");
            }
            return java.util.Arrays.copyOfRange(head, 2, 2 + n);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gcm(int mode, byte[] key, byte[] sealed, byte[] plain, byte[] aad) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            if (mode == Cipher.ENCRYPT_MODE) {
                byte[] iv = new byte[IV];
                KeyTypes.RANDOM.nextBytes(iv);
                c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
                c.updateAAD(aad);
                byte[] out = new byte[IV + c.getOutputSize(plain.length)];
                System.arraycopy(iv, 0, out, 0, IV);
                c.doFinal(plain, 0, plain.length, out, IV);
                return out;
            }
            if (sealed == null || sealed.length < IV + TAG_BITS / 8) {
                throw Panics.fail(TeeResult.CORRUPT_OBJECT, "sealed part too short");
            }
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, sealed, 0, IV));
            c.updateAAD(aad);
            return c.doFinal(sealed, IV, sealed.length - IV);
        } catch (javax.crypto.AEADBadTagException e) {
            throw Panics.fail(TeeResult.CORRUPT_OBJECT, "authentication failed");
        } catch (GeneralSecurityException e) {
            throw Panics.fail(TeeResult.CORRUPT_OBJECT, e.toString());
        }
    }
}
