/** The load generator and its report: {@code Stress.builder(Target…)}. */
@SuppressWarnings("module") // qualified exports name modules built later in the reactor
module dev.jtee.stress {
    requires transitive dev.jtee.client;
    requires transitive HdrHistogram; // Latency and StepResult hand out its Histogram
    requires commons.math3;
    requires com.fasterxml.jackson.databind;
    requires java.management;
    requires chart.js;

    exports dev.jtee.stress;
    // the JSON summary is written by Jackson from the report's records
    opens dev.jtee.stress to com.fasterxml.jackson.databind;
}
