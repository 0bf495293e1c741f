package dev.jtee.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jtee} command. */
@Command(name = "jtee", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A GlobalPlatform TEE for the JVM: OP-TEE semantics, flow control, monitoring, stress testing.",
        subcommands = {DemoCommand.class, InvokeCommand.class, TaCommand.class, ServeCommand.class, TopCommand.class, StressCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jtee " + (v != null ? v : "dev") + " (Java " + Runtime.version() + ")"};
        }
    }
}
