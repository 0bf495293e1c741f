package dev.jtee.storage;

import dev.jtee.api.TeeResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash tree over the object rows, as OP-TEE's REE FS keeps {@code dirf.db}: a root row per HUK
 * (its generation and, per TA, the SHA-256 of that TA's directory) authenticated with
 * HMAC(key derived from the SSK); a directory row per TA listing, per object name, the SHA-256 of
 * its key and meta (with its version) and of its data. An old, swapped, injected or deleted row no
 * longer matches its directory entry, so per-object rollback is CORRUPT_OBJECT. Rolling back the
 * whole database stays possible unless a {@code counterFile} (the RPMB write counter's stand-in)
 * remembers the last generation. Every method runs inside the caller's SQLite transaction.
 */
final class ObjectDirectory {
    static final int DIGEST = 32;
    /** One directory entry: name, digest of (version, wrapped FEK, meta), digest of data. */
    static final int ENTRY = 3 * DIGEST;

    private final Connection db;
    private final byte[] rootKey;
    private final byte[] rootTag;
    private final Path counterFile;
    /** The counter's value as last read or written (it only ever goes up). */
    private long counted = -1;

    ObjectDirectory(Connection db, byte[] rootKey, byte[] rootTag, Path counterFile) {
        this.db = db;
        this.rootKey = rootKey;
        this.rootTag = rootTag;
        this.counterFile = counterFile;
    }

    static void createTables(Statement s) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS dirf(owner BLOB PRIMARY KEY, entries BLOB NOT NULL) WITHOUT ROWID");
        s.execute("""
                CREATE TABLE IF NOT EXISTS dirf_root(tag BLOB PRIMARY KEY, generation INTEGER NOT NULL,
                  owners BLOB NOT NULL, mac BLOB NOT NULL) WITHOUT ROWID""");
    }

    /** The authenticated root: generation and, per owner tag (hex), the digest of its directory. */
    record Root(long generation, Map<String, byte[]> owners) {
    }

    /** Reads and authenticates the root; an absent root is the empty one of generation 0. */
    Root root() throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT generation, owners, mac FROM dirf_root WHERE tag=?")) {
            ps.setBytes(1, rootTag);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Root(0, new TreeMap<>());
                }
                long generation = rs.getLong(1);
                byte[] owners = rs.getBytes(2);
                if (!MessageDigest.isEqual(mac(generation, owners), rs.getBytes(3)) || owners.length % (2 * DIGEST) != 0) {
                    throw Panics.fail(TeeResult.CORRUPT_OBJECT, "the storage root does not authenticate");
                }
                Map<String, byte[]> m = new TreeMap<>();
                for (int i = 0; i < owners.length; i += 2 * DIGEST) {
                    m.put(hex(owners, i), java.util.Arrays.copyOfRange(owners, i + DIGEST, i + 2 * DIGEST));
                }
                return new Root(generation, m);
            }
        }
    }

    /** The entries of one owner's directory (name hex → entry), checked against the root. */
    Map<String, byte[]> entries(Root root, byte[] owner) throws SQLException {
        byte[] blob = new byte[0];
        try (PreparedStatement ps = db.prepareStatement("SELECT entries FROM dirf WHERE owner=?")) {
            ps.setBytes(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    blob = rs.getBytes(1);
                }
            }
        }
        byte[] expected = root.owners().get(HexFormat.of().formatHex(owner));
        boolean matches = expected == null ? blob.length == 0 : MessageDigest.isEqual(expected, sha256(blob));
        if (!matches || blob.length % ENTRY != 0) {
            throw Panics.fail(TeeResult.CORRUPT_OBJECT, "the TA's object directory does not match the storage root");
        }
        Map<String, byte[]> m = new TreeMap<>();
        for (int i = 0; i < blob.length; i += ENTRY) {
            m.put(hex(blob, i), java.util.Arrays.copyOfRange(blob, i, i + ENTRY));
        }
        return m;
    }

    /** Stores one owner's directory and a new root of the next generation. */
    void store(Root root, byte[] owner, Map<String, byte[]> entries) throws SQLException {
        ByteBuffer blob = ByteBuffer.allocate(entries.size() * ENTRY);
        entries.values().forEach(blob::put);
        String key = HexFormat.of().formatHex(owner);
        if (entries.isEmpty()) {
            root.owners().remove(key);
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM dirf WHERE owner=?")) {
                ps.setBytes(1, owner);
                ps.executeUpdate();
            }
        } else {
            root.owners().put(key, sha256(blob.array()));
            try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO dirf(owner, entries) VALUES(?,?)")) {
                ps.setBytes(1, owner);
                ps.setBytes(2, blob.array());
                ps.executeUpdate();
            }
        }
        ByteBuffer owners = ByteBuffer.allocate(root.owners().size() * 2 * DIGEST);
        root.owners().forEach((k, v) -> owners.put(HexFormat.of().parseHex(k)).put(v));
        long generation = root.generation() + 1;
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT OR REPLACE INTO dirf_root(tag, generation, owners, mac) VALUES(?,?,?,?)")) {
            ps.setBytes(1, rootTag);
            ps.setLong(2, generation);
            ps.setBytes(3, owners.array());
            ps.setBytes(4, mac(generation, owners.array()));
            ps.executeUpdate();
        }
    }

    /** A directory entry for a row: its name and the digests of its parts. */
    static byte[] entry(byte[] name, long version, byte[] wrappedFek, byte[] meta, byte[] data) {
        return ByteBuffer.allocate(ENTRY).put(name).put(metaDigest(version, wrappedFek, meta)).put(sha256(data)).array();
    }

    static byte[] metaDigest(long version, byte[] wrappedFek, byte[] meta) {
        MessageDigest md = sha();
        md.update(ByteBuffer.allocate(8).putLong(version).array());
        md.update(ByteBuffer.allocate(4).putInt(wrappedFek.length).array());
        md.update(wrappedFek);
        md.update(meta);
        return md.digest();
    }

    /** CORRUPT_OBJECT unless the row's parts are the ones its entry names ({@code data} null: meta only). */
    static void check(byte[] entry, long version, byte[] wrappedFek, byte[] meta, byte[] data) {
        boolean ok = MessageDigest.isEqual(java.util.Arrays.copyOfRange(entry, DIGEST, 2 * DIGEST), metaDigest(version, wrappedFek, meta))
                && (data == null || MessageDigest.isEqual(java.util.Arrays.copyOfRange(entry, 2 * DIGEST, ENTRY), sha256(data)));
        if (!ok) {
            throw Panics.fail(TeeResult.CORRUPT_OBJECT, "the object's row is not the one its directory names (rolled back or swapped)");
        }
    }

    /**
     * Refuses a database older than the counter file (then the whole database was rolled back),
     * and otherwise brings the counter up to the database's generation. No counter file: nothing to check.
     */
    void checkCounter(Path database) throws SQLException {
        if (counterFile == null) {
            return;
        }
        long generation;
        try {
            generation = root().generation();
        } catch (dev.jtee.api.TeeException e) {
            throw new IllegalStateException("refusing the storage database " + database + ": " + e.getMessage());
        }
        long counter = readCounter();
        if (generation < counter) {
            throw new IllegalStateException("refusing the storage database " + database + ": it is at generation " + generation
                    + " but the monotonic counter " + counterFile + " is at " + counter + " (the database was rolled back)");
        }
        counted = counter;
        if (generation > counter || !Files.exists(counterFile)) {
            writeCounter(generation);
        }
    }

    /** After a commit: the counter follows the generation just committed. */
    void committed() throws SQLException {
        if (counterFile != null) {
            long generation = root().generation();
            if (generation > counted) {
                writeCounter(generation);
            }
        }
    }

    private long readCounter() {
        try {
            if (!Files.exists(counterFile)) {
                return 0;
            }
            String text = Files.readString(counterFile, StandardCharsets.US_ASCII).strip();
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("the storage counter " + counterFile + " does not hold a number: \"" + text + "\"");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the storage counter " + counterFile, e);
        }
    }

    /** Written to a temporary file, synced and moved over the counter: a crash leaves the old or the new value. */
    private void writeCounter(long value) {
        Path dir = counterFile.toAbsolutePath().getParent();
        Path tmp = dir.resolve(counterFile.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.writeString(tmp, value + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(tmp, counterFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            counted = value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the storage counter " + counterFile, e);
        }
    }

    private byte[] mac(long generation, byte[] owners) {
        return KeyHierarchy.hmacSha256(rootKey, rootTag, ByteBuffer.allocate(8).putLong(generation).array(), owners);
    }

    private static String hex(byte[] b, int from) {
        return HexFormat.of().formatHex(b, from, from + DIGEST);
    }

    static byte[] sha256(byte[] b) {
        return sha().digest(b);
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
