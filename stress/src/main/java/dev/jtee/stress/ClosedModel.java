package dev.jtee.stress;

import java.time.Duration;

/**
 * The closed model: {@code callers} threads, each calling, then thinking for {@code thinkTime},
 * then calling again, for {@code duration} (the seed's thread pool). Throughput follows from the
 * target's latency, so latency counts from each call's actual start.
 */
public record ClosedModel(int callers, Duration thinkTime, Duration duration) implements LoadModel {
    public ClosedModel {
        if (callers < 1) {
            throw new IllegalArgumentException("callers must be ≥ 1: " + callers);
        }
        if (thinkTime == null || thinkTime.isNegative()) {
            throw new IllegalArgumentException("think time must be ≥ 0: " + thinkTime);
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0: " + duration);
        }
    }

    public static ClosedModel of(int callers, Duration duration) {
        return new ClosedModel(callers, Duration.ZERO, duration);
    }

    @Override
    public String describe() {
        return "closed: " + callers + (callers == 1 ? " caller" : " callers")
                + (thinkTime.isZero() ? "" : ", think " + Format.duration(thinkTime.toNanos())) + " for " + Format.duration(duration.toNanos());
    }
}
