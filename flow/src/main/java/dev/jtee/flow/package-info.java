/**
 * Flow control for calls into a TEE (or anything else): admission by a concurrency limit, a rate
 * limit and partitions, with a bounded deadline-aware wait queue.
 *
 * <p>Public surface: {@link dev.jtee.flow.Limiter} (built with its builder; the one entry point),
 * {@link dev.jtee.flow.Permit} (a reusable ticket), {@link dev.jtee.flow.Partition},
 * the answers {@link dev.jtee.flow.Admission} and {@link dev.jtee.flow.Outcome}, the choices
 * {@link dev.jtee.flow.Policy} and {@link dev.jtee.flow.QueueOrder}, the limits
 * {@link dev.jtee.flow.Limit}, {@link dev.jtee.flow.FixedLimit} and {@link dev.jtee.flow.AdaptiveLimit},
 * {@link dev.jtee.flow.TokenBucket}, and time: {@link dev.jtee.flow.NanoClock} and
 * {@link dev.jtee.flow.ManualClock} for simulated-time tests. Meters are registered under
 * {@code jtee.flow.*} when a Micrometer registry is given. This package depends on nothing else in
 * jtee.
 */
package dev.jtee.flow;
