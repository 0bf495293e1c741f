package dev.jtee.stress;

import dev.jtee.client.FlowStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Runs one step: starts the model's threads, each with its own {@link Target.Caller} and
 * recorders, and samples them from the calling thread into intervals. The per-call path of a
 * worker (claim a slot, wait for its time, call, record) allocates nothing.
 */
final class LoadGenerator {
    /** Sampling period of the calls in progress (Little's law) and the progress bar. */
    private static final long SAMPLE_NANOS = 1_000_000;
    private static final long PROGRESS_NANOS = 200_000_000;
    /** How long to wait for calls still under way after a step before calling them stuck. */
    private static final long STUCK_NANOS = 10_000_000_000L;

    private final Target target;
    private final Ticker ticker;
    private final Supplier<FlowStats> flow;
    private final long fixedIntervalNanos;
    private final StressListener listener;
    private final SaturationRule rule;
    /** Interval times are reported from here. */
    private final long runStart;

    LoadGenerator(Target target, Ticker ticker, Supplier<FlowStats> flow, long intervalNanos, StressListener listener,
                  SaturationRule rule, long runStart) {
        this.target = target;
        this.ticker = ticker;
        this.flow = flow;
        this.fixedIntervalNanos = intervalNanos;
        this.listener = listener;
        this.rule = rule;
        this.runStart = runStart;
    }

    StepResult run(int index, String phase, LoadModel model) {
        long durationNanos = model.duration().toNanos();
        long intervalNanos = fixedIntervalNanos > 0 ? fixedIntervalNanos
                : Math.clamp(durationNanos / 20, 10_000_000L, 1_000_000_000L);
        Crew crew;
        Schedule schedule = null;
        WorkerSizing sizing = null;
        // start a little ahead so every thread is waiting when the first call is due
        long t0 = ticker.nanoTime() + 20_000_000L;
        switch (model) {
            case OpenModel o -> {
                schedule = new Schedule(o, t0);
                crew = new Crew(index, o.workers());
                sizing = o.sized() ? new WorkerSizing(o.profile(), o.workers()) : null;
                int first = o.firstWorkers();
                for (int i = 0; i < first; i++) {
                    crew.addOpen(schedule);
                }
            }
            case ClosedModel c -> {
                crew = new Crew(index, c.callers());
                for (int i = 0; i < c.callers(); i++) {
                    crew.add(new ClosedWorker(target.newCaller(), ticker, t0, t0 + durationNanos, c.thinkTime().toNanos()));
                }
            }
        }

        Sampler sampler = new Sampler(crew, t0, durationNanos, intervalNanos);
        long stopBy = t0 + durationNanos + (schedule != null ? schedule.graceNanos : 0) + STUCK_NANOS;
        long nextProgress = t0 + PROGRESS_NANOS;
        boolean stuck = false;
        long starvedSeen = 0;
        while (!crew.done()) {
            long now = ticker.nanoTime();
            if (now - stopBy > 0) {
                stuck = true;
                break;
            }
            if (now - t0 >= 0) {
                long inCall = sampler.sampleInCall();
                if (sizing != null && !schedule.done() && now - schedule.end < 0) {
                    // starved: a call found every thread busy, and at this sample every thread is in a call
                    long starved = schedule.starved.get();
                    boolean allBusy = starved > starvedSeen && inCall >= crew.live;
                    int want = sizing.wanted(now - t0, crew.live, sampler.completed(), crew.busyNanos(), allBusy);
                    starvedSeen = starved;
                    while (crew.live < want) {
                        crew.addOpen(schedule);
                    }
                }
                if (now - sampler.nextIntervalEnd >= 0) {
                    sampler.closeInterval(now);
                }
                if (now - nextProgress >= 0) {
                    nextProgress = now + PROGRESS_NANOS;
                    Interval last = sampler.lastInterval();
                    listener.progress(Math.min(1, (double) (now - t0) / durationNanos), sampler.completed(),
                            last == null ? 0 : last.throughput(), last == null ? 0 : last.p99());
                }
            }
            LockSupport.parkNanos(SAMPLE_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                stuck = true;
                break;
            }
        }
        Worker[] workers = crew.started();
        long lastEnd = t0;
        for (Worker w : workers) {
            lastEnd = Math.max(lastEnd, w.lastEnd);
        }
        sampler.closeInterval(Math.max(lastEnd, sampler.intervalStart + 1));
        for (Worker w : workers) {
            w.caller.close();
        }

        long started = 0;
        long completed = 0;
        Map<Long, Long> outcomes = OutcomeCounter.newMap();
        Throwable firstError = null;
        for (Worker w : workers) {
            started += w.startedOpaque();
            completed += w.completedOpaque();
            if (!stuck) {
                w.outcomes.drainInto(outcomes);
            }
            if (firstError == null) {
                firstError = w.firstError;
            }
        }
        long scheduled = 0;
        long missed = 0;
        double offered = 0;
        long busyAtBound = 0;
        if (model instanceof OpenModel o) {
            busyAtBound = schedule.busyAtBound.get();
            scheduled = schedule.scheduled();
            missed = Math.max(0, scheduled - started);
            offered = o.profile().meanRate();
        }
        List<OutcomeCount> counts = new ArrayList<>();
        outcomes.forEach((k, v) -> counts.add(new OutcomeCount(k, v)));

        double elapsed = Math.max(durationNanos, lastEnd - t0) / 1e9;
        double achieved = completed / elapsed;
        Latency uncorrected = Latency.of(sampler.stepUncorrected);
        LittlesLaw little = new LittlesLaw(sampler.meanInCall(), achieved, uncorrected.mean() / 1e9);
        String note = generatorNote(model, scheduled, missed, Latency.of(sampler.stepLateness), stuck, started - completed, firstError,
                workers.length, busyAtBound);
        StepResult partial = new StepResult(index, phase, model, offered, scheduled, started, completed, missed, elapsed, achieved,
                List.copyOf(counts), Latency.of(sampler.stepCorrected), uncorrected, Latency.of(sampler.stepLateness),
                sampler.stepCorrected, sampler.stepUncorrected, List.copyOf(sampler.intervals), little,
                sampler.firstQuarter.getTotalCount() == 0 ? 0 : sampler.firstQuarter.getValueAtPercentile(50),
                sampler.lastQuarter.getTotalCount() == 0 ? 0 : sampler.lastQuarter.getValueAtPercentile(50),
                Saturation.SUSTAINED, note, sampler.log(), workers.length, busyAtBound);
        Saturation sat = rule.judge(partial);
        if (stuck) {
            List<String> why = new ArrayList<>(sat.reasons());
            why.add(0, (started - completed) + " calls still under way " + Format.duration(STUCK_NANOS) + " after the step");
            sat = new Saturation(true, why);
        }
        return new StepResult(index, phase, model, offered, scheduled, started, completed, missed, elapsed, achieved,
                partial.outcomes(), partial.corrected(), uncorrected, partial.lateness(), partial.correctedHistogram(),
                partial.uncorrectedHistogram(), partial.intervals(), little, partial.firstQuarterP50(), partial.lastQuarterP50(),
                sat, note, partial.intervalLog(), workers.length, busyAtBound);
    }

    private static String generatorNote(LoadModel model, long scheduled, long missed, Latency late, boolean stuck, long underWay,
                                        Throwable error, int workers, long busyAtBound) {
        List<String> parts = new ArrayList<>();
        if (missed > 0) {
            parts.add("the generator could not keep the rate: " + missed + " of " + scheduled + " scheduled calls ("
                    + Format.percent((double) missed / scheduled) + ") were never started");
        }
        if (model instanceof OpenModel && late.count() > 0 && late.p99() > 1_000_000) {
            parts.add("calls started late: p99 " + Format.latency(late.p99()) + ", max " + Format.latency(late.max())
                    + " after their intended start (all workers busy or the generator behind)");
        }
        if (model instanceof OpenModel o && StepResult.workersLimited(late, busyAtBound)) {
            parts.add(busyAtBound + " calls found all " + workers + " workers busy, the most " + (o.sized() ? "allowed" : "set")
                    + ": the bound on workers limited the calls in flight");
        }
        if (stuck) {
            parts.add(underWay + " calls never returned");
        }
        if (error != null) {
            parts.add("the target threw " + error);
        }
        return String.join("; ", parts);
    }

    /**
     * The open model's shared schedule. Uniform: slot {@code i} is due at {@code t0 + timeOfCount(i)}.
     * Poisson: a shared unit-rate Poisson process in the profile's count space (each claim adds an
     * exponential draw), so due at {@code t0 + timeOfCount(E_i)}. Workers claim the next due call
     * when they are free; only as many stay active as keep the schedule (k6's VUs, up to
     * {@code workers}): a free worker rests while another already waits for the next call, and a
     * worker that finds its call already late wakes a resting one.
     */
    static final class Schedule {
        /** A call found this late means every active worker was busy: bring in another. */
        static final long WAKE_LATE_NANOS = 20_000;
        private static final long REST_SLICE_NANOS = 5_000_000;

        final RateProfile profile;
        final long t0;
        final long end;
        final long hardStop;
        final long graceNanos;
        final long total;
        final boolean poisson;
        final int workers;
        final long seed;
        final AtomicLong next = new AtomicLong();
        /** Poisson: the cumulative count so far, as double bits. */
        final AtomicLong cumulative = new AtomicLong(Double.doubleToRawLongBits(0));
        /** Poisson: calls claimed that are due before the end. */
        final AtomicLong claimed = new AtomicLong();
        final AtomicInteger active = new AtomicInteger();
        /** Workers that claimed a call not yet due and wait for it. */
        final AtomicInteger waiting = new AtomicInteger();
        /** Calls found late with every started worker busy: the step needs more. */
        final AtomicLong starved = new AtomicLong();
        /** Those of them that found every worker the model allows busy. */
        final AtomicLong busyAtBound = new AtomicLong();
        OpenWorker[] all;
        /** Workers started: {@code all[0..live)}, published by this write. */
        volatile int live;

        Schedule(OpenModel model, long t0) {
            this.profile = model.profile();
            this.t0 = t0;
            this.end = t0 + profile.durationNanos();
            this.graceNanos = model.grace().toNanos();
            this.hardStop = end + graceNanos;
            this.poisson = model.arrivals() == Arrivals.POISSON;
            this.workers = model.workers();
            this.seed = model.seed();
            this.total = uniformCount(profile);
            this.all = new OpenWorker[model.workers()];
        }

        /** Uniform arrivals in {@code [0, duration)}: the i with {@code timeOfCount(i) < duration}. */
        static long uniformCount(RateProfile p) {
            long d = p.durationNanos();
            long n = (long) Math.ceil(p.countAt(d));
            while (n > 0 && p.timeOfCount(n - 1) >= d) {
                n--;
            }
            while (p.timeOfCount(n) < d) {
                n++;
            }
            return n;
        }

        /** The next call's due offset from t0 in nanoseconds, or −1 when the schedule is done. */
        double claim(SplittableRandom random) {
            if (!poisson) {
                long i = next.getAndIncrement();
                return i < total ? profile.timeOfCount(i) : -1;
            }
            while (true) {
                long bits = cumulative.get();
                double c = Double.longBitsToDouble(bits);
                if (profile.timeOfCount(c) >= profile.durationNanos()) {
                    return -1;
                }
                double n = c + exponential(random);
                if (cumulative.compareAndSet(bits, Double.doubleToRawLongBits(n))) {
                    double offset = profile.timeOfCount(n);
                    if (offset >= profile.durationNanos()) {
                        return -1;
                    }
                    claimed.incrementAndGet();
                    return offset;
                }
            }
        }

        static double exponential(SplittableRandom random) {
            return -Math.log(1 - random.nextDouble());
        }

        /** The due offset of the next unclaimed call (for Poisson, a lower bound). */
        double nextDue() {
            return poisson ? profile.timeOfCount(Double.longBitsToDouble(cumulative.get())) : profile.timeOfCount(next.get());
        }

        boolean done() {
            return poisson ? profile.timeOfCount(Double.longBitsToDouble(cumulative.get())) >= profile.durationNanos()
                    : next.get() >= total;
        }

        /** Calls due before the end: for Poisson, those claimed plus the rest of the process drawn now. */
        long scheduled() {
            if (!poisson) {
                return total;
            }
            long n = claimed.get();
            double c = Double.longBitsToDouble(cumulative.get());
            SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
            while (true) {
                c += exponential(r);
                if (profile.timeOfCount(c) >= profile.durationNanos()) {
                    return n;
                }
                n++;
            }
        }

        void wakeOne() {
            int n = live;
            for (int i = 0; i < n; i++) {
                OpenWorker w = all[i];
                if (w.resting && REST.compareAndSet(w, true, false)) {
                    active.incrementAndGet();
                    LockSupport.unpark(w.thread);
                    return;
                }
            }
            starved.incrementAndGet();
            if (n == all.length) {
                busyAtBound.incrementAndGet();
            }
        }

        /** Makes {@code w} the next worker (on the step's thread only). */
        void add(OpenWorker w) {
            int n = live;
            all[n] = w;
            active.incrementAndGet();
            live = n + 1;
        }
    }

    /** One generator thread. Fields other than the two counters are read only after it ended. */
    abstract static class Worker implements Runnable {
        private static final VarHandle STARTED;
        private static final VarHandle COMPLETED;
        private static final VarHandle BUSY;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                STARTED = l.findVarHandle(Worker.class, "started", long.class);
                COMPLETED = l.findVarHandle(Worker.class, "completed", long.class);
                BUSY = l.findVarHandle(Worker.class, "busy", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Target.Caller caller;
        final Ticker ticker;
        final SingleWriterRecorder corrected = new SingleWriterRecorder(3);
        final SingleWriterRecorder uncorrected = new SingleWriterRecorder(3);
        final SingleWriterRecorder lateness = new SingleWriterRecorder(3);
        final OutcomeCounter outcomes = new OutcomeCounter();
        /** Recycled interval histograms, touched only by the sampler. */
        Histogram spareCorrected;
        Histogram spareUncorrected;
        Histogram spareLateness;
        long started;
        long completed;
        /** Latencies from actual start of the completed calls, summed (Little's law sizing). */
        long busy;
        long lastEnd;
        Throwable firstError;

        Worker(Target.Caller caller, Ticker ticker) {
            this.caller = caller;
            this.ticker = ticker;
        }

        /** Makes one call due at {@code intended} that starts at {@code start}, and records it. */
        final void call(long intended, long start) {
            STARTED.setRelease(this, started + 1);
            long outcome;
            try {
                outcome = caller.call();
            } catch (RuntimeException | Error e) {
                if (firstError == null) {
                    firstError = e;
                }
                outcome = Outcome.exception();
            }
            long end = ticker.nanoTime();
            // the call is over at `end`: the sampler must not count the recording below as in progress
            COMPLETED.setRelease(this, completed + 1);
            BUSY.setRelease(this, busy + Math.max(0, end - start));
            corrected.recordValue(Math.max(0, end - intended));
            uncorrected.recordValue(Math.max(0, end - start));
            lateness.recordValue(Math.max(0, start - intended));
            outcomes.add(outcome);
            lastEnd = end;
        }

        long startedOpaque() {
            return (long) STARTED.getAcquire(this);
        }

        long completedOpaque() {
            return (long) COMPLETED.getAcquire(this);
        }

        long busyOpaque() {
            return (long) BUSY.getAcquire(this);
        }
    }

    private static final VarHandle REST;

    static {
        try {
            REST = MethodHandles.lookup().findVarHandle(OpenWorker.class, "resting", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Claims the next due call of the shared schedule, waits for its time, makes it; rests when not needed. */
    static final class OpenWorker extends Worker {
        private final Schedule s;
        private final SplittableRandom random;
        volatile boolean resting;
        volatile Thread thread;

        OpenWorker(Target.Caller caller, Ticker ticker, Schedule s, int index) {
            super(caller, ticker);
            this.s = s;
            this.random = new SplittableRandom(s.seed * 0x9E3779B97F4A7C15L + index);
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            while (true) {
                double offset = s.claim(random);
                if (offset < 0) {
                    return;
                }
                long intended = s.t0 + (long) offset;
                long now = ticker.nanoTime();
                if (now - s.hardStop > 0) {
                    return;
                }
                if (intended - now > 0) {
                    s.waiting.incrementAndGet();
                    now = ticker.awaitNanos(intended);
                    s.waiting.decrementAndGet();
                } else if (now - intended > Schedule.WAKE_LATE_NANOS) {
                    s.wakeOne();
                }
                call(intended, now);
                if (s.waiting.get() > 0 && s.active.get() > 1 && !rest()) {
                    return;
                }
            }
        }

        /** Rests until woken; false when the schedule ended meanwhile. */
        private boolean rest() {
            resting = true;
            s.active.decrementAndGet();
            while (resting) {
                if (s.done() || ticker.nanoTime() - s.hardStop > 0) {
                    if (REST.compareAndSet(this, true, false)) {
                        s.active.incrementAndGet();
                        return false;
                    }
                    return true;
                }
                LockSupport.parkNanos(this, Schedule.REST_SLICE_NANOS);
            }
            return true;
        }
    }

    /** Calls, thinks, calls again until the step ends. */
    static final class ClosedWorker extends Worker {
        private final long t0;
        private final long end;
        private final long think;

        ClosedWorker(Target.Caller caller, Ticker ticker, long t0, long end, long think) {
            super(caller, ticker);
            this.t0 = t0;
            this.end = end;
            this.think = think;
        }

        @Override
        public void run() {
            long now = ticker.awaitNanos(t0);
            while (now - end < 0) {
                call(now, now);
                now = lastEnd;
                if (think > 0) {
                    now = ticker.awaitNanos(now + think);
                }
            }
        }
    }

    /**
     * A step's workers and their threads. Only the step's thread adds workers (all of a closed
     * step's at once, an open step's as {@link WorkerSizing} asks) and reads them.
     */
    final class Crew {
        private final int index;
        private final Worker[] workers;
        private final AtomicInteger running = new AtomicInteger();
        int live;

        Crew(int index, int capacity) {
            this.index = index;
            this.workers = new Worker[capacity];
        }

        void addOpen(Schedule schedule) {
            OpenWorker w = new OpenWorker(target.newCaller(), ticker, schedule, live);
            schedule.add(w);
            add(w);
        }

        void add(Worker w) {
            int i = live;
            workers[i] = w;
            live = i + 1;
            running.incrementAndGet();
            Thread.ofPlatform().daemon().name("jtee-stress-" + index + "-" + i).start(() -> {
                try {
                    w.run();
                } finally {
                    running.decrementAndGet();
                }
            });
        }

        /** Whether every thread started so far has ended (none is added after that). */
        boolean done() {
            return running.get() == 0;
        }

        long busyNanos() {
            long n = 0;
            for (int i = 0; i < live; i++) {
                n += workers[i].busyOpaque();
            }
            return n;
        }

        Worker[] started() {
            return java.util.Arrays.copyOf(workers, live);
        }
    }

    /** Gathers the workers' recorders into intervals and step totals; runs on the step's thread. */
    final class Sampler {
        private final Crew crew;
        private final long t0;
        private final long duration;
        private final long intervalNanos;
        final Histogram stepCorrected = new Histogram(3);
        final Histogram stepUncorrected = new Histogram(3);
        final Histogram stepLateness = new Histogram(3);
        final Histogram firstQuarter = new Histogram(3);
        final Histogram lastQuarter = new Histogram(3);
        private final Histogram intervalCorrected = new Histogram(3);
        private final Histogram intervalUncorrected = new Histogram(3);
        private final Histogram intervalLateness = new Histogram(3);
        final List<Interval> intervals = new ArrayList<>();
        private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        private final HistogramLogWriter log;
        long intervalStart;
        long nextIntervalEnd;
        private double inCallSum;
        private long inCallSamples;
        private double intervalInCallSum;
        private long intervalInCallSamples;
        private long completedBefore;

        Sampler(Crew crew, long t0, long duration, long intervalNanos) {
            this.crew = crew;
            this.t0 = t0;
            this.duration = duration;
            this.intervalNanos = intervalNanos;
            this.intervalStart = t0;
            this.nextIntervalEnd = t0 + intervalNanos;
            this.log = new HistogramLogWriter(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
            log.outputLogFormatVersion();
            log.outputComment("jtee stress step, values in nanoseconds; tags: corrected (from intended start), uncorrected (from actual start)");
            log.outputLegend();
        }

        /** Samples the calls in progress, and answers them. */
        long sampleInCall() {
            long n = 0;
            for (int i = 0; i < crew.live; i++) {
                Worker w = crew.workers[i];
                // completed first: a call that ends between the two reads must not make the count negative
                long done = w.completedOpaque();
                n += w.startedOpaque() - done;
            }
            inCallSum += n;
            inCallSamples++;
            intervalInCallSum += n;
            intervalInCallSamples++;
            return n;
        }

        long completed() {
            long n = 0;
            for (int i = 0; i < crew.live; i++) {
                Worker w = crew.workers[i];
                n += w.completedOpaque();
            }
            return n;
        }

        double meanInCall() {
            return inCallSamples == 0 ? 0 : inCallSum / inCallSamples;
        }

        Interval lastInterval() {
            return intervals.isEmpty() ? null : intervals.getLast();
        }

        void closeInterval(long now) {
            intervalCorrected.reset();
            intervalUncorrected.reset();
            intervalLateness.reset();
            for (int i = 0; i < crew.live; i++) {
                Worker w = crew.workers[i];
                w.spareCorrected = w.corrected.getIntervalHistogram(w.spareCorrected);
                w.spareUncorrected = w.uncorrected.getIntervalHistogram(w.spareUncorrected);
                w.spareLateness = w.lateness.getIntervalHistogram(w.spareLateness);
                intervalCorrected.add(w.spareCorrected);
                intervalUncorrected.add(w.spareUncorrected);
                intervalLateness.add(w.spareLateness);
            }
            stepCorrected.add(intervalCorrected);
            stepUncorrected.add(intervalUncorrected);
            stepLateness.add(intervalLateness);
            long mid = (intervalStart + now) / 2 - t0;
            if (mid < duration / 4) {
                firstQuarter.add(intervalCorrected);
            } else if (mid >= duration * 3 / 4 && mid < duration) {
                lastQuarter.add(intervalCorrected);
            }
            long completedNow = completed();
            long n = completedNow - completedBefore;
            completedBefore = completedNow;
            double seconds = Math.max(1, now - intervalStart) / 1e9;
            int inFlight = -1;
            int limit = -1;
            int queued = -1;
            if (flow != null) {
                FlowStats f = flow.get();
                if (f != null) {
                    inFlight = f.inFlight();
                    limit = f.limit();
                    queued = f.queued();
                }
            }
            Histogram h = intervalCorrected;
            boolean any = h.getTotalCount() > 0;
            intervals.add(new Interval((now - runStart) / 1e9, n / seconds,
                    any ? h.getValueAtPercentile(50) : 0, any ? h.getValueAtPercentile(90) : 0,
                    any ? h.getValueAtPercentile(99) : 0, any ? h.getMaxValue() : 0,
                    intervalUncorrected.getTotalCount() > 0 ? intervalUncorrected.getValueAtPercentile(99) : 0,
                    intervalLateness.getTotalCount() > 0 ? intervalLateness.getValueAtPercentile(99) : 0,
                    intervalInCallSamples == 0 ? 0 : intervalInCallSum / intervalInCallSamples, inFlight, limit, queued));
            writeLog(intervalCorrected, "corrected", now);
            writeLog(intervalUncorrected, "uncorrected", now);
            intervalInCallSum = 0;
            intervalInCallSamples = 0;
            intervalStart = now;
            nextIntervalEnd = now + intervalNanos;
        }

        private void writeLog(Histogram h, String tag, long now) {
            // timestamps in ms since the run's start, as HistogramLogWriter expects
            h.setStartTimeStamp((intervalStart - runStart) / 1_000_000);
            h.setEndTimeStamp((now - runStart) / 1_000_000);
            h.setTag(tag);
            log.outputIntervalHistogram(h);
            h.setTag(null);
        }

        String log() {
            return logBytes.toString(StandardCharsets.UTF_8);
        }
    }
}
