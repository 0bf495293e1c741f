package dev.jtee.stress;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.HdrHistogram.Histogram;

/**
 * Steps of the knee search computed in simulated time, event by event, so that the search can be
 * checked against targets of known capacity on any machine. The generator starts one call at a
 * time and spends {@code openCost} (open steps) or {@code closedCost} (closed steps) on each start,
 * so its own ceiling is known too; a call needs a free generator thread. The target has
 * {@code servers} servers of {@code capacity} calls/s in all: with queueing a call waits FIFO for a
 * server, without it a call finding every server busy is refused at once with TEE_ERROR_BUSY.
 */
final class SimulatedRun implements KneeFinder.StepRunner {
    private static final long BUSY = Outcome.of(TeeResult.BUSY, Origin.TEE);

    private final double capacity;
    private final int servers;
    private final boolean queueing;
    private final long openCost;
    private final long closedCost;
    private int index;

    SimulatedRun(double capacity, int servers, boolean queueing, double generatorOpenRate, double generatorClosedRate) {
        this.capacity = capacity;
        this.servers = servers;
        this.queueing = queueing;
        this.openCost = Math.round(1e9 / generatorOpenRate);
        this.closedCost = Math.round(1e9 / generatorClosedRate);
    }

    @Override
    public StepResult run(String phase, LoadModel model, int planned) {
        return simulate(phase, model, Math.round(servers * 1e9 / capacity));
    }

    @Override
    public StepResult runNoop(LoadModel model) {
        return simulate("generator", model, 0);
    }

    private StepResult simulate(String phase, LoadModel model, long service) {
        Step s = new Step(model.duration().toNanos(), service);
        switch (model) {
            case OpenModel o -> s.open(o);
            case ClosedModel c -> s.closed(c);
        }
        return s.result(++index, phase, model);
    }

    /** One step's simulation; times in ns from the step's start. */
    private final class Step {
        final long duration;
        final long service;
        final long[] freeAt = new long[servers];
        long generatorFree;
        long scheduled;
        long started;
        long errors;
        long lastEnd;
        double inCall;
        final Histogram corrected = new Histogram(3);
        final Histogram uncorrected = new Histogram(3);
        final Histogram late = new Histogram(3);
        final Histogram first = new Histogram(3);
        final Histogram last = new Histogram(3);

        Step(long duration, long service) {
            this.duration = duration;
            this.service = service;
        }

        void open(OpenModel o) {
            double rate = o.profile().meanRate();
            scheduled = LoadGenerator.Schedule.uniformCount(o.profile());
            long hardStop = duration + o.grace().toNanos();
            PriorityQueue<Long> workers = new PriorityQueue<>();
            for (int i = 0; i < o.workers(); i++) {
                workers.add(0L);
            }
            for (long i = 0; i < scheduled; i++) {
                long intended = (long) (i * 1e9 / rate);
                long start = Math.max(intended, Math.max(generatorFree, workers.poll()));
                if (start > hardStop) {
                    return;
                }
                generatorFree = start + openCost;
                workers.add(call(intended, start));
            }
        }

        void closed(ClosedModel c) {
            PriorityQueue<Long> callers = new PriorityQueue<>();
            for (int i = 0; i < c.callers(); i++) {
                callers.add(0L);
            }
            while (true) {
                long start = Math.max(callers.poll(), generatorFree);
                if (start >= duration) {
                    return;
                }
                generatorFree = start + closedCost;
                callers.add(call(start, start));
            }
        }

        /** The target's side of one call; answers when it ends. */
        long call(long intended, long start) {
            started++;
            int best = 0;
            for (int i = 1; i < freeAt.length; i++) {
                if (freeAt[i] < freeAt[best]) {
                    best = i;
                }
            }
            long end;
            if (service == 0) {
                end = start;
            } else if (!queueing && freeAt[best] > start) {
                end = start + 1_000;
                errors++;
            } else {
                end = Math.max(start, freeAt[best]) + service;
                freeAt[best] = end;
            }
            corrected.recordValue(end - intended);
            uncorrected.recordValue(end - start);
            late.recordValue(start - intended);
            inCall += end - start;
            if (end < duration / 4) {
                first.recordValue(end - intended);
            } else if (end >= duration * 3 / 4 && end < duration) {
                last.recordValue(end - intended);
            }
            lastEnd = Math.max(lastEnd, end);
            return end;
        }

        StepResult result(int index, String phase, LoadModel model) {
            double elapsed = Math.max(duration, lastEnd) / 1e9;
            double achieved = started / elapsed;
            double offered = model instanceof OpenModel o ? o.profile().meanRate() : 0;
            long missed = Math.max(0, scheduled - started);
            List<OutcomeCount> outcomes = new ArrayList<>();
            if (started > errors) {
                outcomes.add(new OutcomeCount(Outcome.SUCCESS, started - errors));
            }
            if (errors > 0) {
                outcomes.add(new OutcomeCount(BUSY, errors));
            }
            Latency u = Latency.of(uncorrected);
            LittlesLaw little = new LittlesLaw(inCall / 1e9 / elapsed, achieved, u.mean() / 1e9);
            long f = first.getTotalCount() == 0 ? 0 : first.getValueAtPercentile(50);
            long l = last.getTotalCount() == 0 ? 0 : last.getValueAtPercentile(50);
            StepResult r = new StepResult(index, phase, model, offered, scheduled, started, started, missed, elapsed, achieved, outcomes,
                    Latency.of(corrected), u, Latency.of(late), corrected, uncorrected, List.of(), little, f, l, Saturation.SUSTAINED, "", "",
                    KneeTest.workersOf(model), 0);
            return new StepResult(index, phase, model, offered, scheduled, started, started, missed, elapsed, achieved, outcomes,
                    r.corrected(), u, r.lateness(), corrected, uncorrected, List.of(), little, f, l, SaturationRule.DEFAULT.judge(r),
                    missed > 0 ? missed + " of " + scheduled + " scheduled calls never started" : "", "", KneeTest.workersOf(model), 0);
        }
    }
}
