/** The {@code jtee} command. Exports nothing: it is run, not linked against. */
@SuppressWarnings("module") // qualified exports name modules built later in the reactor
module dev.jtee.cli {
    requires dev.jtee.core;
    requires dev.jtee.client;
    requires dev.jtee.daemon;
    requires dev.jtee.examples;
    requires dev.jtee.stress;
    requires info.picocli;
    requires org.jline;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    // picocli reads and sets the commands' annotated fields reflectively; Jackson writes --json output
    opens dev.jtee.cli to info.picocli, com.fasterxml.jackson.databind;

    uses dev.jtee.ta.TrustedApplication;
}
