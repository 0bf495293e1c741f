package dev.jtee.stress;

import java.time.Duration;

/**
 * How the offered arrival rate of an {@linkplain OpenModel open model} changes over a run: a rate
 * function {@code λ(t)} over {@code [0, duration)} and its integral, the expected number of
 * arrivals. Uniform arrivals put call {@code i} (from 0) at {@code timeOfCount(i)}; Poisson arrivals
 * put them at {@code timeOfCount(E_i)} for a unit-rate Poisson process {@code E}, which makes any
 * profile a Poisson process with rate {@code λ(t)}. Immutable.
 */
public sealed interface RateProfile permits RateProfile.Constant, RateProfile.Ramp, RateProfile.Stairs {

    /** The length of the run in nanoseconds. */
    long durationNanos();

    /** The offered rate, in calls per second, at {@code nanos} after the start. */
    double rateAt(long nanos);

    /** Expected arrivals in {@code [0, nanos)}: the integral of the rate. */
    double countAt(long nanos);

    /**
     * The time in nanoseconds after the start at which {@code countAt} reaches {@code count}: the
     * inverse of {@link #countAt}. Past the end of the profile the last rate continues.
     */
    double timeOfCount(double count);

    /** A short description, e.g. {@code constant 1000/s for 10 s}. */
    String describe();

    default Duration duration() {
        return Duration.ofNanos(durationNanos());
    }

    /** Expected arrivals over the whole run. */
    default double totalCount() {
        return countAt(durationNanos());
    }

    /** The mean offered rate over the run, calls per second. */
    default double meanRate() {
        return totalCount() * 1e9 / durationNanos();
    }

    /** The highest offered rate of the run. */
    double peakRate();

    static RateProfile constant(double perSecond, Duration duration) {
        return new Constant(perSecond, duration);
    }

    static RateProfile ramp(double fromPerSecond, double toPerSecond, Duration duration) {
        return new Ramp(fromPerSecond, toPerSecond, duration);
    }

    static RateProfile stairs(double startPerSecond, double stepPerSecond, int steps, Duration stepDuration) {
        return new Stairs(startPerSecond, stepPerSecond, steps, stepDuration);
    }

    private static long positive(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration must be > 0: " + d);
        }
        return d.toNanos();
    }

    private static void checkRate(double r, boolean zeroAllowed) {
        if (!(r >= 0) || Double.isInfinite(r) || (!zeroAllowed && r == 0)) {
            throw new IllegalArgumentException("rate must be " + (zeroAllowed ? "≥" : ">") + " 0 and finite: " + r);
        }
    }

    /** The same rate for the whole run. */
    record Constant(double perSecond, Duration duration) implements RateProfile {
        public Constant {
            checkRate(perSecond, false);
            positive(duration);
        }

        @Override
        public long durationNanos() {
            return duration.toNanos();
        }

        @Override
        public double rateAt(long nanos) {
            return perSecond;
        }

        @Override
        public double countAt(long nanos) {
            return perSecond * nanos / 1e9;
        }

        @Override
        public double timeOfCount(double count) {
            return count * 1e9 / perSecond;
        }

        @Override
        public double peakRate() {
            return perSecond;
        }

        @Override
        public String describe() {
            return "constant " + Format.rate(perSecond) + " for " + Format.duration(durationNanos());
        }
    }

    /** A rate that moves linearly from {@code from} to {@code to} over the run. */
    record Ramp(double from, double to, Duration duration) implements RateProfile {
        public Ramp {
            checkRate(from, true);
            checkRate(to, true);
            if (from == 0 && to == 0) {
                throw new IllegalArgumentException("a ramp from 0 to 0 offers nothing");
            }
            positive(duration);
        }

        @Override
        public long durationNanos() {
            return duration.toNanos();
        }

        /** Rate change per second of run, calls/s². */
        private double slope() {
            return (to - from) / (durationNanos() / 1e9);
        }

        @Override
        public double rateAt(long nanos) {
            double t = Math.min(nanos, durationNanos()) / 1e9;
            return from + slope() * t;
        }

        @Override
        public double countAt(long nanos) {
            long d = durationNanos();
            double t = Math.min(nanos, d) / 1e9;
            double n = from * t + slope() * t * t / 2;
            return nanos <= d ? n : n + to * (nanos - d) / 1e9;
        }

        @Override
        public double timeOfCount(double count) {
            double total = countAt(durationNanos());
            if (count > total) {
                return durationNanos() + (count - total) * 1e9 / to;
            }
            double k = slope();
            double t;
            if (Math.abs(k) < 1e-12) {
                t = count / from;
            } else {
                // k/2 t² + from t - count = 0; the stable form of the positive root
                double disc = Math.max(0, from * from + 2 * k * count);
                t = 2 * count / (from + Math.sqrt(disc));
            }
            return t * 1e9;
        }

        @Override
        public double peakRate() {
            return Math.max(from, to);
        }

        @Override
        public String describe() {
            return "ramp " + Format.rate(from) + " → " + Format.rate(to) + " over " + Format.duration(durationNanos());
        }
    }

    /** {@code steps} constant stairs: {@code start}, {@code start + step}, … each for {@code stepDuration}. */
    record Stairs(double start, double step, int steps, Duration stepDuration) implements RateProfile {
        public Stairs {
            checkRate(start, true);
            if (steps < 1) {
                throw new IllegalArgumentException("stairs need ≥ 1 step: " + steps);
            }
            positive(stepDuration);
            for (int i = 0; i < steps; i++) {
                checkRate(start + i * step, true);
            }
            if (start + (steps - 1) * step <= 0 && start <= 0) {
                throw new IllegalArgumentException("stairs that offer nothing");
            }
        }

        /** The rate of stair {@code i} (from 0). */
        public double rateOf(int i) {
            return start + Math.min(i, steps - 1) * step;
        }

        @Override
        public long durationNanos() {
            return stepDuration.toNanos() * steps;
        }

        @Override
        public double rateAt(long nanos) {
            return rateOf((int) Math.min(steps - 1, Math.max(0, nanos) / stepDuration.toNanos()));
        }

        @Override
        public double countAt(long nanos) {
            long sd = stepDuration.toNanos();
            int full = (int) Math.min(steps, nanos / sd);
            double n = 0;
            for (int i = 0; i < full; i++) {
                n += rateOf(i) * sd / 1e9;
            }
            long rest = nanos - full * sd;
            return n + rateOf(full) * rest / 1e9;
        }

        @Override
        public double timeOfCount(double count) {
            long sd = stepDuration.toNanos();
            double n = 0;
            for (int i = 0; ; i++) {
                double r = rateOf(i);
                double inStep = r * sd / 1e9;
                if (i >= steps - 1 || count < n + inStep) {
                    // the last stair continues past the end
                    return (double) i * sd + (r == 0 ? 0 : (count - n) * 1e9 / r);
                }
                n += inStep;
            }
        }

        @Override
        public double peakRate() {
            return Math.max(rateOf(0), rateOf(steps - 1));
        }

        @Override
        public String describe() {
            return "stairs " + Format.rate(start) + (step >= 0 ? " + " : " − ") + Format.rate(Math.abs(step)) + " × " + steps
                    + ", " + Format.duration(stepDuration.toNanos()) + " each";
        }
    }
}
