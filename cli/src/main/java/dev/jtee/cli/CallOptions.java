package dev.jtee.cli;

import dev.jtee.api.Login;
import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.core.profile.Param;
import dev.jtee.stress.OperationTemplate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The parameters and login of one call, as {@code invoke} and {@code stress} take them: either
 * typed {@code --param}s in slot order, or the shortcuts, whose slots fill in order every
 * {@code --value} (VALUE_INOUT), then every {@code --in} (MEMREF_TEMP_INPUT), then every
 * {@code --out} (MEMREF_TEMP_OUTPUT).
 */
final class CallOptions {
    @Option(names = {"-p", "--param"}, paramLabel = "P",
            description = "A parameter of any type, in slot order: none, vin:A[,B], vout, vinout:A[,B], min:DATA, mout:SIZE, minout:DATA "
                    + "(DATA = hex, zeros:N or text:...). Instead of --value/--in/--out.")
    List<String> params = new ArrayList<>();

    @Option(names = "--value", paramLabel = "A[,B]", description = "A VALUE_INOUT parameter (u32 a and b), as in every jtee command.")
    List<String> values = new ArrayList<>();

    @Option(names = "--in", paramLabel = "DATA|@file", description = "A MEMREF_TEMP_INPUT parameter: hex bytes, zeros:N, text:... or @file.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "SIZE", description = "A MEMREF_TEMP_OUTPUT parameter of SIZE bytes.", converter = CliArgs.Size.class)
    List<Integer> outputs = new ArrayList<>();

    @Option(names = "--login", description = "Login method: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).", defaultValue = "PUBLIC")
    Login login;

    /** The call's parameters in slot order (at most four); a ParameterException says what is wrong. */
    List<Param> resolve(CommandLine cmd) {
        boolean shortcuts = !(values.isEmpty() && inputs.isEmpty() && outputs.isEmpty());
        if (!params.isEmpty() && shortcuts) {
            throw new CommandLine.ParameterException(cmd, "use either --param or --value/--in/--out");
        }
        List<Param> out = new ArrayList<>();
        try {
            for (String p : params) {
                out.add(Param.parse(p));
            }
            for (String v : values) {
                String[] ab = v.split(",", 2);
                out.add(Param.valueInOut(CliArgs.parseU32(cmd, ab[0]), ab.length > 1 ? CliArgs.parseU32(cmd, ab[1]) : 0));
            }
            for (String in : inputs) {
                out.add(Param.memrefIn(CliArgs.bytes(cmd, in)));
            }
            for (int size : outputs) {
                out.add(Param.memrefOut(size));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        if (out.size() > ParamTypes.COUNT) {
            throw new CommandLine.ParameterException(cmd, "at most " + ParamTypes.COUNT + " parameters (--param, or --value, --in, --out together)");
        }
        return out;
    }

    /** The call's parameters as a template: each operation made from it has its own buffers. */
    OperationTemplate template(CommandLine cmd) {
        OperationTemplate.Builder b = OperationTemplate.builder();
        for (Param p : resolve(cmd)) {
            switch (p) {
                case Param.None n -> b.none();
                case Param.ValueIn v -> b.value(ParamType.VALUE_INPUT, v.a(), v.b());
                case Param.ValueOut v -> b.value(ParamType.VALUE_OUTPUT, 0, 0);
                case Param.ValueInOut v -> b.value(ParamType.VALUE_INOUT, v.a(), v.b());
                case Param.MemrefIn m -> b.input(m.data());
                case Param.MemrefOut m -> b.output(m.size());
                case Param.MemrefInOut m -> b.inout(m.data());
            }
        }
        return b.build();
    }
}
