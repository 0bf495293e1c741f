package dev.jtee.flow;

import java.util.concurrent.TimeUnit;

/**
 * Why a call was not admitted, in the one line its caller sees: the single wording of refusals
 * for everything that admits calls through this module (a client context, the daemon). Each
 * names the limit that refused, so that the line alone says what to change.
 */
public final class Refusal {
    private Refusal() {
    }

    /** No permit free and no room to wait: the policy is FAIL_FAST, or {@code capacity} calls wait already. */
    public static String queueFull(Policy policy, int capacity, String waitingFor) {
        return policy == Policy.FAIL_FAST
                ? "flow control: no room inside the TEE now and the policy is FAIL_FAST" + (waitingFor == null ? "" : " (" + waitingFor + ")")
                : "flow control: wait queue full (" + capacity + " calls waiting)" + (waitingFor == null ? "" : " for " + waitingFor);
    }

    /** The wait ended at its deadline, {@code budgetNanos} after it began. */
    public static String deadline(long budgetNanos, String waitingFor) {
        return "flow control: deadline passed after " + TimeUnit.NANOSECONDS.toMillis(budgetNanos) + " ms waiting"
                + (waitingFor == null ? "" : " for " + waitingFor);
    }

    /** A token bucket had no token. */
    public static String rateLimited(double perSecond, int burst) {
        return "flow control: rate limited (" + perSecond + " calls/s, burst " + burst + ")";
    }

    /** Every one of the limiter's {@code max} client partitions is taken: no new client now. */
    public static String partitions(int max) {
        return "flow control: " + max + " clients are served already (one partition each); try again when one leaves";
    }

    /** The wait was cancelled by its caller. */
    public static String cancelled() {
        return "cancelled while waiting in the normal world";
    }

    /** The limiter was closed while the call waited or came. */
    public static String closed(String limiter) {
        return "flow control: " + limiter + " is closing";
    }
}
