package dev.jtee.cli;

import dev.jtee.core.SecureWorld;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jtee ta list}: the TAs a world would load. */
@Command(name = "ta", description = "Trusted Applications.", subcommands = TaCommand.ListTas.class)
final class TaCommand {

    @Command(name = "list", description = "List the TAs found (built-in and --ta-dir): name, UUID, flags, stack, data size.")
    static final class ListTas implements Callable<Integer> {
        @Mixin
        WorldOptions world;

        @Override
        public Integer call() {
            PrintStream out = System.out;
            try (SecureWorld w = world.start(System.err::println)) {
                String fmt = "%-16s %-36s %-40s %8s %8s%n";
                out.printf(fmt, "NAME", "UUID", "FLAGS", "STACK", "DATA");
                for (TaManifest m : w.tas()) {
                    out.printf(fmt, m.name(), m.uuid(), TaFlags.toString(m.flags()), m.stackSize(), m.dataSize());
                }
                for (String refused : w.refusedTas()) {
                    out.println("refused: " + refused);
                }
            }
            return 0;
        }
    }
}
