package dev.jtee.daemon;

import java.util.ArrayList;
import java.util.List;

/**
 * The sessions one connection opened (only those may it invoke or close), by session id: an
 * open-addressing table so the invoke path looks a session up without boxing. Thread-safe
 * (synchronized; the calls of one connection rarely contend).
 */
final class SessionTable {
    private static final Object TOMBSTONE = new Object();
    private int[] keys = new int[16];
    private Object[] values = new Object[16];
    private int size;
    private int used;

    synchronized SessionInfo get(int id) {
        int mask = keys.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (v != TOMBSTONE && keys[i] == id) {
                return (SessionInfo) v;
            }
        }
    }

    synchronized void put(int id, SessionInfo info) {
        if ((used + 1) * 2 > keys.length) {
            rehash(size * 4 > keys.length ? keys.length * 2 : keys.length);
        }
        int mask = keys.length - 1;
        int free = -1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                int at = free >= 0 ? free : i;
                if (free < 0) {
                    used++;
                }
                keys[at] = id;
                values[at] = info;
                size++;
                return;
            }
            if (v == TOMBSTONE) {
                if (free < 0) {
                    free = i;
                }
            } else if (keys[i] == id) {
                values[i] = info;
                return;
            }
        }
    }

    synchronized SessionInfo remove(int id) {
        int mask = keys.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (v != TOMBSTONE && keys[i] == id) {
                values[i] = TOMBSTONE;
                size--;
                return (SessionInfo) v;
            }
        }
    }

    synchronized int size() {
        return size;
    }

    /** Every session (a copy). */
    synchronized List<SessionInfo> all() {
        List<SessionInfo> out = new ArrayList<>(size);
        for (Object v : values) {
            if (v != null && v != TOMBSTONE) {
                out.add((SessionInfo) v);
            }
        }
        return out;
    }

    /** Removes and returns every session. */
    synchronized List<SessionInfo> drain() {
        List<SessionInfo> out = new ArrayList<>(size);
        for (Object v : values) {
            if (v != null && v != TOMBSTONE) {
                out.add((SessionInfo) v);
            }
        }
        keys = new int[16];
        values = new Object[16];
        size = 0;
        used = 0;
        return out;
    }

    private void rehash(int capacity) {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[capacity];
        values = new Object[capacity];
        size = 0;
        used = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            Object v = oldValues[i];
            if (v != null && v != TOMBSTONE) {
                put(oldKeys[i], (SessionInfo) v);
            }
        }
    }

    private static int mix(int id) {
        return id * 0x9E3779B9 >>> 7;
    }
}
