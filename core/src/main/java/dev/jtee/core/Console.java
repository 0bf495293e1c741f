package dev.jtee.core;

import java.util.List;
import java.util.function.Consumer;

/**
 * The secure console: OP-TEE-style lines to a consumer. Multi-line dumps go out in one piece so
 * that concurrent panics do not interleave. Thread-safe; a failing consumer is ignored.
 */
final class Console {
    /** The TEE core's error prefix ({@code EMSG} / {@code EMSG_RAW} from core, thread unknown). */
    static final String TC = "E/TC:? 0 ";
    /** The core's warning prefix. */
    static final String WARN = "W/TC:? 0 ";
    /** The core's info prefix. */
    static final String INFO = "I/TC: ";
    /** ldelf's error prefix: the TA state dump comes from ldelf. */
    static final String LD = "E/LD:  ";
    /** A user TA's own error prefix (libutee traces, e.g. the stack protector's message). */
    static final String TA = "E/TA:  ";

    private final Consumer<String> sink;

    Console(Consumer<String> sink) {
        this.sink = sink;
    }

    synchronized void line(String line) {
        try {
            sink.accept(line);
        } catch (RuntimeException ignored) {
            // the console must never take the world down
        }
    }

    synchronized void lines(List<String> lines) {
        for (String l : lines) {
            line(l);
        }
    }
}
