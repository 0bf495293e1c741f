package dev.jtee.stress;

/** Does nothing: measures the generator alone. */
enum NoopTarget implements Target, Target.Caller {
    INSTANCE;

    @Override
    public Target.Caller newCaller() {
        return this;
    }

    @Override
    public long call() {
        return Outcome.SUCCESS;
    }

    @Override
    public String describe() {
        return "no-op";
    }
}
