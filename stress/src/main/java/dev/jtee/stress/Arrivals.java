package dev.jtee.stress;

/** How arrivals of an {@link OpenModel} are spaced. */
public enum Arrivals {
    /** Evenly, following the rate profile exactly (wrk2's constant throughput). */
    UNIFORM,
    /** A Poisson process with the profile's rate: independent, exponentially spaced arrivals. */
    POISSON
}
