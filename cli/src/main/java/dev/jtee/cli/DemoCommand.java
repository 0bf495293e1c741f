package dev.jtee.cli;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.examples.xtest.OsTestTa;
import dev.jtee.client.FlowControl;
import dev.jtee.examples.seed.SeedTa;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee demo}: the seed article's failure and its fix, from real runs. The same load — 64
 * caller threads at full speed on the seed TA, a bystander calling hello_world every 10 ms — runs
 * on a HiKey-like world (8 secure threads; the seed TA's 32 KiB heap and 2 KiB stack) with flow
 * control off and with the defaults, in both of the seed's memory modes, and the results are
 * printed side by side; then the stack case. {@code --tour} shows the ways a TA dies instead.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = "The seed scenario: a TA flooded by a thread pool, with flow control off and on, side by side.")
final class DemoCommand implements Callable<Integer> {
    private static final TeeUuid HELLO = TeeUuid.parse(HelloWorldTa.UUID);
    private static final TeeUuid OS_TEST = TeeUuid.parse(OsTestTa.UUID);

    @Option(names = "--tour", description = "Show hello_world, a panic, an abort and a stack overflow instead.")
    boolean tour;

    @Option(names = "--seconds", defaultValue = "6", description = "Length of each load run, 0.1 to 3600 (default ${DEFAULT-VALUE}).",
            converter = CliArgs.RunSeconds.class)
    double seconds;

    @Option(names = "--callers", defaultValue = "64", description = "Caller threads on the seed TA (default ${DEFAULT-VALUE}).",
            converter = CliArgs.Positive.class)
    int callers;

    @Option(names = "--runs", defaultValue = "1", paramLabel = "N", converter = CliArgs.Positive.class,
            description = "Rounds of the four runs (default ${DEFAULT-VALUE}); the table shows the first, the deaths row all of them.")
    int rounds;

    @Option(names = "--no-progress", description = "No progress bar (none either when the output is not a terminal).")
    boolean noProgress;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws InterruptedException {
        // progress frames are for a person watching a terminal, not for a file or a pipe
        noProgress |= System.console() == null || !System.console().isTerminal();
        return tour ? tour() : seed();
    }

    private Integer seed() throws InterruptedException {
        long millis = (long) (seconds * 1000);
        List<SeedScenario.Config> configs = List.of(
                new SeedScenario.Config("run 1", FlowControl.off(), SeedTa.MODE_DYNAMIC, callers, 4, millis, 10),
                new SeedScenario.Config("run 2", FlowControl.defaults(), SeedTa.MODE_DYNAMIC, callers, 4, millis, 10),
                new SeedScenario.Config("run 3", FlowControl.off(), SeedTa.MODE_STATIC, callers, 4, millis, 10),
                new SeedScenario.Config("run 4", FlowControl.defaults(), SeedTa.MODE_STATIC, callers, 4, millis, 10));
        out.println("jtee demo — the seed scenario: a TA flooded by a thread pool, flow control off and on");
        out.println("world: HiKey-like, " + SeedScenario.SECURE_THREADS + " secure threads; seed TA: single instance, "
                + SeedTa.STACK_SIZE / 1024 + " KiB stack, " + SeedTa.DATA_SIZE / 1024 + " KiB heap");
        out.println("load: " + callers + " caller threads at full speed, each task = open a session, 4 PROCESS calls, close;"
                + " bystander: hello_world every 10 ms from another client");
        out.println("flow control defaults: " + FlowControl.defaults());
        out.println();
        List<List<SeedScenario.Result>> all = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            List<SeedScenario.Result> results = new ArrayList<>();
            for (int i = 0; i < configs.size(); i++) {
                SeedScenario.Config c = configs.get(i);
                String what = (c.flow().isEnabled() ? "flow on " : "flow off") + " · " + mode(c.mode());
                int n = i + 1;
                int r = round;
                results.add(SeedScenario.run(c, f -> progress(r, n, configs.size(), what, f)));
            }
            all.add(results);
        }
        if (!noProgress) {
            System.err.print("\r" + " ".repeat(90) + "\r");
            System.err.flush();
        }
        List<SeedScenario.Result> results = all.get(0);
        new SeedTable(results, all).print(out);
        long flowOnDeaths = all.stream().flatMap(List::stream).filter(r -> r.config().flow().isEnabled())
                .mapToLong(SeedScenario.Result::panics).sum();
        out.println();
        out.println("with flow control on (runs 2 and 4): " + flowOnDeaths + " TA death" + (flowOnDeaths == 1 ? "" : "s") + " in "
                + rounds + (rounds == 1 ? " round" : " rounds") + (flowOnDeaths == 0 ? "" : " — the promise was broken"));
        SeedScenario.Result first = results.stream().filter(r -> r.firstPanic() != null).findFirst().orElse(null);
        if (first != null) {
            out.println();
            out.println("first TA death (" + first.config().label() + "), as the secure world's console shows it:");
            first.firstPanic().lines().forEach(l -> out.println("    | " + l));
        }
        stackCase();
        return 0;
    }

    private void progress(int round, int run, int runs, String what, double fraction) {
        if (noProgress) {
            return;
        }
        int width = 30;
        int done = (int) Math.round(fraction * width);
        String of = rounds > 1 ? "round " + round + "/" + rounds + " " : "";
        System.err.printf("\r[%s%s] %srun %d/%d %-22s %3.0f%%", "#".repeat(done), ".".repeat(width - done), of, run, runs, what, fraction * 100);
        System.err.flush();
    }

    static String mode(int mode) {
        return mode == SeedTa.MODE_STATIC ? "static" : "dynamic";
    }

    /** The seed TA's other death: a recursion its 2 KiB stack cannot hold. */
    private void stackCase() {
        out.println();
        out.println("the stack case: CMD_RECURSE on the seed TA (2 KiB stack)");
        try (SecureWorld world = SeedScenario.world(line -> out.println("    | " + line));
             Tee tee = Tee.on(world);
             Context ctx = tee.newContext();
             Session s = ctx.openSession(SeedScenario.SEED)) {
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, SeedTa.SAFE_DEPTH, 0);
            s.invoke(SeedTa.CMD_RECURSE, op);
            out.println("   depth " + SeedTa.SAFE_DEPTH + ": TEE_SUCCESS (reached " + op.valueA(0) + ")");
            out.println("   depth " + SeedTa.OVERFLOW_DEPTH + ":");
            expectDeath(s, SeedTa.CMD_RECURSE, Operation.create().value(0, ParamType.VALUE_INPUT, SeedTa.OVERFLOW_DEPTH, 0));
            out.println("   the TA panicked with 0xffff300f (TEE_ERROR_OVERFLOW, what OP-TEE's stack protector reports);"
                    + " the client sees TARGET_DEAD, origin TEE — not the same code");
        }
        nativeStackCase();
    }

    /** The C seed TA (its own UUID), built by the TA dev kit: its 2 KiB stack really smashed, and really overflowed. */
    static final TeeUuid C_SEED = TeeUuid.parse("5eed7a00-0c1d-4f3e-9a0b-2e0f7ee0c0df");
    /** ta-native/ta/seed: p0 MEMREF_INPUT copied into a 64-byte local buffer without a bound check. */
    static final int C_SEED_CMD_OVERRUN = 3;

    private void nativeStackCase() {
        out.println();
        out.println("the same TA in C (ta-native/ta/seed, built by jtee's TA dev kit, run in a TA host process with a 2 KiB + 2 KiB stack)");
        String home = System.getProperty("jtee.native.home");
        Path tas = home == null ? null : Path.of(home, "ta");
        if (tas == null || !Files.isDirectory(tas)) {
            out.println("   skipped: the native parts are not built (run through ./jtee, which builds them with gcc and make)");
            return;
        }
        try (SecureWorld world = SecureWorld.builder().threads(SeedScenario.SECURE_THREADS).classpathTas(false).taDir(tas)
                .console(line -> out.println("    | " + line)).build();
             Tee tee = Tee.on(world);
             Context ctx = tee.newContext()) {
            out.println("   a 96-byte request into its 64-byte local buffer (OVERRUN):");
            try (Session s = ctx.openSession(C_SEED)) {
                expectDeath(s, C_SEED_CMD_OVERRUN, Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, new byte[96]));
            }
            out.println("   a recursion " + SeedTa.OVERFLOW_DEPTH + " deep (RECURSE):");
            try (Session s = ctx.openSession(C_SEED)) {
                expectDeath(s, SeedTa.CMD_RECURSE, Operation.create().value(0, ParamType.VALUE_INPUT, SeedTa.OVERFLOW_DEPTH, 0));
            }
            out.println("   the canary: 'stack smashing detected', panic 0xffff300f; the guard page: a data abort;"
                    + " the client sees TARGET_DEAD, origin TEE, in both");
        } catch (TeeException e) {
            out.println("   the C seed TA could not run: " + e.getMessage());
        }
    }

    /** The tour of session 1: a call that works, then the ways a TA dies. */
    private Integer tour() {
        try (SecureWorld world = SecureWorld.builder().threads(8).console(line -> out.println("    | " + line)).build();
             Tee tee = Tee.on(world);
             Context ctx = tee.newContext()) {
            out.println("jtee demo — embedded secure world: " + world.describe());
            out.println();

            step("1. hello_world: INC_VALUE on 42");
            try (Session s = ctx.openSession(HELLO)) {
                Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 42, 0);
                s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
                out.println("   client: TEE_SUCCESS, value a = " + op.valueA(0));
            }

            step("2. os_test: TEE_Panic(0x" + Integer.toHexString(OsTestTa.PANIC_CODE) + ") — the secure world logs it, the client sees TARGET_DEAD");
            try (Session s = ctx.openSession(OS_TEST)) {
                expectDeath(s, OsTestTa.CMD_PANIC, Operation.create().value(0, ParamType.VALUE_INPUT, OsTestTa.PANIC_CODE, 0));
                out.println("   the same session again:");
                expectDeath(s, OsTestTa.CMD_INIT, Operation.create());
                out.println("   closing the dead session works (the TA's close entry is skipped)");
            }
            try (Session s = ctx.openSession(OS_TEST)) {
                s.invoke(OsTestTa.CMD_INIT, Operation.create());
                out.println("   a new session gets a fresh instance: TEE_SUCCESS");
            }

            step("3. os_test: write through a NULL pointer — a data abort with the TA's memory map");
            try (Session s = ctx.openSession(OS_TEST)) {
                expectDeath(s, OsTestTa.CMD_BAD_MEM_ACCESS,
                        Operation.create().value(0, ParamType.VALUE_INPUT, OsTestTa.BAD_MEM_NULL_WRITE, 0));
            }

            step("4. os_test: unbounded recursion — the stack overflows, panic code 0xffff300f (TEE_ERROR_OVERFLOW)");
            try (Session s = ctx.openSession(OS_TEST)) {
                expectDeath(s, OsTestTa.CMD_BAD_MEM_ACCESS,
                        Operation.create().value(0, ParamType.VALUE_INPUT, OsTestTa.BAD_MEM_STACK_OVERFLOW, 0));
            }

            step("5. the world is unharmed: hello_world still answers");
            try (Session s = ctx.openSession(HELLO)) {
                Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 7, 0);
                s.invoke(HelloWorldTa.CMD_DEC_VALUE, op);
                out.println("   client: TEE_SUCCESS, DEC_VALUE on 7 = " + op.valueA(0));
            }
            out.println();
            out.println("world: " + world.stats());
        }
        return 0;
    }

    private void step(String title) {
        out.println();
        out.println(title);
    }

    private void expectDeath(Session s, int command, Operation op) {
        try {
            s.invoke(command, op);
            out.println("   client: TEE_SUCCESS (unexpected: the TA should have died)");
        } catch (TeeException e) {
            out.println("   client: " + e.getMessage());
        }
    }
}
