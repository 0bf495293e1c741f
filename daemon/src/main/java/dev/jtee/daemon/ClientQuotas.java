package dev.jtee.daemon;

import java.util.HashMap;
import java.util.Map;

/**
 * Each client's share of the daemon, counted per process and per user (the peer's pid and uid),
 * within daemon-wide budgets: connections, sessions, calls outstanding (queued or running), shared
 * memory (in 4 KiB pages, as the secure RAM gives it out) and buffer memory (frames being read and
 * the memref bytes of calls in flight). A take
 * that would pass any of its limits is refused and changes nothing; so no process, and no user
 * with many processes, can take what the others need. Thread-safe.
 */
final class ClientQuotas {
    static final long PAGE = 4096;

    /** The limits; per process ≤ per user ≤ daemon-wide is the sensible order. */
    record Limits(int connections, int connectionsPerUser, int connectionsPerProcess,
                  long shmPagesPerUser, long shmPagesPerProcess,
                  long bufferBytes, long bufferBytesPerUser, long bufferBytesPerProcess,
                  int sessions, int sessionsPerUser, int sessionsPerProcess,
                  int calls, int callsPerUser, int callsPerProcess) {
    }

    /** What is counted per client: each with its limits (daemon, user, process) and the words of its refusal. */
    private enum Counted {
        CONNECTIONS("too many connections", ""),
        SESSIONS("too many sessions", " open"),
        CALLS("too many calls outstanding", "");

        final String what;
        final String overall;

        Counted(String what, String overall) {
            this.what = what;
            this.overall = overall;
        }

        int[] limits(Limits l) {
            return switch (this) {
                case CONNECTIONS -> new int[] {l.connections, l.connectionsPerUser, l.connectionsPerProcess};
                case SESSIONS -> new int[] {l.sessions, l.sessionsPerUser, l.sessionsPerProcess};
                case CALLS -> new int[] {l.calls, l.callsPerUser, l.callsPerProcess};
            };
        }
    }

    /** What one process or one user holds now. */
    private static final class Usage {
        final int[] counts = new int[Counted.values().length];
        long shmPages;
        long bufferBytes;

        boolean idle() {
            for (int c : counts) {
                if (c != 0) {
                    return false;
                }
            }
            return shmPages == 0 && bufferBytes == 0;
        }
    }

    private final Limits limits;
    /** Per {@link Counted}: {daemon-wide, per user, per process} limits. */
    private final int[][] countLimits = new int[Counted.values().length][];
    private final Map<String, Usage> byProcess = new HashMap<>();
    private final Map<Integer, Usage> byUser = new HashMap<>();
    /** Per {@link Counted}: held over all clients. */
    private final int[] totals = new int[Counted.values().length];
    private long bufferBytes;

    ClientQuotas(Limits limits) {
        this.limits = limits;
        for (Counted c : Counted.values()) {
            countLimits[c.ordinal()] = c.limits(limits);
        }
    }

    Limits limits() {
        return limits;
    }

    static long pages(long bytes) {
        return (bytes + PAGE - 1) / PAGE;
    }

    /** Why one more {@code c} of {@code peer} is refused (naming the quota), or null when it is counted. */
    private synchronized String take(Counted c, PeerCredentials peer) {
        Usage p = process(peer);
        Usage u = user(peer);
        int k = c.ordinal();
        int[] max = countLimits[k];
        String refused = totals[k] >= max[0] ? c.what + c.overall + " (" + max[0] + ")"
                : u.counts[k] >= max[1] ? c.what + " of uid " + peer.uid() + " (" + max[1] + ")"
                : p.counts[k] >= max[2] ? c.what + " of one process (" + max[2] + ")"
                : null;
        if (refused == null) {
            totals[k]++;
            u.counts[k]++;
            p.counts[k]++;
        }
        forget(peer, p, u);
        return refused;
    }

    private synchronized void give(Counted c, PeerCredentials peer) {
        Usage p = process(peer);
        Usage u = user(peer);
        int k = c.ordinal();
        totals[k]--;
        u.counts[k]--;
        p.counts[k]--;
        forget(peer, p, u);
    }

    /** Why a new connection of {@code peer} is refused, or null when it is taken. */
    String connect(PeerCredentials peer) {
        return take(Counted.CONNECTIONS, peer);
    }

    void disconnect(PeerCredentials peer) {
        give(Counted.CONNECTIONS, peer);
    }

    /** Why a new session of {@code peer} is refused, or null when it is counted. */
    String openSession(PeerCredentials peer) {
        return take(Counted.SESSIONS, peer);
    }

    void closeSession(PeerCredentials peer) {
        give(Counted.SESSIONS, peer);
    }

    /** Why one more outstanding call (queued or running) of {@code peer} is refused, or null when it is counted. */
    String startCall(PeerCredentials peer) {
        return take(Counted.CALLS, peer);
    }

    void endCall(PeerCredentials peer) {
        give(Counted.CALLS, peer);
    }

    /** Sessions counted now, over all clients. */
    synchronized int sessions() {
        return totals[Counted.SESSIONS.ordinal()];
    }

    /** Calls outstanding now, over all clients. */
    synchronized int calls() {
        return totals[Counted.CALLS.ordinal()];
    }

    /** Takes {@code pages} of shared memory for {@code peer}; false if over its quota. */
    synchronized boolean takeShm(PeerCredentials peer, long pages) {
        Usage p = process(peer);
        Usage u = user(peer);
        boolean ok = p.shmPages + pages <= limits.shmPagesPerProcess && u.shmPages + pages <= limits.shmPagesPerUser;
        if (ok) {
            p.shmPages += pages;
            u.shmPages += pages;
        }
        forget(peer, p, u);
        return ok;
    }

    synchronized void giveShm(PeerCredentials peer, long pages) {
        give(peer, pages, 0);
    }

    /** Takes {@code bytes} of buffer memory for {@code peer}; false if over its quota or the daemon's budget. */
    synchronized boolean takeBuffer(PeerCredentials peer, long bytes) {
        Usage p = process(peer);
        Usage u = user(peer);
        boolean ok = bufferBytes + bytes <= limits.bufferBytes && u.bufferBytes + bytes <= limits.bufferBytesPerUser
                && p.bufferBytes + bytes <= limits.bufferBytesPerProcess;
        if (ok) {
            bufferBytes += bytes;
            p.bufferBytes += bytes;
            u.bufferBytes += bytes;
        }
        forget(peer, p, u);
        return ok;
    }

    synchronized void giveBuffer(PeerCredentials peer, long bytes) {
        give(peer, 0, bytes);
    }

    private void give(PeerCredentials peer, long pages, long bytes) {
        Usage p = process(peer);
        Usage u = user(peer);
        p.shmPages -= pages;
        u.shmPages -= pages;
        bufferBytes -= bytes;
        p.bufferBytes -= bytes;
        u.bufferBytes -= bytes;
        forget(peer, p, u);
    }

    /** Buffer bytes held by all clients now. */
    synchronized long bufferBytes() {
        return bufferBytes;
    }

    /** Clients (processes) holding anything now. */
    synchronized int processes() {
        return byProcess.size();
    }

    private Usage process(PeerCredentials peer) {
        return byProcess.computeIfAbsent(peer.clientKey(), k -> new Usage());
    }

    private Usage user(PeerCredentials peer) {
        return byUser.computeIfAbsent(peer.uid(), k -> new Usage());
    }

    private void forget(PeerCredentials peer, Usage p, Usage u) {
        if (p.idle()) {
            byProcess.remove(peer.clientKey());
        }
        if (u.idle()) {
            byUser.remove(peer.uid());
        }
    }
}
