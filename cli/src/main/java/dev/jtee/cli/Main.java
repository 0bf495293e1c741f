package dev.jtee.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code jtee} command. Every error is one line on standard error saying what is wrong, then
 * at most a one-line hint; exit code 2 for a usage error, 1 for a failure, never a stack trace
 * unless {@code --debug}.
 */
@Command(name = "jtee", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A GlobalPlatform TEE for the JVM: OP-TEE semantics, flow control, monitoring, stress testing.",
        subcommands = {DemoCommand.class, InvokeCommand.class, TaCommand.class, ServeCommand.class, TopCommand.class, StressCommand.class,
                CommandLine.HelpCommand.class, picocli.AutoComplete.GenerateCompletion.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** On every command: failures print their stack trace too. */
    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print the stack trace of a failure.")
    boolean debug;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    static int run(String... args) {
        Main main = new Main();
        // @file is --in's (a file of bytes), not picocli's argument file: expanding it would read the bytes as arguments
        CommandLine cl = new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true).setExpandAtFiles(false);
        cl.setParameterExceptionHandler(CliErrors::usage);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> CliErrors.failure(e, cmd, main.debug));
        // `jtee generate-completion` is picocli's bash/zsh completion script: shown in the usage like any command
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        try {
            return cl.execute(args);
        } catch (Error e) {
            // what picocli does not hand to the handlers (it catches exceptions only): still one line
            System.err.println("jtee: " + (e instanceof OutOfMemoryError ? "out of memory (a larger -Xmx, or smaller buffers): " : "")
                    + CliErrors.describe(e));
            if (main.debug) {
                e.printStackTrace();
            }
            return CliErrors.FAILURE;
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            if (v == null && Main.class.getModule().getDescriptor() != null) {
                // on the module path the jar manifest's package attributes are not read; the module's version is
                v = Main.class.getModule().getDescriptor().rawVersion().orElse(null);
            }
            return new String[] {"jtee " + (v != null ? v : "dev") + " (Java " + Runtime.version() + ")"};
        }
    }
}
