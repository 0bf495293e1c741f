package dev.jtee.bench;

import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import dev.jtee.flow.Admission;
import dev.jtee.flow.Limiter;
import dev.jtee.flow.Outcome;
import dev.jtee.flow.Partition;
import dev.jtee.flow.Permit;
import dev.jtee.flow.Policy;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Admission overhead: one acquire + release of a concurrency permit, fail-fast, with a limit high
 * enough that nothing is refused, side by side for jtee's {@link Limiter} (fixed limit), Resilience4j's
 * SemaphoreBulkhead, Netflix's SimpleLimiter (fixed limit) and a plain JDK {@link Semaphore}, at 1, 2
 * and 4 threads (the nested classes). Run with {@code -prof gc} to see bytes allocated per op.
 */
public class AdmissionBenchmark {
    static final int LIMIT = 1024;

    @State(Scope.Benchmark)
    public static class Limiters {
        Limiter jtee;
        Partition partition;
        Bulkhead bulkhead;
        SimpleLimiter<Void> netflix;
        Semaphore semaphore;

        @Setup
        public void setUp() {
            jtee = Limiter.builder().name("bench").fixedLimit(LIMIT).policy(Policy.FAIL_FAST).build();
            partition = jtee.defaultPartition();
            bulkhead = Bulkhead.of("bench", BulkheadConfig.custom().maxConcurrentCalls(LIMIT).maxWaitDuration(Duration.ZERO).build());
            netflix = SimpleLimiter.newBuilder().limit(FixedLimit.of(LIMIT)).build();
            semaphore = new Semaphore(LIMIT);
        }
    }

    @State(Scope.Thread)
    public static class Caller {
        Permit permit;

        @Setup
        public void setUp(Limiters l) {
            permit = l.jtee.newPermit();
        }
    }

    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    @Fork(1)
    public abstract static class Base {
        @Benchmark
        public boolean jteeLimiter(Limiters l, Caller c) {
            Admission a = l.jtee.acquire(c.permit, l.partition, Policy.FAIL_FAST, Limiter.NO_DEADLINE);
            if (a.isGranted()) {
                l.jtee.release(c.permit, Outcome.SUCCESS, 1_000);
                return true;
            }
            return false;
        }

        @Benchmark
        public boolean resilience4jSemaphoreBulkhead(Limiters l) {
            if (l.bulkhead.tryAcquirePermission()) {
                l.bulkhead.onComplete();
                return true;
            }
            return false;
        }

        @Benchmark
        public boolean netflixSimpleLimiter(Limiters l) {
            Optional<com.netflix.concurrency.limits.Limiter.Listener> listener = l.netflix.acquire(null);
            if (listener.isPresent()) {
                listener.get().onSuccess();
                return true;
            }
            return false;
        }

        @Benchmark
        public boolean jdkSemaphore(Limiters l) {
            if (l.semaphore.tryAcquire()) {
                l.semaphore.release();
                return true;
            }
            return false;
        }
    }

    @Threads(1)
    public static class Threads1 extends Base {
    }

    @Threads(2)
    public static class Threads2 extends Base {
    }

    @Threads(4)
    public static class Threads4 extends Base {
    }
}
