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

    /** What one process or one user holds now. */
    private static final class Usage {
        int connections;
        int sessions;
        int calls;
        long shmPages;
        long bufferBytes;

        boolean idle() {
            return connections == 0 && sessions == 0 && calls == 0 && shmPages == 0 && bufferBytes == 0;
        }
    }

    private final Limits limits;
    private final Map<String, Usage> byProcess = new HashMap<>();
    private final Map<Integer, Usage> byUser = new HashMap<>();
    private int connections;
    private int sessions;
    private int calls;
    private long bufferBytes;

    ClientQuotas(Limits limits) {
        this.limits = limits;
    }

    Limits limits() {
        return limits;
    }

    static long pages(long bytes) {
        return (bytes + PAGE - 1) / PAGE;
    }

    /** Why a new connection of {@code peer} is refused, or null when it is taken. */
    synchronized String connect(PeerCredentials peer) {
        Usage p = process(peer);
        Usage u = user(peer);
        String refused = connections >= limits.connections ? "too many connections (" + limits.connections + ")"
                : u.connections >= limits.connectionsPerUser ? "too many connections of uid " + peer.uid() + " (" + limits.connectionsPerUser + ")"
                : p.connections >= limits.connectionsPerProcess ? "too many connections of one process (" + limits.connectionsPerProcess + ")"
                : null;
        if (refused == null) {
            connections++;
            u.connections++;
            p.connections++;
        }
        forget(peer, p, u);
        return refused;
    }

    synchronized void disconnect(PeerCredentials peer) {
        Usage p = process(peer);
        Usage u = user(peer);
        connections--;
        u.connections--;
        p.connections--;
        forget(peer, p, u);
    }

    /** Why a new session of {@code peer} is refused, or null when it is counted. */
    synchronized String openSession(PeerCredentials peer) {
        Usage p = process(peer);
        Usage u = user(peer);
        String refused = sessions >= limits.sessions ? "too many sessions open (" + limits.sessions + ")"
                : u.sessions >= limits.sessionsPerUser ? "too many sessions of uid " + peer.uid() + " (" + limits.sessionsPerUser + ")"
                : p.sessions >= limits.sessionsPerProcess ? "too many sessions of one process (" + limits.sessionsPerProcess + ")"
                : null;
        if (refused == null) {
            sessions++;
            u.sessions++;
            p.sessions++;
        }
        forget(peer, p, u);
        return refused;
    }

    synchronized void closeSession(PeerCredentials peer) {
        Usage p = process(peer);
        Usage u = user(peer);
        sessions--;
        u.sessions--;
        p.sessions--;
        forget(peer, p, u);
    }

    /** Why one more outstanding call (queued or running) of {@code peer} is refused, or null when it is counted. */
    synchronized String startCall(PeerCredentials peer) {
        Usage p = process(peer);
        Usage u = user(peer);
        String refused = calls >= limits.calls ? "too many calls outstanding (" + limits.calls + ")"
                : u.calls >= limits.callsPerUser ? "too many calls outstanding of uid " + peer.uid() + " (" + limits.callsPerUser + ")"
                : p.calls >= limits.callsPerProcess ? "too many calls outstanding of one process (" + limits.callsPerProcess + ")"
                : null;
        if (refused == null) {
            calls++;
            u.calls++;
            p.calls++;
        }
        forget(peer, p, u);
        return refused;
    }

    synchronized void endCall(PeerCredentials peer) {
        Usage p = process(peer);
        Usage u = user(peer);
        calls--;
        u.calls--;
        p.calls--;
        forget(peer, p, u);
    }

    /** Sessions counted now, over all clients. */
    synchronized int sessions() {
        return sessions;
    }

    /** Calls outstanding now, over all clients. */
    synchronized int calls() {
        return calls;
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
