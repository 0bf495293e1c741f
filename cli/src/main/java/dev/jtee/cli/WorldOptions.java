package dev.jtee.cli;

import dev.jtee.core.SecureWorld;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Options that shape the embedded secure world a command runs on; each is checked as it is parsed. */
final class WorldOptions {
    @Option(names = "--threads", paramLabel = "N", description = "Secure threads (CFG_NUM_THREADS), default ${DEFAULT-VALUE}.", defaultValue = "8",
            converter = CliArgs.Positive.class)
    int threads;

    @Option(names = "--secure-ram", paramLabel = "SIZE", description = "Secure RAM budget, e.g. 16M (default ${DEFAULT-VALUE}).", defaultValue = "16M",
            converter = CliArgs.SecureRamSize.class)
    long secureRam;

    @Option(names = "--ta-dir", paramLabel = "DIR", description = "A directory of TA jars and native TAs (<uuid>.ta) to load besides the built-in TAs; a native TA with a built-in TA's UUID replaces it.",
            converter = CliArgs.ExistingDirectory.class)
    Path taDir;

    @Option(names = "--storage-dir", paramLabel = "DIR", description = "Where secure storage keeps its database and hardware unique key "
            + "(default: a temporary directory removed on exit; for serve: $XDG_STATE_HOME/jtee or ~/.local/state/jtee).")
    Path storageDir;

    @Option(names = "--storage-counter", paramLabel = "FILE", description = "A monotonic counter kept outside the storage "
            + "database, bumped with every commit (RPMB's write counter's stand-in): a database older than it is refused, "
            + "so rolling back the whole database is detected. Keep it where the database's attacker cannot write.")
    Path storageCounter;

    @Option(names = "--plugin-dir", paramLabel = "DIR", description = "tee-supplicant's plugin directory: every file in it is "
            + "loaded as a plugin (struct plugin_method) that TAs reach with tee_invoke_supp_plugin.",
            converter = CliArgs.ExistingDirectory.class)
    Path pluginDir;

    @Option(names = "--quiet-tee", description = "Hide the secure world's console lines.")
    boolean quietTee;

    SecureWorld start(Consumer<String> console) {
        SecureWorld.Builder b = SecureWorld.builder()
                .threads(threads)
                .secureRam(secureRam)
                .console(quietTee ? line -> { } : console);
        if (taDir != null) {
            b.taDir(taDir);
        }
        if (storageDir != null) {
            b.storageDir(storageDir);
        }
        if (storageCounter != null) {
            b.storageCounter(storageCounter);
        }
        if (pluginDir != null) {
            b.supplicantPlugins(pluginDir);
        }
        return b.build();
    }
}
