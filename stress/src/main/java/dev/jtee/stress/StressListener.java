package dev.jtee.stress;

/** Hears a run's progress (the progress bar is one). Called from the thread that runs the steps. */
public interface StressListener {
    StressListener NONE = new StressListener() { };

    /** Step {@code index} (from 1) starts; {@code plannedSteps} is 0 when not known in advance. */
    default void stepStarted(int index, int plannedSteps, String phase, LoadModel model) {
    }

    /**
     * A few times per second while a step runs: the fraction of its duration elapsed, calls
     * completed so far, the throughput and corrected p99 of the last interval.
     */
    default void progress(double fraction, long completed, double throughput, long p99Nanos) {
    }

    default void stepFinished(StepResult result) {
    }
}
