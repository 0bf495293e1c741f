package dev.jtee.client;

/**
 * A snapshot of one context's admission counters. Conservation: every call submitted ends in
 * exactly one of completed, refused or cancelled, so once no call is under way
 * {@code submitted == completed + refused + cancelled} (and {@code inFlight == queued == 0}).
 * "Completed" means the call reached the secure world and came back, whatever its GP result.
 *
 * @param submitted          calls (opens, invokes, closes) handed to the driver
 * @param completed          calls that entered the secure world and returned
 * @param refused            calls ended with BUSY (origin COMMS) before entering: the sum of the next three
 * @param refusedQueueFull   refused because the wait queue was full (or the policy is FAIL_FAST)
 * @param refusedDeadline    refused because their deadline passed while waiting
 * @param refusedRateLimited refused by the rate limit
 * @param cancelled          calls ended with CANCEL (or COMMUNICATION when the TEE closed) while waiting
 * @param inFlight           calls of the context inside the secure world now
 * @param limit              the in-flight limit now (adaptive limits move)
 * @param queued             calls waiting in the normal world now (for a permit, a busy instance or a session slot)
 * @param peakQueued         the most calls that waited at once so far
 */
public record FlowStats(long submitted, long completed, long refused, long refusedQueueFull, long refusedDeadline,
                        long refusedRateLimited, long cancelled, int inFlight, int limit, int queued, int peakQueued) {
    /** Calls that have not ended yet. */
    public long underWay() {
        return submitted - completed - refused - cancelled;
    }
}
