package dev.jtee.storage;

/** The persistent side of a {@link TeeObject}: its shared pobj, its own data position. */
final class PersistentHandle {
    final TaStorage storage;
    final SecureStorage.PObj pobj;
    final int flags;
    long position;
    boolean closed;

    PersistentHandle(TaStorage storage, SecureStorage.PObj pobj, int flags) {
        this.storage = storage;
        this.pobj = pobj;
        this.flags = flags;
    }
}
