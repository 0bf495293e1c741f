package dev.jtee.flow;

/** How a call that held a permit ended; tells the limit whether and how to learn from it. */
public enum Outcome {
    /** Completed normally: the round-trip time is a sample. */
    SUCCESS,
    /** Timed out or refused by an overloaded service: an adaptive limit backs off. */
    DROPPED,
    /** Not a sample (e.g. failed before reaching the service); the permit is simply returned. */
    IGNORED
}
