package dev.jtee.cli;

import dev.jtee.core.SecureWorld;
import dev.jtee.core.TaProfiler;
import dev.jtee.core.profile.Param;
import dev.jtee.core.profile.TaProfile;
import dev.jtee.core.profile.Workload;
import dev.jtee.ta.TrustedApplication;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jtee ta profile <ta>}: how much stack and heap a TA needs for a workload, measured on
 * fresh instances ({@link TaProfiler}), against its declared sizes. Exit code 0 when every call
 * returned TEE_SUCCESS and the declared sizes hold the workload, 1 when not.
 */
@Command(name = "profile", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = {
        "Measure the stack and heap a TA needs for a workload, on fresh instances, and compare with its declared sizes.",
        "Stack sizes are in the modelled C stack of the TA's code (16-byte frame record + 4 bytes per local slot);"
                + " the stack need is found by bisection over fresh instances with smaller and smaller stacks.",
        "Parameters: none, vin:A[,B], vout, vinout:A[,B], min:DATA, mout:SIZE, minout:DATA"
                + " (DATA = hex, zeros:N or text:...). Exit code 1 when a call does not return TEE_SUCCESS or a declared size is below the need."})
final class TaProfileCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<ta>", description = "TA name, UUID, or the class name of a TA on the class path.")
    String ta;

    @Option(names = "--command", paramLabel = "N", description = "The command to invoke (with --value/--in/--out or --param).")
    String command;

    @Option(names = "--value", paramLabel = "A[,B]", description = "A VALUE_INOUT parameter, as in every jtee command (vin:A[,B] for VALUE_INPUT).")
    List<String> values = new ArrayList<>();

    @Option(names = "--in", paramLabel = "DATA", description = "A MEMREF_INPUT parameter: hex bytes, zeros:N or text:...")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "SIZE", description = "A MEMREF_OUTPUT parameter of SIZE bytes.", converter = CliArgs.Size.class)
    List<Integer> outputs = new ArrayList<>();

    @Option(names = {"-p", "--param"}, paramLabel = "P", description = "A typed parameter, in slot order (instead of --value/--in/--out).")
    List<String> params = new ArrayList<>();

    @Option(names = "--open", paramLabel = "P", description = "A typed parameter of the session's open (e.g. vin:1 for the seed's static mode).")
    List<String> openParams = new ArrayList<>();

    @Option(names = "--workload", paramLabel = "FILE", description = "A workload file: lines 'open P…', 'invoke N P… [xK]', 'close', 'iterations K'.",
            converter = CliArgs.ReadableFile.class)
    Path workloadFile;

    @Option(names = "--iterations", paramLabel = "K", description = "With --command: invoke it K times on one session (default 10). With --workload: run the file's steps K times in a row (default: the file's 'iterations').",
            converter = CliArgs.Positive.class)
    Integer iterations;

    @Option(names = "--margin", paramLabel = "PCT", defaultValue = "25", description = "Safety margin of the recommendations, percent (default ${DEFAULT-VALUE}).")
    double marginPercent;

    @Option(names = "--max-stack", paramLabel = "BYTES", description = "The largest stack probed (default 1 MiB).", converter = CliArgs.Size.class)
    Integer maxStack;

    @Option(names = "--json", description = "Print the profile as JSON: verdict, calls, failed calls, problems, stack and heap numbers.")
    boolean json;

    @Mixin
    WorldOptions world;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Workload workload = workload();
        if (!(marginPercent >= 0 && marginPercent <= 1000)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--margin is a percentage from 0 to 1000, got " + marginPercent);
        }
        PrintStream out = System.out;
        try (SecureWorld w = world.start(System.err::println)) {
            TaProfiler profiler = profiler(w);
            profiler.workload(workload);
            try {
                profiler.margin(marginPercent / 100);
                if (maxStack != null) {
                    profiler.maxStack(maxStack);
                }
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (!json) {
                out.println("workload:");
                for (String line : workload.text().split("\n")) {
                    out.println("  " + line);
                }
            }
            TaProfile p = profiler.profile();
            boolean ok = p.problems().isEmpty() && p.callsSucceeded();
            if (json) {
                JsonOut.print(out, json(p, ok));
            } else {
                out.print(p.report());
            }
            return ok ? 0 : CliErrors.FAILURE;
        }
    }

    private static Map<String, Object> json(TaProfile p, boolean ok) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ta", p.ta());
        m.put("uuid", p.uuid().toString());
        m.put("verdict", ok ? "OK" : !p.callsSucceeded() ? "CALLS_FAILED" : "TOO_SMALL");
        m.put("workload", p.workload().text());
        m.put("calls", p.calls());
        m.put("failedCalls", p.failedCalls());
        m.put("problems", p.problems());
        Map<String, Object> stack = new LinkedHashMap<>();
        stack.put("declared", p.stack().declared());
        stack.put("needed", p.stack().bounded() ? p.stack().needed() : null);
        stack.put("recommended", p.stack().bounded() ? p.stack().recommended() : null);
        stack.put("deepestFrames", p.stack().deepestFrames());
        m.put("stack", stack);
        Map<String, Object> heap = new LinkedHashMap<>();
        heap.put("declared", p.heap().declared());
        heap.put("needed", p.heap().needed());
        heap.put("recommended", p.heap().recommended());
        heap.put("peakUsed", p.heap().peakUsed());
        heap.put("leakedBlocks", p.heap().leaks().size());
        heap.put("leakedBytes", p.heap().leakedBytes());
        m.put("heap", heap);
        m.put("deaths", p.deaths());
        m.put("runs", p.runs());
        return m;
    }

    private TaProfiler profiler(SecureWorld w) {
        if (w.findTa(ta).isPresent()) {
            return TaProfiler.of(w, ta);
        }
        // not a TA the world loaded: a TA class on the class path, profiled directly
        Class<?> c;
        try {
            c = Class.forName(ta, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no TA named or with UUID '" + ta + "' (and no such class)");
        }
        if (!TrustedApplication.class.isAssignableFrom(c)) {
            throw new CommandLine.ParameterException(spec.commandLine(), ta + " is not a TrustedApplication");
        }
        Class<? extends TrustedApplication> type = c.asSubclass(TrustedApplication.class);
        try {
            var ctor = type.getDeclaredConstructor();
            return TaProfiler.of(() -> {
                try {
                    return ctor.newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot construct " + ta + ": " + e, e);
                }
            });
        } catch (NoSuchMethodException | IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot profile " + ta + ": " + e.getMessage());
        }
    }

    private Workload workload() {
        boolean commandGiven = command != null;
        if (workloadFile != null && (commandGiven || !openParams.isEmpty())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --workload or --command, not both");
        }
        if (workloadFile == null && !commandGiven) {
            throw new CommandLine.ParameterException(spec.commandLine(), "say what to run: --command N [parameters] or --workload FILE");
        }
        if (!params.isEmpty() && !(values.isEmpty() && inputs.isEmpty() && outputs.isEmpty())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "use either --param or --value/--in/--out");
        }
        try {
            if (workloadFile != null) {
                Workload w = Workload.read(workloadFile);
                return iterations == null ? w : new Workload(w.steps(), iterations);
            }
            List<Param> ps = new ArrayList<>();
            for (String p : params) {
                ps.add(Param.parse(p));
            }
            for (String v : values) {
                ps.add(Param.parse("vinout:" + v));
            }
            for (String in : inputs) {
                ps.add(Param.parse("min:" + in));
            }
            for (int o : outputs) {
                ps.add(Param.memrefOut(o));
            }
            List<Param> open = new ArrayList<>();
            for (String p : openParams) {
                open.add(Param.parse(p));
            }
            int cmd = (int) parseU32(command);
            return Workload.of(cmd, ps, open, iterations == null ? 10 : iterations);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workload " + workloadFile + ": " + CliErrors.describe(e));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static long parseU32(String s) {
        String t = s.trim();
        long v;
        try {
            v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a command id: " + s, e);
        }
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not a command id: " + s);
        }
        return v;
    }
}
