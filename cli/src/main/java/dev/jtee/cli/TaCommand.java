package dev.jtee.cli;

import dev.jtee.core.SecureWorld;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jtee ta list}: the TAs a world would load; {@code jtee ta profile}: their stack and heap needs; {@code jtee ta devkit}/{@code build}: the C TA dev kit. */
@Command(name = "ta", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = "Trusted Applications.", subcommands = {TaCommand.ListTas.class, TaProfileCommand.class, TaDevKit.Print.class, TaDevKit.Build.class})
final class TaCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = "List the TAs found (built-in and --ta-dir): name, UUID, kind (java or native), stack, data size, flags.")
    static final class ListTas implements Callable<Integer> {
        @Mixin
        WorldOptions world;

        @Option(names = "--json", description = "Print the TAs as JSON: name, uuid, stackSize, dataSize, flags; and the refused ones.")
        boolean json;

        @Override
        public Integer call() {
            PrintStream out = System.out;
            try (SecureWorld w = world.start(System.err::println)) {
                if (json) {
                    JsonOut.print(out, json(w));
                    return 0;
                }
                int nameWidth = 4;
                for (TaManifest m : w.tas()) {
                    nameWidth = Math.max(nameWidth, m.name().length());
                }
                // flags last: the widest combination is long and would push the sizes off screen
                String fmt = "%-" + nameWidth + "s  %-36s  %-6s  %6s  %8s  %s%n";
                out.printf(fmt, "NAME", "UUID", "KIND", "STACK", "DATA", "FLAGS");
                for (TaManifest m : w.tas()) {
                    out.printf(fmt, m.name(), m.uuid(), kind(w, m), m.stackSize(), m.dataSize(), TaFlags.toString(m.flags()));
                }
                for (String refused : w.refusedTas()) {
                    out.println("refused: " + refused);
                }
            }
            return 0;
        }

        /** {@code native} for a C TA run by a TA host process, else {@code java}. */
        private static String kind(SecureWorld w, TaManifest m) {
            return w.isNativeTa(m.uuid()) ? "native" : "java";
        }

        private static Map<String, Object> json(SecureWorld w) {
            List<Map<String, Object>> tas = new ArrayList<>();
            for (TaManifest m : w.tas()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("name", m.name());
                t.put("uuid", m.uuid().toString());
                t.put("kind", kind(w, m));
                t.put("stackSize", m.stackSize());
                t.put("dataSize", m.dataSize());
                String flags = TaFlags.toString(m.flags());
                t.put("flags", flags.equals("-") ? List.of() : List.of(flags.split("\\|")));
                tas.add(t);
            }
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("tas", tas);
            all.put("refused", w.refusedTas());
            return all;
        }
    }
}
