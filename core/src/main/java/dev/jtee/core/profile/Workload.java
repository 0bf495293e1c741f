package dev.jtee.core.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a profile runs against a fresh TA instance: steps (open a session, invoke a command,
 * close the session), repeated {@link #iterations()} times in a row on the same instance. An
 * invoke before any open opens a session with no parameters; sessions still open at the end are
 * closed (last opened first), so the instance is destroyed and its leaks show.
 *
 * <p>Text form (a workload file), one step per line, {@code #} starts a comment:
 * <pre>
 * open vin:1            # a session; parameters as in {@link Param}
 * invoke 0 min:zeros:64 mout:48 x100   # command 0, run 100 times
 * invoke 1 vinout:16
 * close                 # the session opened last
 * </pre>
 *
 * @param steps      the steps, in order
 * @param iterations how many times the steps run (at least 1)
 */
public record Workload(List<Step> steps, int iterations) {
    public Workload {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a workload needs at least one step");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
    }

    /** One step of a workload. */
    public sealed interface Step {
    }

    /** Opens a session; later invokes go to it until it is closed. */
    public record Open(List<Param> params) implements Step {
        public Open {
            params = checked(params);
        }
    }

    /** Invokes {@code command} {@code repeat} times on the session opened last. */
    public record Invoke(int command, List<Param> params, int repeat) implements Step {
        public Invoke {
            params = checked(params);
            if (repeat < 1) {
                throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
            }
        }
    }

    /** Closes the session opened last. */
    public record Close() implements Step {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One session opened with {@code openParams}, then {@code command} invoked {@code times} times on it with {@code params}. */
    public static Workload of(int command, List<Param> params, List<Param> openParams, int times) {
        return builder().open(openParams.toArray(Param[]::new)).invoke(command, times, params.toArray(Param[]::new)).build();
    }

    /** The total number of calls into the TA (opens, invokes, closes of the steps). */
    public int calls() {
        int n = 0;
        for (Step s : steps) {
            n += s instanceof Invoke i ? i.repeat() : 1;
        }
        return n * iterations;
    }

    /** Parses the text form; IllegalArgumentException names the line. */
    public static Workload parse(String text) {
        Builder b = builder();
        String[] lines = text.split("\\R");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            try {
                switch (words[0]) {
                    case "open" -> b.open(params(words, 1, words.length).toArray(Param[]::new));
                    case "close" -> {
                        if (words.length > 1) {
                            throw new IllegalArgumentException("close takes no arguments");
                        }
                        b.close();
                    }
                    case "invoke" -> {
                        if (words.length < 2) {
                            throw new IllegalArgumentException("invoke needs a command id");
                        }
                        int end = words.length;
                        int repeat = 1;
                        if (end > 2 && words[end - 1].matches("x\\d+")) {
                            repeat = Integer.parseInt(words[end - 1].substring(1));
                            end--;
                        }
                        b.invoke(command(words[1]), repeat, params(words, 2, end).toArray(Param[]::new));
                    }
                    case "iterations" -> {
                        if (words.length != 2) {
                            throw new IllegalArgumentException("iterations N");
                        }
                        b.iterations(Integer.parseInt(words[1]));
                    }
                    default -> throw new IllegalArgumentException("unknown step '" + words[0] + "' (open, invoke, close, iterations)");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("workload line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    public static Workload read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** The text form (parses back to an equal workload, data shortened past 16 bytes). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        if (iterations > 1) {
            sb.append("iterations ").append(iterations).append('\n');
        }
        for (Step s : steps) {
            switch (s) {
                case Open o -> sb.append("open").append(paramsText(o.params()));
                case Invoke i -> sb.append("invoke ").append(i.command()).append(paramsText(i.params()))
                        .append(i.repeat() > 1 ? " x" + i.repeat() : "");
                case Close c -> sb.append("close");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String paramsText(List<Param> ps) {
        StringBuilder sb = new StringBuilder();
        for (Param p : ps) {
            sb.append(' ').append(Param.text(p));
        }
        return sb.toString();
    }

    private static List<Param> params(String[] words, int from, int to) {
        List<Param> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(Param.parse(words[i]));
        }
        return out;
    }

    private static int command(String s) {
        try {
            long v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a command id: " + s, e);
        }
    }

    private static List<Param> checked(List<Param> params) {
        List<Param> p = List.copyOf(params);
        if (p.size() > 4) {
            throw new IllegalArgumentException("at most 4 parameters, got " + p.size());
        }
        return p;
    }

    /** Builds a workload step by step. */
    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();
        private int iterations = 1;

        private Builder() {
        }

        public Builder open(Param... params) {
            steps.add(new Open(List.of(params)));
            return this;
        }

        public Builder invoke(int command, Param... params) {
            return invoke(command, 1, params);
        }

        public Builder invoke(int command, int repeat, Param... params) {
            steps.add(new Invoke(command, List.of(params), repeat));
            return this;
        }

        public Builder close() {
            steps.add(new Close());
            return this;
        }

        public Builder iterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        public Workload build() {
            return new Workload(steps, iterations);
        }
    }
}
