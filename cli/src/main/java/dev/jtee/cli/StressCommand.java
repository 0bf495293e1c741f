package dev.jtee.cli;

import dev.jtee.api.TeeException;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.FlowControl;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.flow.Policy;
import dev.jtee.stress.Arrivals;
import dev.jtee.stress.ClosedModel;
import dev.jtee.stress.KneeOptions;
import dev.jtee.stress.KneeResult;
import dev.jtee.stress.LoadModel;
import dev.jtee.stress.OpenModel;
import dev.jtee.stress.OperationTemplate;
import dev.jtee.stress.ProgressBar;
import dev.jtee.stress.RateProfile;
import dev.jtee.stress.Report;
import dev.jtee.stress.Stress;
import dev.jtee.stress.Target;
import dev.jtee.ta.TaManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jtee stress <ta> <command>}: load on one TA command, open or closed model, or a knee
 * search ({@code --find-knee}); a progress bar on stderr, the per-step table on stdout, and with
 * {@code --report DIR} the HTML report, summary.json and interval logs. Parameters as for
 * {@code invoke}: every {@code --value}, then every {@code --in}, then every {@code --out}.
 */
@Command(name = "stress", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {"Stress one TA command: raise the load step by step and find the real limit.",
                "Default: a closed model of --callers (secure threads) for --duration. Latencies count from each call's",
                "intended start (coordinated omission corrected)."},
        footer = {"", "Examples:",
                "  jtee stress hello_world 0 --value 1 --find-knee --report out/",
                "  jtee stress hello_world 0 --value 1 --rate 200000 --duration 10s",
                "  jtee stress hello_world 0 --value 1 --stairs 50000,50000,6 --step-duration 2s --flow off"})
final class StressCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<ta>", description = "TA name (e.g. hello_world) or UUID.")
    String ta;

    @Parameters(index = "1", paramLabel = "<command>", description = "Command id (decimal or 0x hex).")
    String command;

    @Mixin
    CallOptions call;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Load load;

    static final class Load {
        @Option(names = "--rate", paramLabel = "PER_S", description = "Open model: a constant rate of calls per second.")
        Double rate;

        @Option(names = "--ramp", paramLabel = "FROM,TO", description = "Open model: a rate ramping linearly over --duration.")
        String ramp;

        @Option(names = "--stairs", paramLabel = "START,STEP,COUNT", description = "Open model: COUNT stairs of --step-duration each.")
        String stairs;

        @Option(names = "--callers", paramLabel = "N", description = "Closed model: N callers calling back to back (with --think).",
                converter = CliArgs.Positive.class)
        Integer callers;

        @Option(names = "--find-knee", description = "Closed steps (for a USL fit), then open steps up to saturation: report the knee.")
        boolean findKnee;
    }

    @Option(names = "--duration", paramLabel = "TIME", description = "Length of a --rate, --ramp or --callers run (default ${DEFAULT-VALUE}).",
            defaultValue = "10s", converter = DurationConverter.class)
    Duration duration;

    @Option(names = "--step-duration", paramLabel = "TIME", description = "Length of each stair and knee step (default ${DEFAULT-VALUE}).",
            defaultValue = "2s", converter = DurationConverter.class)
    Duration stepDuration;

    @Option(names = "--think", paramLabel = "TIME", description = "Closed model: pause between a caller's calls (default 0).",
            defaultValue = "0ms", converter = DurationConverter.class)
    Duration think;

    @Option(names = "--poisson", description = "Open model: Poisson arrivals instead of evenly spaced ones.")
    boolean poisson;

    @Option(names = "--seed", description = "Seed of Poisson arrivals (default ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--workers", paramLabel = "N", description = {"Open model: exactly N generator threads (default: sized by Little's law,",
            "2 × rate × observed latency + 2, grown when calls start late, at most --sessions, flow control's",
            "sessions per TA, or " + MAX_WORKERS + ")."},
            converter = CliArgs.Positive.class)
    Integer workers;

    /** The most threads sized open workers grow to when neither --workers nor --sessions bounds them. */
    static final int MAX_WORKERS = 256;

    @Option(names = "--max-callers", paramLabel = "N", description = "--find-knee: most callers of the closed steps (default ${DEFAULT-VALUE}).",
            defaultValue = "16", converter = CliArgs.Positive.class)
    int maxCallers;

    @Option(names = "--start-rate", paramLabel = "PER_S", description = "--find-knee: first open rate (default: half the closed steps' best).")
    double startRate;

    @Option(names = "--sessions", paramLabel = "N", description = {"Sessions the calls are spread over (default: a session per generator",
            "thread, so that calls never queue on one session)."}, converter = CliArgs.Positive.class)
    Integer sessions;

    @Option(names = "--flow", description = "Flow control: on, off or adaptive (default ${DEFAULT-VALUE}).", defaultValue = "on")
    String flow;

    @Option(names = "--max-in-flight", paramLabel = "N", description = "Flow control: most calls in the secure world (default: secure threads).")
    Integer maxInFlight;

    @Option(names = "--queue", paramLabel = "N", description = "Flow control: most waiting calls (default 256).")
    Integer queue;

    @Option(names = "--deadline", paramLabel = "TIME", description = "Flow control: longest wait before BUSY (default 5s).",
            converter = DurationConverter.class)
    Duration deadline;

    @Option(names = "--fail-fast", description = "Flow control: refuse at once with BUSY instead of waiting.")
    boolean failFast;

    @Option(names = "--tee", paramLabel = "ADDRESS", description = "Another TEE, e.g. unix:/run/jtee.sock (the TA then by UUID); default: an embedded world.")
    String tee;

    @Option(names = "--report", paramLabel = "DIR", description = "Write report.html, summary.json and step-NN.hlog there.")
    Path report;

    @Option(names = "--json", description = "Print the summary (what summary.json holds) on standard output instead of the table.")
    boolean json;

    @Mixin
    WorldOptions world;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        int cmd = parseU32(command);
        OperationTemplate template = call.template(spec.commandLine());
        FlowControl fc = flowControl();
        model(1, 1); // its numbers are refused now, not after a world has started
        if (!(startRate >= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--start-rate must be ≥ 0, got " + startRate);
        }
        if (report != null) {
            try {
                Files.createDirectories(report); // a report that cannot be written is refused before the run, not after it
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--report " + report + ": cannot create it: " + CliErrors.describe(e));
            }
            if (!Files.isWritable(report)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--report " + report + ": cannot write in it");
            }
        }
        SecureWorld w = tee == null ? world.start(System.err::println) : null;
        try (Tee t = w != null ? Tee.on(w) : Tee.connect(tee); Context ctx = t.newContext(fc)) {
            TeeUuid uuid;
            String name;
            if (w != null) {
                TaManifest m = w.findTa(ta).orElse(null);
                if (m == null) {
                    System.err.println("jtee stress: no TA named or with UUID '" + ta + "' (jtee ta list shows them)");
                    return 1;
                }
                uuid = m.uuid();
                name = m.name();
            } else {
                try {
                    uuid = TeeUuid.parse(ta);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "with --tee the TA is given by UUID: " + ta);
                }
                name = ta;
            }
            Target target;
            if (sessions == null) {
                // a session per generator thread: calls on one session queue, so one would cap the load at one call in flight
                TeeUuid u = uuid;
                try {
                    ctx.openSession(u, call.login, null, null).close(); // refused now, not as every call's outcome
                } catch (TeeException e) {
                    out.println("open session on " + name + " failed: " + e.getMessage());
                    return 1;
                }
                target = Target.sessionPerCaller(() -> ctx.openSession(u, call.login, null, null), cmd, template, name);
            } else {
                Session[] s = new Session[sessions];
                try {
                    for (int i = 0; i < sessions; i++) {
                        s[i] = ctx.openSession(uuid, call.login, null, null);
                    }
                } catch (TeeException e) {
                    out.println("open session on " + name + " failed: " + e.getMessage());
                    return 1;
                }
                target = Target.sessions(s, cmd, template, name);
            }
            int secureThreads = t.world().secureThreads();
            Stress stress = Stress.builder(target)
                    .flowStats(ctx::flowStats)
                    .listener(ProgressBar.stderr())
                    .metadata("world", t.world().describe())
                    .metadata("flow control", fc.toString())
                    .metadata("target", target.describe())
                    .metadata("command line", "jtee " + String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                    .build();
            System.err.println("jtee stress: " + target.describe() + " on " + t.world().describe() + ", " + fc);
            if (load != null && load.findKnee) {
                List<Integer> callers = new ArrayList<>();
                for (int n : KneeOptions.DEFAULT_CALLERS) {
                    if (n <= maxCallers) {
                        callers.add(n);
                    }
                }
                for (int n = callers.isEmpty() ? 1 : callers.getLast() + 1; callers.size() < 6; n++) {
                    callers.add(n);
                }
                KneeOptions o = KneeOptions.defaults().withStepDuration(stepDuration).withClosedCallers(callers)
                        .withOpenWorkers(workers != null ? workers : 0).withMaxOpenWorkers(maxWorkers(fc))
                        .withArrivals(poisson ? Arrivals.POISSON : Arrivals.UNIFORM).withStartRate(startRate);
                KneeResult k = stress.findKnee(o);
                System.err.println(k.verdict());
            } else {
                stress.run(model(secureThreads, maxWorkers(fc)));
            }
            for (var s : stress.steps()) {
                if (s.workersLimited()) {
                    System.err.println("jtee stress: step " + s.index() + ": " + s.busyAtBound() + " calls started late with all " + s.workers()
                            + " workers busy: " + boundName(fc) + " limited the calls in flight");
                }
            }
            if (json) {
                out.println(Report.json(stress.report()));
            } else {
                out.println();
                out.print(Report.table(stress.report()));
            }
            if (report != null) {
                Path html = Report.write(report, stress.report());
                (json ? System.err : out).println("report: " + html.toAbsolutePath() + " (with " + Report.JSON + " and interval logs)");
            }
            return 0;
        } finally {
            if (w != null) {
                w.close();
            }
        }
    }

    private LoadModel model(int secureThreads, int maxWorkers) {
        try {
            if (load != null && load.rate != null) {
                return open(RateProfile.constant(load.rate, duration), maxWorkers);
            }
            if (load != null && load.ramp != null) {
                double[] v = numbers("--ramp", load.ramp, 2);
                return open(RateProfile.ramp(v[0], v[1], duration), maxWorkers);
            }
            if (load != null && load.stairs != null) {
                double[] v = numbers("--stairs", load.stairs, 3);
                return open(RateProfile.stairs(v[0], v[1], (int) v[2], stepDuration), maxWorkers);
            }
            int n = load != null && load.callers != null ? load.callers : secureThreads;
            return new ClosedModel(n, think, duration);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Exactly --workers threads when given; else threads sized by Little's law as the run goes, up to {@code max}. */
    private OpenModel open(RateProfile profile, int max) {
        Arrivals arrivals = poisson ? Arrivals.POISSON : Arrivals.UNIFORM;
        if (workers != null) {
            return new OpenModel(profile, arrivals, workers, OpenModel.DEFAULT_GRACE, seed);
        }
        return OpenModel.sized(profile, arrivals, max, OpenModel.DEFAULT_GRACE, seed);
    }

    /**
     * The most threads sized open workers grow to: --sessions (more threads than sessions only
     * queue on them), else the sessions flow control lets one client open on a TA (each thread has
     * a session of its own; one more would be refused), else {@link #MAX_WORKERS}.
     */
    private int maxWorkers(FlowControl fc) {
        if (sessions != null) {
            return sessions;
        }
        return fc.isEnabled() ? Math.min(MAX_WORKERS, fc.maxSessionsPerTa()) : MAX_WORKERS;
    }

    /** The option that bounded the open model's workers, for the line saying it limited the run. */
    private String boundName(FlowControl fc) {
        if (workers != null) {
            return "--workers " + workers;
        }
        if (sessions != null) {
            return "--sessions " + sessions;
        }
        return fc.isEnabled() && fc.maxSessionsPerTa() < MAX_WORKERS
                ? "flow control's sessions per TA (" + fc.maxSessionsPerTa() + ")" : "the most workers (" + MAX_WORKERS + ")";
    }

    private double[] numbers(String option, String text, int count) {
        String[] parts = text.split(",");
        if (parts.length != count) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " wants " + count + " comma-separated numbers: " + text);
        }
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + ": not a number: " + parts[i]);
            }
        }
        return v;
    }

    private FlowControl flowControl() {
        String mode = flow.toLowerCase(Locale.ROOT);
        if (mode.equals("off")) {
            return FlowControl.off();
        }
        if (!mode.equals("on") && !mode.equals("adaptive")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--flow is on, off or adaptive: " + flow);
        }
        try {
            FlowControl.Builder b = FlowControl.builder().adaptive(mode.equals("adaptive"));
            if (maxInFlight != null) {
                b.maxInFlight(maxInFlight);
            }
            if (queue != null) {
                b.queueCapacity(queue);
            }
            if (deadline != null) {
                b.deadline(deadline);
            }
            if (failFast) {
                b.policy(Policy.FAIL_FAST);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int parseU32(String s) {
        return CliArgs.parseU32(spec.commandLine(), s);
    }


    /** {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 2m}, {@code 100us}; a bare number is seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern P = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)?");

        @Override
        public Duration convert(String value) {
            Matcher m = P.matcher(value.strip());
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("not a duration (e.g. 500ms, 2s, 1m): " + value);
            }
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double nanos = switch (unit) {
                case "ns" -> n;
                case "us", "µs" -> n * 1e3;
                case "ms" -> n * 1e6;
                case "s" -> n * 1e9;
                case "m" -> n * 60e9;
                default -> n * 3600e9;
            };
            return Duration.ofNanos(Math.round(nanos));
        }
    }
}
