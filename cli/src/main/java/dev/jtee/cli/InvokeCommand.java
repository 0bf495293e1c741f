package dev.jtee.cli;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.api.TeeUuid;
import dev.jtee.core.SecureWorld;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TrustedApplication;
import java.util.ServiceLoader;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * {@code jtee invoke <ta> <command>}: opens a session, invokes one command, prints the result, the
 * origin and the output parameters. Parameters as {@link CallOptions} takes them.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = "Invoke one command of a TA and print result, origin and outputs.")
final class InvokeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<ta>", description = "TA name (e.g. hello_world) or UUID.")
    String ta;

    @Parameters(index = "1", paramLabel = "<command>", description = "Command id (decimal or 0x hex).")
    String command;

    @Mixin
    CallOptions call;

    @Option(names = "--tee", paramLabel = "ADDRESS",
            description = "Call a TEE elsewhere instead of an embedded world, e.g. unix:/tmp/jtee.sock (a jtee serve daemon).")
    String teeAddress;

    @Option(names = "--json", description = "Print the answer as one JSON object: ta, command, stage, result, code, origin, outputs.")
    boolean json;

    @Mixin
    WorldOptions world;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        int cmd = parseU32(command);
        Operation op = call.template(spec.commandLine()).newOperation();
        if (teeAddress != null) {
            TeeUuid uuid = resolveLocally(ta);
            if (uuid == null) {
                return notFound(out, cmd, Origin.API, "'" + ta + "' is neither a UUID nor the name of a TA on this classpath");
            }
            try (Tee tee = Tee.connect(teeAddress); Context ctx = tee.newContext()) {
                return invoke(out, ctx, uuid, ta, cmd, op);
            } catch (TeeException e) {
                System.err.println("jtee invoke: cannot reach " + teeAddress + ": " + e.getMessage());
                return CliErrors.FAILURE;
            }
        }
        try (SecureWorld w = world.start(System.err::println); Tee tee = Tee.on(w); Context ctx = tee.newContext()) {
            TaManifest m = w.findTa(ta).orElse(null);
            if (m == null) {
                return notFound(out, cmd, Origin.TEE, "no TA named or with UUID '" + ta + "' (jtee ta list shows them)");
            }
            return invoke(out, ctx, m.uuid(), m.name(), cmd, op);
        }
    }

    private int invoke(PrintStream out, Context ctx, TeeUuid uuid, String name, int cmd, Operation op) {
        TeeResult result = TeeResult.SUCCESS;
        Origin origin = Origin.TRUSTED_APP;
        String detail = null;
        try (Session s = ctx.openSession(uuid, call.login, null, null)) {
            try {
                s.invoke(cmd, op);
            } catch (TeeException e) {
                result = e.result();
                origin = e.origin();
                detail = e.getMessage();
            }
        } catch (TeeException e) {
            if (json) {
                JsonOut.print(out, answer(name, uuid.toString(), cmd, "open", e.result(), e.origin(), e.getMessage(), null));
            } else {
                out.println("open session on " + name + " failed: " + e.getMessage());
            }
            return CliErrors.FAILURE;
        }
        if (json) {
            JsonOut.print(out, answer(name, uuid.toString(), cmd, "invoke", result, origin, detail, op));
            return result.isSuccess() ? 0 : CliErrors.FAILURE;
        }
        out.println(result + ", origin " + origin);
        if (detail != null && !detail.equals(result + ", origin " + origin)) {
            out.println("  " + detail);
        }
        printOutputs(out, op);
        return result.isSuccess() ? 0 : 1;
    }

    private int notFound(PrintStream out, int cmd, Origin origin, String why) {
        if (json) {
            JsonOut.print(out, answer(ta, null, cmd, "open", TeeResult.ITEM_NOT_FOUND, origin, why, null));
        } else {
            out.println(TeeResult.ITEM_NOT_FOUND + ", origin " + origin + ": " + why);
        }
        return CliErrors.FAILURE;
    }

    /** The --json answer: which call, how it ended, and (after an invoke) what the TA wrote. */
    private static Map<String, Object> answer(String name, String uuid, int cmd, String stage, TeeResult result, Origin origin,
                                              String detail, Operation op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ta", name);
        m.put("uuid", uuid);
        m.put("command", Integer.toUnsignedLong(cmd));
        m.put("stage", stage);
        m.putAll(JsonOut.result(result, origin));
        m.put("detail", detail);
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (int i = 0; op != null && i < ParamTypes.COUNT; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("slot", i);
            p.put("type", op.type(i).name());
            switch (op.type(i)) {
                case VALUE_OUTPUT, VALUE_INOUT -> {
                    p.put("a", Integer.toUnsignedLong(op.valueA(i)));
                    p.put("b", Integer.toUnsignedLong(op.valueB(i)));
                }
                case MEMREF_TEMP_OUTPUT, MEMREF_TEMP_INOUT -> {
                    byte[] buf = op.buffer(i);
                    long size = op.size(i);
                    p.put("size", size);
                    p.put("hex", HexFormat.of().formatHex(buf, 0, (int) Math.min(size, buf.length)));
                }
                default -> {
                    continue;
                }
            }
            outputs.add(p);
        }
        m.put("outputs", outputs);
        return m;
    }

    /** A UUID, or the UUID of a TA of that name on this classpath (a remote TEE lists no TAs). */
    static TeeUuid resolveLocally(String ta) {
        try {
            return TeeUuid.parse(ta);
        } catch (IllegalArgumentException e) {
            for (TrustedApplication t : ServiceLoader.load(TrustedApplication.class)) {
                if (t.manifest().name().equals(ta)) {
                    return t.manifest().uuid();
                }
            }
            return null;
        }
    }

    /** What the TA may have written: value and memref outputs (memref contents up to the size it reported). */
    private static void printOutputs(PrintStream out, Operation op) {
        for (int i = 0; i < ParamTypes.COUNT; i++) {
            switch (op.type(i)) {
                case VALUE_OUTPUT, VALUE_INOUT -> printValue(out, op, i);
                case MEMREF_TEMP_OUTPUT -> printMemref(out, op, i, "out");
                case MEMREF_TEMP_INOUT -> printMemref(out, op, i, "inout");
                default -> { }
            }
        }
    }

    private static void printValue(PrintStream out, Operation op, int i) {
        out.printf("p%d value: a=%d (0x%x) b=%d (0x%x)%n", i,
                Integer.toUnsignedLong(op.valueA(i)), op.valueA(i), Integer.toUnsignedLong(op.valueB(i)), op.valueB(i));
    }

    private static void printMemref(PrintStream out, Operation op, int i, String kind) {
        byte[] buf = op.buffer(i);
        long size = op.size(i);
        int shown = (int) Math.min(size, buf.length);
        out.printf("p%d memref %s: size %d: %s%n", i, kind, size, HexFormat.of().formatHex(buf, 0, shown));
    }

    private int parseU32(String s) {
        return CliArgs.parseU32(spec.commandLine(), s);
    }
}
