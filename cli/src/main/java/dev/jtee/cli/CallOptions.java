package dev.jtee.cli;

import dev.jtee.api.Login;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The parameters and login of one call, as {@code invoke} and {@code stress} take them: slots fill
 * in order, every {@code --value} (VALUE_INOUT), then every {@code --in} (MEMREF_TEMP_INPUT), then
 * every {@code --out} (MEMREF_TEMP_OUTPUT).
 */
final class CallOptions {
    @Option(names = "--value", paramLabel = "A[,B]", description = "A VALUE_INOUT parameter (u32 a and b).")
    List<String> values = new ArrayList<>();

    @Option(names = "--in", paramLabel = "HEX|@file", description = "A MEMREF_TEMP_INPUT parameter: hex bytes or @file.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "SIZE", description = "A MEMREF_TEMP_OUTPUT parameter of SIZE bytes.")
    List<Integer> outputs = new ArrayList<>();

    @Option(names = "--login", description = "Login method: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).", defaultValue = "PUBLIC")
    Login login;
}
