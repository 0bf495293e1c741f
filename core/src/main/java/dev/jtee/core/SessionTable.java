package dev.jtee.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Session id → session, read without locking or allocation on every invoke. Open addressing with
 * linear probing over an {@link AtomicReferenceArray}; removals leave a tombstone (a session with
 * id 0, which no lookup asks for). Writers hold the table's monitor; a reader that races a resize
 * may see a stale table, which only ever answers a session whose state the caller checks anyway.
 */
final class SessionTable {
    private static final Session TOMBSTONE = new Session(0, (Instance) null, null, null);

    private volatile AtomicReferenceArray<Session> table = new AtomicReferenceArray<>(64);
    private int size;
    private int used;

    Session get(int id) {
        AtomicReferenceArray<Session> t = table;
        int mask = t.length() - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            Session s = t.get(i);
            if (s == null) {
                return null;
            }
            if (s.id == id) {
                return s;
            }
        }
    }

    synchronized void put(Session s) {
        if ((used + 1) * 2 > table.length()) {
            rehash(size + 1);
        }
        AtomicReferenceArray<Session> t = table;
        int mask = t.length() - 1;
        int i = mix(s.id) & mask;
        while (t.get(i) != null && t.get(i) != TOMBSTONE) {
            i = (i + 1) & mask;
        }
        if (t.get(i) == null) {
            used++;
        }
        t.set(i, s);
        size++;
    }

    synchronized void remove(Session s) {
        AtomicReferenceArray<Session> t = table;
        int mask = t.length() - 1;
        for (int i = mix(s.id) & mask; ; i = (i + 1) & mask) {
            Session x = t.get(i);
            if (x == null) {
                return;
            }
            if (x == s) {
                t.set(i, TOMBSTONE);
                size--;
                return;
            }
        }
    }

    synchronized int size() {
        return size;
    }

    synchronized List<Session> snapshot() {
        List<Session> out = new ArrayList<>(size);
        AtomicReferenceArray<Session> t = table;
        for (int i = 0; i < t.length(); i++) {
            Session s = t.get(i);
            if (s != null && s != TOMBSTONE) {
                out.add(s);
            }
        }
        out.sort((a, b) -> Integer.compareUnsigned(a.id, b.id));
        return out;
    }

    private void rehash(int needed) {
        int capacity = 64;
        while (capacity < needed * 4) {
            capacity <<= 1;
        }
        AtomicReferenceArray<Session> old = table;
        AtomicReferenceArray<Session> t = new AtomicReferenceArray<>(capacity);
        int mask = capacity - 1;
        for (int k = 0; k < old.length(); k++) {
            Session s = old.get(k);
            if (s != null && s != TOMBSTONE) {
                int i = mix(s.id) & mask;
                while (t.get(i) != null) {
                    i = (i + 1) & mask;
                }
                t.set(i, s);
            }
        }
        used = size;
        table = t;
    }

    private static int mix(int id) {
        int h = id * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
