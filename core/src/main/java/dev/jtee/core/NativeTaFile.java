package dev.jtee.core;

import dev.jtee.api.Login;
import dev.jtee.api.TeeUuid;
import dev.jtee.ta.Identity;
import dev.jtee.ta.TaManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A native TA file ({@code <uuid>.ta}, ta-native/NATIVE-TAS.md §A): an ELF64 shared object for this
 * machine whose {@code .jtee_ta_head} section holds the TA header. Read from the file's section
 * table without loading or running anything; anything else is refused with one line saying why.
 *
 * @param path     the file
 * @param manifest the header as a manifest (name: the file name without {@code .ta})
 * @param abi      13 (GP 1.3) or 11 (GP 1.1 compatibility)
 */
record NativeTaFile(Path path, TaManifest manifest, int abi) {
    static final String SECTION = ".jtee_ta_head";
    static final byte[] MAGIC = {'J', 'T', 'E', 'E', 'T', 'A', 0, 1};
    static final int FORMAT_VERSION = 1;
    /** The fixed part of the header, before the properties. */
    static final int FIXED = 52;
    /** A header larger than this is not one (the section is a few hundred bytes). */
    static final int MAX_HEADER = 1 << 20;
    static final int EM_X86_64 = 62;
    static final int EM_AARCH64 = 183;

    // OP-TEE's USER_TA_PROP_TYPE_*
    static final int BOOL = 0;
    static final int U32 = 1;
    static final int UUID = 2;
    static final int IDENTITY = 3;
    static final int STRING = 4;
    static final int BINARY_BLOCK = 5;
    static final int U64 = 6;

    /** A file that is not a native TA for this machine: the one-line reason. */
    static final class BadTaFile extends Exception {
        BadTaFile(String reason) {
            super(reason);
        }
    }

    /** The ELF machine this JVM runs on, or -1 when native TAs cannot run here. */
    static int hostMachine() {
        return switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> EM_X86_64;
            case "aarch64", "arm64" -> EM_AARCH64;
            default -> -1;
        };
    }

    static String machineName(int machine) {
        return switch (machine) {
            case EM_X86_64 -> "x86-64";
            case EM_AARCH64 -> "AArch64";
            case 40 -> "ARM (32-bit)";
            case 3 -> "x86 (32-bit)";
            case 243 -> "RISC-V";
            default -> "machine " + machine;
        };
    }

    /** This TA under another name (a native TA that replaces a built-in one keeps the built-in's name). */
    NativeTaFile named(String name) {
        TaManifest m = manifest;
        return new NativeTaFile(path, new TaManifest(m.uuid(), name, m.flags(), m.stackSize(), m.dataSize(), m.version(),
                m.description(), m.properties()), abi);
    }

    /** Reads and checks {@code path}. */
    static NativeTaFile read(Path path) throws BadTaFile {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(path, ch);
        } catch (IOException e) {
            throw new BadTaFile("cannot read: " + e.getMessage());
        }
    }

    private static NativeTaFile read(Path path, FileChannel ch) throws IOException, BadTaFile {
        long fileSize = ch.size();
        ByteBuffer eh = readAt(ch, 0, (int) Math.min(64, fileSize));
        if (eh.remaining() < 4 || eh.get(0) != 0x7f || eh.get(1) != 'E' || eh.get(2) != 'L' || eh.get(3) != 'F') {
            throw new BadTaFile("not an ELF file");
        }
        if (eh.remaining() < 64) {
            throw new BadTaFile("truncated ELF header (" + fileSize + " bytes)");
        }
        if (eh.get(4) != 2) {
            throw new BadTaFile("not a 64-bit ELF file (ELF class " + eh.get(4) + ")");
        }
        ByteOrder order = eh.get(5) == 1 ? ByteOrder.LITTLE_ENDIAN : eh.get(5) == 2 ? ByteOrder.BIG_ENDIAN : null;
        if (order != ByteOrder.nativeOrder()) {
            throw new BadTaFile("ELF byte order " + (order == null ? "unknown" : order) + " is not this machine's");
        }
        eh.order(order);
        int type = Short.toUnsignedInt(eh.getShort(16));
        int machine = Short.toUnsignedInt(eh.getShort(18));
        int here = hostMachine();
        if (machine != here) {
            throw new BadTaFile("built for " + machineName(machine) + ", this machine is "
                    + (here < 0 ? System.getProperty("os.arch") : machineName(here)));
        }
        if (type != 3) {
            throw new BadTaFile("not a shared object (ELF type " + type + ")");
        }
        long shoff = eh.getLong(0x28);
        int shentsize = Short.toUnsignedInt(eh.getShort(0x3a));
        int shnum = Short.toUnsignedInt(eh.getShort(0x3c));
        int shstrndx = Short.toUnsignedInt(eh.getShort(0x3e));
        if (shoff <= 0 || shentsize < 64 || shnum == 0 || shstrndx >= shnum
                || shoff > fileSize || (long) shentsize * shnum > fileSize - shoff) {
            throw new BadTaFile("truncated or missing ELF section table");
        }
        ByteBuffer sh = readAt(ch, shoff, shentsize * shnum).order(order);
        long strOff = sh.getLong(shstrndx * shentsize + 0x18);
        long strSize = sh.getLong(shstrndx * shentsize + 0x20);
        if (strOff < 0 || strSize < 0 || strOff > fileSize || strSize > fileSize - strOff || strSize > MAX_HEADER) {
            throw new BadTaFile("truncated ELF section names");
        }
        ByteBuffer names = readAt(ch, strOff, (int) strSize);
        for (int i = 0; i < shnum; i++) {
            int base = i * shentsize;
            int nameAt = sh.getInt(base);
            if (!SECTION.equals(cString(names, nameAt))) {
                continue;
            }
            long off = sh.getLong(base + 0x18);
            long size = sh.getLong(base + 0x20);
            if (off < 0 || size < 0 || off > fileSize || size > fileSize - off) {
                throw new BadTaFile("section " + SECTION + " is truncated (" + size + " bytes at " + off + ", file "
                        + fileSize + " bytes)");
            }
            if (size > MAX_HEADER) {
                throw new BadTaFile("section " + SECTION + " is too large (" + size + " bytes)");
            }
            return parse(path, readAt(ch, off, (int) size).order(order));
        }
        throw new BadTaFile("no " + SECTION + " section (not built with jtee's TA dev kit)");
    }

    /** The header of §A in {@code b} (machine order). */
    static NativeTaFile parse(Path path, ByteBuffer b) throws BadTaFile {
        if (b.remaining() < FIXED) {
            throw new BadTaFile(SECTION + " is " + b.remaining() + " bytes, shorter than its " + FIXED + "-byte header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(i) != MAGIC[i]) {
                throw new BadTaFile(SECTION + " has a bad magic");
            }
        }
        int version = b.getInt(8);
        if (version != FORMAT_VERSION) {
            throw new BadTaFile(SECTION + " format version " + version + ", this jtee reads " + FORMAT_VERSION);
        }
        int length = b.getInt(12);
        if (length < FIXED || length > b.remaining()) {
            throw new BadTaFile(SECTION + " says " + Integer.toUnsignedString(length) + " bytes, the section has "
                    + b.remaining());
        }
        b.position(16);
        TeeUuid uuid = TeeUuid.readStruct(b);
        int flags = b.getInt(32);
        int stack = b.getInt(36);
        int data = b.getInt(40);
        int abi = b.getInt(44);
        if (abi != 13 && abi != 11) {
            throw new BadTaFile("unknown TA ABI " + abi + " (13: GP 1.3, 11: GP 1.1)");
        }
        int count = b.getInt(48);
        ByteBuffer props = b.duplicate().order(b.order()).position(FIXED).limit(length);
        String version11 = null;
        String description = null;
        Map<String, Object> ext = new LinkedHashMap<>();
        for (int i = 0; i < Integer.toUnsignedLong(count); i++) {
            Property p = readProperty(props);
            switch (p.name) {
                case "gpd.ta.description" -> description = p.value.toString();
                case "gpd.ta.version" -> version11 = p.value.toString();
                default -> {
                    if (ext.putIfAbsent(p.name, p.value) != null) {
                        throw new BadTaFile("property " + p.name + " appears twice");
                    }
                }
            }
        }
        String file = path.getFileName().toString();
        String name = file.toLowerCase(Locale.ROOT).endsWith(".ta") ? file.substring(0, file.length() - 3) : file;
        TaManifest m = new TaManifest(uuid, name, flags, stack, data, version11, description, ext);
        return new NativeTaFile(path, m, abi);
    }

    /** One property as §A encodes it. */
    record Property(String name, Object value) {
    }

    static Property readProperty(ByteBuffer b) throws BadTaFile {
        try {
            int type = b.getInt();
            String name = new String(bytes(b), StandardCharsets.UTF_8);
            byte[] v = bytes(b);
            ByteBuffer vb = ByteBuffer.wrap(v).order(b.order());
            Object value = switch (type) {
                case BOOL -> vb.getInt() != 0;
                case U32 -> vb.getInt();
                case U64 -> vb.getLong();
                case UUID -> TeeUuid.readStruct(vb);
                case IDENTITY -> new Identity(Login.of(vb.getInt()), TeeUuid.readStruct(vb));
                case STRING -> new String(v, StandardCharsets.UTF_8);
                case BINARY_BLOCK -> v;
                default -> throw new BadTaFile("property " + name + " has unknown type " + type);
            };
            return new Property(name, value);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new BadTaFile("a property is truncated or malformed (" + e + ")");
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new java.nio.BufferUnderflowException();
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    /** Appends one property to {@code b} as §A encodes it (the CREATE frame's property sets). */
    static void writeProperty(ByteBuffer b, String name, Object value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int type = switch (value) {
            case Boolean x -> BOOL;
            case Integer x -> U32;
            case Long x -> U64;
            case TeeUuid x -> UUID;
            case Identity x -> IDENTITY;
            case byte[] x -> BINARY_BLOCK;
            default -> STRING;
        };
        b.putInt(type).putInt(n.length).put(n);
        switch (value) {
            case Boolean x -> b.putInt(4).putInt(x ? 1 : 0);
            case Integer x -> b.putInt(4).putInt(x);
            case Long x -> b.putInt(8).putLong(x);
            case TeeUuid x -> {
                b.putInt(16);
                x.writeStruct(b);
            }
            case Identity x -> {
                b.putInt(20).putInt(x.login().value());
                x.uuid().writeStruct(b);
            }
            case byte[] x -> b.putInt(x.length).put(x);
            default -> {
                byte[] s = TaProperties.asString(value).getBytes(StandardCharsets.UTF_8);
                b.putInt(s.length).put(s);
            }
        }
    }

    private static ByteBuffer readAt(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                break;
            }
        }
        return b.flip();
    }

    private static String cString(ByteBuffer b, int at) {
        if (at < 0 || at >= b.limit()) {
            return null;
        }
        int end = at;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - at];
        b.get(at, s);
        return new String(s, StandardCharsets.ISO_8859_1);
    }
}
