package dev.jtee.core;

import dev.jtee.api.TeeResult;
import dev.jtee.ta.TeeApi;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Objects;

/**
 * The console report of a dead instance, in OP-TEE's format: the TA's own message if any, the
 * core's {@code TA panicked with code 0x…} or {@code User mode data-abort at address 0x… (…)}, then
 * ldelf's state dump ({@code Status of TA}, arch, regions, loaded ELFs, {@code Call stack:}). The
 * call stack lists the Java frames of TA code only, each at a made-up but stable address inside
 * the code region. Built on the dying instance's thread, before its parameters are unmapped.
 */
final class AbortDump {
    /** More frames than this (a deep recursion) are summarised in one line. */
    static final int MAX_FRAMES = 32;

    private static final String[] JDK_PACKAGES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};
    private static final String[] JTEE_PACKAGES = {"dev.jtee.core.", "dev.jtee.ta.", "dev.jtee.api."};
    private static final Set<URL> JTEE_CODE = jteeCode();

    private AbortDump() {
    }

    private static Set<URL> jteeCode() {
        Set<URL> code = new HashSet<>();
        for (String c : List.of(SecureWorld.class.getName(), TeeApi.class.getName(), TeeResult.class.getName())) {
            URL u = location(c);
            if (u != null) {
                code.add(u);
            }
        }
        return code;
    }

    /** The lines (with their console prefixes) for {@code failure} in {@code instance}. */
    static List<String> lines(Instance instance, Throwable failure, String reason, int code) {
        List<String> out = new ArrayList<>();
        if (failure instanceof StackOverflowError) {
            // OP-TEE's stack protector says "stack smashing detected"; a Java TA's stack overflows instead
            out.add(Console.TA + "stack overflow detected");
        } else if (!(failure instanceof TaPanic) && !(failure instanceof DataAbort)) {
            out.add(Console.TA + "TA code threw " + failure);
        }
        if (reason != null) {
            out.add(Console.TA + reason);
        }
        out.add(Console.TC);
        if (failure instanceof DataAbort a) {
            out.add(Console.TC + String.format("User mode data-abort at address 0x%08x (%s)", a.address, faultText(a)));
        } else {
            out.add(Console.TC + String.format("TA panicked with code 0x%08x", code));
        }
        out.add(Console.LD + "Status of TA " + instance.uuid);
        out.add(Console.LD + " arch: aarch64");
        TaMemory m = instance.memory;
        if (m != null) {
            for (String r : m.dumpRegionLines()) {
                out.add(Console.LD + r);
            }
            out.add(Console.LD + String.format(" [0] %s @ 0x%08x", instance.uuid, m.codeVa()));
        }
        long codeVa = m == null ? 0 : m.codeVa();
        List<String> frames = new ArrayList<>();
        for (StackTraceElement e : failure.getStackTrace()) {
            String cls = e.getClassName();
            if (Instance.class.getName().equals(cls) || JavaRuntime.class.getName().equals(cls)) {
                break; // the world's dispatcher: below it nothing is TA code
            }
            if (isTaFrame(e)) {
                frames.add(String.format("0x%08x %s", fakeAddress(codeVa, e), frame(e)));
            }
        }
        callStack(out, frames, failure instanceof StackOverflowError ? " (the stack trace is cut at the JVM's trace depth)" : "");
        return out;
    }

    /**
     * The {@code Call stack:} lines of {@code frames}, innermost first: a run of one frame (a deep
     * recursion) in one line that says how deep, at most {@link #MAX_FRAMES} lines of frames.
     * {@code cutNote} ends the line of a run that reaches the end of the frames.
     */
    private static void callStack(List<String> out, List<String> frames, String cutNote) {
        out.add(Console.LD + "Call stack:");
        int shown = 0;
        int hidden = 0;
        int repeats = 0;
        String previous = null;
        for (String f : frames) {
            if (f.equals(previous)) {
                repeats++;
                continue;
            }
            if (repeats > 0) {
                out.add(Console.LD + " ... previous frame repeated " + repeats + " more times");
                repeats = 0;
            }
            previous = f;
            if (shown < MAX_FRAMES) {
                out.add(Console.LD + " " + f);
                shown++;
            } else {
                hidden++;
            }
        }
        if (repeats > 0) {
            out.add(Console.LD + " ... previous frame repeated " + repeats + " more times" + cutNote);
        }
        if (hidden > 0) {
            out.add(Console.LD + " ... " + hidden + " more frames");
        }
    }

    /**
     * The dump of a native TA's fault as its TA host reported it: kind 1 TEE_Panic, 2 a smashed
     * stack canary, 3 a data abort at {@code address}; the process's real regions and its
     * symbolised frames ({@code 0x… symbol+0xoff}); its modules ({@code <uuid> <file>}, the TA first, then
     * its shared libraries), each region tagged with its module's index as ldelf tags an ELF's.
     */
    static List<String> nativeLines(Instance instance, int kind, int code, long address, List<MemoryRegion> regions,
                                    List<String> frames, List<String> modules) {
        List<String> out = new ArrayList<>();
        if (kind == NativeRuntime.FAULT_STACK_SMASHING) {
            out.add(Console.TA + "stack smashing detected");
        }
        out.add(Console.TC);
        if (kind == NativeRuntime.FAULT_DATA_ABORT) {
            out.add(Console.TC + String.format("User mode data-abort at address 0x%08x", address));
        } else {
            out.add(Console.TC + String.format("TA panicked with code 0x%08x", code));
        }
        out.add(Console.LD + "Status of TA " + instance.uuid);
        out.add(Console.LD + " arch: " + NativeRuntime.arch());
        for (int i = 0; i < regions.size(); i++) {
            out.add(Console.LD + regions.get(i).dumpLine(i));
        }
        if (modules.isEmpty()) {
            out.add(Console.LD + " [0] " + instance.uuid + " " + instance.ta.nativeTa.path().getFileName());
        }
        for (int i = 0; i < modules.size(); i++) {
            out.add(Console.LD + " [" + i + "] " + modules.get(i));
        }
        callStack(out, frames, "");
        return out;
    }

    static String faultText(DataAbort a) {
        if (a.kind == DataAbort.Kind.PERMISSION_FAULT) {
            return a.write ? "write permission fault" : "read permission fault";
        }
        return a.kind.text;
    }

    /** {@code Class.method(File.java:42)} with the class's simple binary name. */
    private static String frame(StackTraceElement e) {
        String cls = e.getClassName();
        cls = cls.substring(cls.lastIndexOf('.') + 1);
        String file = e.getFileName() == null ? "Unknown Source" : e.getFileName();
        return e.getLineNumber() >= 0 ? cls + "." + e.getMethodName() + "(" + file + ":" + e.getLineNumber() + ")"
                : cls + "." + e.getMethodName() + "(" + file + ")";
    }

    private static long fakeAddress(long codeVa, StackTraceElement e) {
        int h = Objects.hash(e.getClassName(), e.getMethodName(), e.getLineNumber());
        long slots = (Instance.CODE_SIZE - 0x2000) / 4;
        return codeVa + 0x1000 + 4 * Math.floorMod(h, slots);
    }

    /**
     * Whether a frame is the TA's own code: not the JDK's, not jtee's (core, TA SDK, API). Judged by
     * package first, because a shaded jar holds the TAs and jtee side by side; a class in one of
     * jtee's packages still counts as TA code when it was not loaded from where jtee's classes were
     * (a test TA beside the world's classes).
     */
    private static boolean isTaFrame(StackTraceElement e) {
        String name = e.getClassName();
        for (String prefix : JDK_PACKAGES) {
            if (name.startsWith(prefix)) {
                return false;
            }
        }
        for (String prefix : JTEE_PACKAGES) {
            if (name.startsWith(prefix)) {
                return !JTEE_CODE.contains(location(name));
            }
        }
        return true;
    }

    private static URL location(String className) {
        try {
            CodeSource cs = Class.forName(className, false, AbortDump.class.getClassLoader()).getProtectionDomain().getCodeSource();
            return cs == null ? null : cs.getLocation();
        } catch (ClassNotFoundException | LinkageError | SecurityException hiddenOrForeign) {
            return null; // a lambda's hidden class, or a class of another loader: not jtee's
        }
    }
}
