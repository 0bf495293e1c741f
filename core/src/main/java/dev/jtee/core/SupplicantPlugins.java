package dev.jtee.core;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * tee-supplicant's plugins, which TAs reach with {@code tee_invoke_supp_plugin} (the system
 * pseudo-TA's SUPP_PLUGIN_INVOKE): shared libraries in one directory, each exporting a
 * {@code struct plugin_method} (optee_client's {@code tee_plugin_method.h}: a name, a
 * {@code TEEC_UUID}, {@code init} and {@code invoke}). As tee-supplicant, the world loads every
 * file of the directory at start, calls each plugin's {@code init} once, and serves an invoke by
 * UUID; an unknown UUID is TEEC_ERROR_ITEM_NOT_FOUND. Plugins are the machine owner's code and run
 * in the world's process, as they run in tee-supplicant's: one that crashes takes it down.
 */
final class SupplicantPlugins {
    /** {@code struct plugin_method}: name pointer, TEEC_UUID (16 bytes), init and invoke pointers. */
    private static final long UUID_OFFSET = 8;
    private static final long INIT_OFFSET = 24;
    private static final long INVOKE_OFFSET = 32;
    private static final long METHOD_SIZE = 40;
    private static final FunctionDescriptor INIT = FunctionDescriptor.of(ValueLayout.JAVA_INT);
    /** {@code TEEC_Result invoke(unsigned cmd, unsigned sub_cmd, void *data, size_t in_len, size_t *out_len)}. */
    private static final FunctionDescriptor INVOKE = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);

    static final SupplicantPlugins NONE = new SupplicantPlugins(Map.of());

    /** One loaded plugin; calls to it are serialised (a plugin need not be thread-safe). */
    private record Plugin(String name, MethodHandle invoke) {
    }

    private final Map<TeeUuid, Plugin> byUuid;

    private SupplicantPlugins(Map<TeeUuid, Plugin> byUuid) {
        this.byUuid = byUuid;
    }

    /**
     * Loads every regular file of {@code dir} (a missing directory: no plugins, as tee-supplicant).
     * A file that is no plugin, or whose {@code init} fails, is skipped with one line on
     * {@code console}; two plugins with one UUID: the first (by file name) serves it.
     */
    static SupplicantPlugins load(Path dir, Consumer<String> console) {
        if (dir == null || !Files.isDirectory(dir)) {
            return NONE;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            console.accept("supplicant plugins: cannot list " + dir + ": " + e.getMessage());
            return NONE;
        }
        Linker linker = Linker.nativeLinker();
        Map<TeeUuid, Plugin> plugins = new HashMap<>();
        for (Path file : files) {
            try {
                // loaded for the world's lifetime, as tee-supplicant never unloads a plugin
                SymbolLookup lib = SymbolLookup.libraryLookup(file, Arena.global());
                MemorySegment method = lib.find("plugin_method")
                        .orElseThrow(() -> new IllegalArgumentException("no plugin_method symbol"))
                        .reinterpret(METHOD_SIZE);
                TeeUuid uuid = teeUuid(method.asSlice(UUID_OFFSET, 16));
                MemorySegment namePtr = method.get(ValueLayout.ADDRESS, 0);
                String name = namePtr.equals(MemorySegment.NULL) ? file.getFileName().toString()
                        : namePtr.reinterpret(256).getString(0);
                MemorySegment init = method.get(ValueLayout.ADDRESS, INIT_OFFSET);
                MemorySegment invoke = method.get(ValueLayout.ADDRESS, INVOKE_OFFSET);
                if (invoke.equals(MemorySegment.NULL)) {
                    throw new IllegalArgumentException("plugin_method has no invoke");
                }
                if (!init.equals(MemorySegment.NULL)) {
                    int r = (int) linker.downcallHandle(init, INIT).invokeExact();
                    if (r != 0) {
                        throw new IllegalArgumentException("init returned " + TeeResult.of(r));
                    }
                }
                if (plugins.putIfAbsent(uuid, new Plugin(name, linker.downcallHandle(invoke, INVOKE))) == null) {
                    console.accept("supplicant plugin '" + name + "' " + uuid + " loaded from " + file);
                } else {
                    console.accept("supplicant plugins: " + file + " has UUID " + uuid + " of a plugin loaded already; skipped");
                }
            } catch (Throwable e) { // a bad file is one line, not the world's failure
                console.accept("supplicant plugins: " + file + " skipped: " + e.getMessage());
            }
        }
        return new SupplicantPlugins(Map.copyOf(plugins));
    }

    /** A {@code TEEC_UUID}/{@code TEE_UUID} as the C struct lays it out in this machine's byte order. */
    static TeeUuid teeUuid(MemorySegment s) {
        ValueLayout.OfInt u32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
        ValueLayout.OfShort u16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
        long msb = (Integer.toUnsignedLong(s.get(u32, 0)) << 32) | (Short.toUnsignedLong(s.get(u16, 4)) << 16)
                | Short.toUnsignedLong(s.get(u16, 6));
        long lsb = s.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 8);
        return new TeeUuid(msb, lsb);
    }

    int size() {
        return byUuid.size();
    }

    /**
     * Invokes the plugin {@code uuid} with {@code len} bytes of {@code data} at {@code offset} (in
     * and out); the plugin's result, or ITEM_NOT_FOUND. {@code outLen[0]} gets the length the
     * plugin reports and at most {@code len} bytes of its answer are copied back, as OP-TEE does.
     */
    int invoke(TeeUuid uuid, int cmd, int subCmd, byte[] data, int offset, int len, long[] outLen) {
        Plugin p = byUuid.get(uuid);
        if (p == null) {
            return TeeResult.ITEM_NOT_FOUND.code();
        }
        synchronized (p) {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment buf = len == 0 ? MemorySegment.NULL : call.allocate(len);
                if (len != 0) {
                    MemorySegment.copy(data, offset, buf, ValueLayout.JAVA_BYTE, 0, len);
                }
                MemorySegment out = call.allocate(ValueLayout.JAVA_LONG);
                int r = (int) p.invoke.invokeExact(cmd, subCmd, buf, (long) len, out);
                long n = out.get(ValueLayout.JAVA_LONG, 0);
                outLen[0] = n;
                if (len != 0 && n != 0) {
                    MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, data, offset, (int) Math.min(n, len));
                }
                return r;
            } catch (Throwable e) {
                throw new IllegalStateException("supplicant plugin '" + p.name + "' failed: " + e, e);
            }
        }
    }
}
