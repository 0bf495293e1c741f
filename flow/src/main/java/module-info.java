/** Admission control a client context configures: policies, limits, queue orders. */
module dev.jtee.flow {
    requires transitive micrometer.core;

    exports dev.jtee.flow;
}
