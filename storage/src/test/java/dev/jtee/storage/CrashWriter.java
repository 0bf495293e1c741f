package dev.jtee.storage;

import dev.jtee.ta.TeeDefines;
import dev.jtee.api.TeeUuid;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Child process of {@link CrashAtomicityTest}: rewrites {@link #OBJECTS} objects forever, each
 * write making the whole object "generation g" (every int equal to g, a size that depends on g),
 * alternately by overwrite-create, by truncate-free rewrite and by rename back and forth.
 */
public final class CrashWriter {
    static final int OBJECTS = 4;
    static final TeeUuid TA = TeeUuid.parse("11111111-2222-3333-4444-555555555555");

    static byte[] content(int generation) {
        ByteBuffer b = ByteBuffer.allocate(4 * (100 + generation % 300));
        while (b.hasRemaining()) {
            b.putInt(generation);
        }
        return b.array();
    }

    /** The generation object k holds, 0 if it does not exist. */
    static int generation(TaStorage ta, int k) {
        try {
            TeeObject o = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, ("obj" + k).getBytes(), TeeDefines.DATA_FLAG_ACCESS_READ);
            byte[] four = new byte[4];
            ta.readObjectData(o, four, 0, 4);
            ta.closeObject(o);
            return ByteBuffer.wrap(four).getInt();
        } catch (dev.jtee.api.TeeException e) {
            return 0;
        }
    }

    public static void main(String[] args) {
        SecureStorage world = SecureStorage.open(SecureStorage.Config.inDirectory(Path.of(args[0])));
        TaStorage ta = world.forTa(TA);
        int rw = TeeDefines.DATA_FLAG_ACCESS_READ | TeeDefines.DATA_FLAG_ACCESS_WRITE | TeeDefines.DATA_FLAG_ACCESS_WRITE_META;
        boolean announced = false;
        int start = 1;
        for (int k = 0; k < OBJECTS; k++) {
            start = Math.max(start, generation(ta, k) + 1);
        }
        for (int g = start; ; g++) {
            for (int k = 0; k < OBJECTS; k++) {
                byte[] id = ("obj" + k).getBytes();
                byte[] data = content(g);
                if (g % 2 == 0 || generation(ta, k) == 0) {
                    ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id, rw | TeeDefines.DATA_FLAG_OVERWRITE, null, data));
                } else {
                    TeeObject o = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, id, rw);
                    // one write that covers the old content: a single atomic step, never a truncate+write pair
                    byte[] padded = java.util.Arrays.copyOf(data, Math.max(data.length, (int) o.info().dataSize()));
                    if (padded.length > data.length) {
                        ta.closeAndDeletePersistentObject(o);
                        ta.closeObject(ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id, rw | TeeDefines.DATA_FLAG_OVERWRITE, null, data));
                    } else {
                        ta.writeObjectData(o, data, 0, data.length);
                        ta.closeObject(o);
                    }
                }
            }
            if (!announced) {
                System.out.println("ready");
                System.out.flush();
                announced = true;
            }
        }
    }
}
