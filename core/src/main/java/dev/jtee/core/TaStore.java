package dev.jtee.core;

import dev.jtee.api.TeeUuid;
import dev.jtee.ta.Identity;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TrustedApplication;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The TAs a world can open: found on the class path, given directly, or in a directory of jars,
 * each validated like OP-TEE's loader validates a TA header. A bad TA is refused with one clear
 * line and never stops the world; its UUID then opens as ITEM_NOT_FOUND like an unknown one.
 * Filled while the world is built, read-only afterwards.
 */
final class TaStore implements AutoCloseable {
    /** Below this a TA_DATA_SIZE cannot hold libutee's own allocations (reference §2: ≥ 1024). */
    static final int MIN_DATA_SIZE = 1024;
    static final int MAX_STACK_SIZE = 16 << 20;
    static final int MAX_DATA_SIZE = 1 << 30;
    /** OP-TEE's TA_FLAGS_MASK: bits 0–13; anything else is BAD_FORMAT. */
    static final int FLAGS_MASK = (1 << 14) - 1;

    /** One loadable TA and how to make a fresh object of it for each instance. */
    static final class Entry {
        final TaManifest manifest;
        final String source;
        final ClassLoader loader;
        /** The class of the TA's objects (as first loaded, not instrumented). */
        final Class<? extends TrustedApplication> type;
        private final Supplier<? extends TrustedApplication> factory;
        /** The object made to read the manifest; used for the first instance, so that each instance costs one construction. */
        private final AtomicReference<TrustedApplication> probe;
        /** A native TA's file and header, else null. */
        final NativeTaFile nativeTa;

        Entry(TaManifest manifest, String source, ClassLoader loader, Supplier<? extends TrustedApplication> factory,
              TrustedApplication probe) {
            this(manifest, source, loader, factory, probe, probe.getClass());
        }

        Entry(TaManifest manifest, String source, ClassLoader loader, Supplier<? extends TrustedApplication> factory,
              TrustedApplication probe, Class<? extends TrustedApplication> type) {
            this.manifest = manifest;
            this.source = source;
            this.loader = loader;
            this.type = type;
            this.factory = factory;
            this.probe = new AtomicReference<>(probe);
            this.nativeTa = null;
        }

        /** A native TA: run by a TA host process, no Java class behind it. */
        Entry(NativeTaFile file, String source) {
            this.manifest = file.manifest();
            this.source = source;
            this.loader = TaStore.class.getClassLoader();
            this.type = null;
            this.factory = null;
            this.probe = new AtomicReference<>();
            this.nativeTa = file;
        }

        boolean isNative() {
            return nativeTa != null;
        }

        TrustedApplication newApplication() {
            if (factory == null) {
                throw new IllegalStateException(this + " is a native TA");
            }
            TrustedApplication p = probe.getAndSet(null);
            return p != null ? p : factory.get();
        }

        @Override
        public String toString() {
            return manifest.name() + " (" + manifest.uuid() + ")";
        }
    }

    private final Map<TeeUuid, Entry> byUuid = new LinkedHashMap<>();
    private final List<String> refused = new ArrayList<>();
    private final List<URLClassLoader> jarLoaders = new ArrayList<>();
    private final Consumer<String> log;

    /** Strict stacks: every TA is made from its classes loaded again, instrumented for the StackMeter. */
    private final boolean instrument;

    TaStore(Consumer<String> log) {
        this(log, false);
    }

    TaStore(Consumer<String> log, boolean instrument) {
        this.log = log;
        this.instrument = instrument;
    }

    Entry get(TeeUuid uuid) {
        return uuid == null ? null : byUuid.get(uuid);
    }

    List<TaManifest> manifests() {
        List<TaManifest> out = new ArrayList<>(byUuid.size());
        for (Entry e : byUuid.values()) {
            out.add(e.manifest);
        }
        return List.copyOf(out);
    }

    List<String> refused() {
        return List.copyOf(refused);
    }

    /** By UUID text, else by exact name, else by name ignoring case. */
    Entry find(String nameOrUuid) {
        if (nameOrUuid == null) {
            return null;
        }
        try {
            return byUuid.get(TeeUuid.parse(nameOrUuid.trim()));
        } catch (IllegalArgumentException notAUuid) {
            // a name then
        }
        for (Entry e : byUuid.values()) {
            if (e.manifest.name().equals(nameOrUuid)) {
                return e;
            }
        }
        for (Entry e : byUuid.values()) {
            if (e.manifest.name().equalsIgnoreCase(nameOrUuid)) {
                return e;
            }
        }
        return null;
    }

    // ---- loading

    void addClasspath(ClassLoader loader) {
        addServices("classpath", loader, null);
    }

    void addSupplier(Supplier<? extends TrustedApplication> supplier) {
        TrustedApplication probe;
        try {
            probe = supplier.get();
        } catch (Throwable t) {
            refuse("supplier " + supplier.getClass().getName() + ": constructor failed: " + describe(t));
            return;
        }
        if (probe == null) {
            refuse("supplier " + supplier.getClass().getName() + ": returned null");
            return;
        }
        ClassLoader loader = probe.getClass().getClassLoader();
        add("supplier", probe.getClass().getName(), loader, supplier, probe);
    }

    /**
     * Every {@code *.jar} in {@code dir}, each in a class loader of its own, and every native TA
     * ({@code *.ta}) there.
     */
    void addDirectory(Path dir, ClassLoader parent) {
        if (!Files.isDirectory(dir)) {
            log.accept(Console.TC + "TA directory " + dir + " is not a directory; no TA loaded from it");
            return;
        }
        List<Path> jars;
        try (Stream<Path> s = Files.list(dir)) {
            jars = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            log.accept(Console.TC + "Cannot list TA directory " + dir + ": " + e);
            return;
        }
        addNativeTas(dir);
        for (Path jar : jars) {
            String source = "jar " + jar.getFileName();
            URLClassLoader loader;
            try (java.util.jar.JarFile check = new java.util.jar.JarFile(jar.toFile())) {
                check.getManifest(); // a jar that cannot be read is refused here, not silently skipped
                loader = new URLClassLoader("jtee-ta:" + jar.getFileName(), new java.net.URL[] {jar.toUri().toURL()}, parent);
            } catch (IOException e) {
                refuse(source + ": cannot open: " + e);
                continue;
            }
            jarLoaders.add(loader);
            int before = byUuid.size() + refused.size();
            addServices(source, loader, loader);
            if (byUuid.size() + refused.size() == before) {
                log.accept(Console.TC + "No TA found in " + jar + " (no META-INF/services/" + TrustedApplication.class.getName() + ")");
            }
        }
    }

    /** One native TA, given directly (a profile's world). */
    void addNative(NativeTaFile ta) {
        byUuid.put(ta.manifest().uuid(), new Entry(ta, "native " + ta.path()));
    }

    /**
     * The {@code *.ta} files of {@code dir}: each read from its header, refused with one line if it
     * is not a native TA for this machine. A native TA with the UUID of a built-in TA (not from a
     * directory) replaces it, so that a user's build of an optee_examples TA is the one that runs.
     */
    private void addNativeTas(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ta") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return; // the jar listing reports it
        }
        for (Path file : files) {
            String source = "native " + file;
            NativeTaFile ta;
            try {
                ta = NativeTaFile.read(file);
            } catch (NativeTaFile.BadTaFile e) {
                refuse(source + ": " + e.getMessage());
                continue;
            }
            TaManifest m = ta.manifest();
            String who = source + " (" + m.uuid() + ")";
            String problem = validate(m);
            if (problem != null) {
                refuse(who + ": " + problem);
                continue;
            }
            Entry existing = byUuid.get(m.uuid());
            if (existing != null && (existing.source.startsWith("jar ") || existing.source.startsWith("native "))) {
                refuse(who + ": duplicate UUID, already loaded from " + existing.source + " as " + existing.manifest.name());
                continue;
            }
            if (existing != null) {
                log.accept(Console.INFO + "Native TA " + file + " replaces the built-in TA " + existing.manifest.name()
                        + " (" + m.uuid() + ")");
                ta = ta.named(existing.manifest.name()); // found by the name users know it by
            }
            byUuid.put(m.uuid(), new Entry(ta, source));
        }
    }

    /**
     * The providers ServiceLoader finds through {@code loader}; with {@code only} set, just those
     * whose class that loader defined (a jar's loader also sees its parent's providers).
     */
    private void addServices(String source, ClassLoader loader, ClassLoader only) {
        Iterator<ServiceLoader.Provider<TrustedApplication>> it;
        try {
            it = ServiceLoader.load(TrustedApplication.class, loader).stream().iterator();
        } catch (ServiceConfigurationError e) {
            refuse(source + ": " + describe(e));
            return;
        }
        int errors = 0;
        while (errors < 1000) {
            ServiceLoader.Provider<TrustedApplication> p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                errors++;
                refuse(source + ": " + describe(e));
                continue;
            }
            Class<? extends TrustedApplication> type;
            try {
                type = p.type();
            } catch (Throwable t) {
                refuse(source + ": " + describe(t));
                continue;
            }
            if (only != null && type.getClassLoader() != only) {
                continue;
            }
            TrustedApplication probe;
            try {
                probe = p.get();
            } catch (Throwable t) {
                refuse(source + ": " + type.getName() + ": constructor failed: " + describe(t));
                continue;
            }
            add(source, type.getName(), type.getClassLoader(), p::get, probe);
        }
    }

    private void add(String source, String className, ClassLoader loader, Supplier<? extends TrustedApplication> factory,
                     TrustedApplication probe) {
        TaManifest m;
        try {
            m = probe.manifest();
        } catch (Throwable t) {
            refuse(source + ": " + className + ": manifest() failed: " + describe(t));
            return;
        }
        if (m == null) {
            refuse(source + ": " + className + ": no manifest (manifest() returned null)");
            return;
        }
        String who = source + ": " + className + " " + m.name() + " (" + m.uuid() + ")";
        String problem = validate(m);
        if (problem != null) {
            refuse(who + ": " + problem);
            return;
        }
        Entry existing = byUuid.get(m.uuid());
        if (existing != null) {
            refuse(who + ": duplicate UUID, already loaded from " + existing.source + " as " + existing.manifest.name());
            return;
        }
        Entry e = new Entry(m, source, loader, factory, probe);
        if (instrument) {
            try {
                Supplier<TrustedApplication> metered = StackInstrumenter.factory(e.type);
                e = new Entry(m, source, loader, metered, metered.get(), e.type);
            } catch (RuntimeException | LinkageError t) {
                refuse(who + ": cannot meter its stack: " + describe(t));
                return;
            }
        }
        byUuid.put(m.uuid(), e);
    }

    /** Why OP-TEE would not load a TA with this header, or null when it is fine. */
    static String validate(TaManifest m) {
        if (m.name().isBlank()) {
            return "the name is blank";
        }
        if ((m.flags() & ~FLAGS_MASK) != 0) {
            return String.format("unknown TA flags 0x%x (TEE_ERROR_BAD_FORMAT)", m.flags() & ~FLAGS_MASK);
        }
        if ((m.flags() & TaFlags.CONCURRENT) != 0) {
            return "TA_FLAG_CONCURRENT is for pseudo-TAs only (TEE_ERROR_BAD_FORMAT)";
        }
        if (m.stackSize() <= 0) {
            return "TA_STACK_SIZE " + m.stackSize() + " is not positive";
        }
        if (m.stackSize() > MAX_STACK_SIZE) {
            return "TA_STACK_SIZE " + m.stackSize() + " exceeds the maximum of " + MAX_STACK_SIZE + " bytes";
        }
        if (m.dataSize() < MIN_DATA_SIZE) {
            return "TA_DATA_SIZE " + m.dataSize() + " is below the minimum of " + MIN_DATA_SIZE + " bytes";
        }
        if (m.dataSize() > MAX_DATA_SIZE) {
            return "TA_DATA_SIZE " + m.dataSize() + " exceeds the maximum of " + MAX_DATA_SIZE + " bytes";
        }
        for (Map.Entry<String, Object> p : m.properties().entrySet()) {
            String name = p.getKey();
            Object v = p.getValue();
            if (name == null || name.isBlank()) {
                return "a property has a blank name";
            }
            if (name.startsWith("gpd.")) {
                return "property " + name + " is reserved (gpd.* properties come from the manifest)";
            }
            if (!(v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                    || v instanceof byte[] || v instanceof TeeUuid || v instanceof Identity)) {
                return "property " + name + " has an unsupported type " + (v == null ? "null" : v.getClass().getName());
            }
        }
        return null;
    }

    private void refuse(String line) {
        refused.add(line);
        log.accept(Console.TC + "Refusing TA: " + line);
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? t.toString() : t.getMessage() + " (" + root + ")";
    }

    @Override
    public void close() {
        for (URLClassLoader l : jarLoaders) {
            try {
                l.close();
            } catch (IOException ignored) {
                // nothing else to release
            }
        }
    }
}
