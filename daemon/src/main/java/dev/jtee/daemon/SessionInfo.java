package dev.jtee.daemon;

import dev.jtee.api.TeeUuid;
import io.micrometer.core.instrument.Counter;

/** A session a client opened through the daemon: its id, its TA, and a one-entry meter cache. */
final class SessionInfo {
    final int id;
    final TeeUuid ta;
    final String taName;
    final DaemonMetrics.TaMeters meters;
    // the counter of the last (command, result) seen, so loops hit no map (racy but benign)
    int lastCommand = -1;
    int lastResult;
    Counter last;

    SessionInfo(int id, TeeUuid ta, String taName, DaemonMetrics.TaMeters meters) {
        this.id = id;
        this.ta = ta;
        this.taName = taName;
        this.meters = meters;
    }
}
