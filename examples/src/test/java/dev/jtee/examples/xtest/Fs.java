package dev.jtee.examples.xtest;

import static dev.jtee.api.ParamType.MEMREF_TEMP_INPUT;
import static dev.jtee.api.ParamType.MEMREF_TEMP_OUTPUT;
import static dev.jtee.api.ParamType.VALUE_INOUT;
import static dev.jtee.api.ParamType.VALUE_INPUT;
import static dev.jtee.api.ParamType.VALUE_OUTPUT;

import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.ta.TeeDefines;

/**
 * xtest's {@code fs_*} helpers of regression_6000.c, over a session on the storage TA: each
 * returns what the C helper writes back and throws the TeeException the C one returns.
 */
final class Fs {
    static final int PRIVATE = TeeDefines.STORAGE_PRIVATE;
    static final int READ = TeeDefines.DATA_FLAG_ACCESS_READ;
    static final int WRITE = TeeDefines.DATA_FLAG_ACCESS_WRITE;
    static final int WRITE_META = TeeDefines.DATA_FLAG_ACCESS_WRITE_META;
    static final int SHARE_READ = TeeDefines.DATA_FLAG_SHARE_READ;
    static final int SHARE_WRITE = TeeDefines.DATA_FLAG_SHARE_WRITE;
    static final int OVERWRITE = TeeDefines.DATA_FLAG_OVERWRITE;

    static final byte[] FILE_00 = bytes(0x00, 0x6E, 0x04, 0x57, 0x08, 0xFB, 0x71, 0x96, 0xF0, 0x2E, 0x55, 0x3D, 0x02,
            0xC3, 0xA6, 0x92, 0xE9, 0xC3, 0xEF, 0x8A, 0xB2, 0x34, 0x53, 0xE6, 0xF0, 0x74, 0x9C, 0xD6, 0x36, 0xE7, 0xA8,
            0x8E);
    static final byte[] FILE_01 = bytes(0x01, 0x00);
    static final byte[] FILE_02 = bytes(0x02, 0x11, 0x02);
    static final byte[] FILE_03 = bytes(0x03, 0x13, 0x03);
    static final byte[] FILE_04 = bytes(0x00, 0x01, 0x02);
    static final byte[] DATA_00 = bytes(0x00, 0x6E, 0x04, 0x57, 0x08, 0xFB, 0x71, 0x96, 0x00, 0x2E, 0x55, 0x3D, 0x02,
            0xC3, 0xA6, 0x92, 0x00, 0xC3, 0xEF, 0x8A, 0xB2, 0x34, 0x53, 0xE6, 0x00, 0x74, 0x9C, 0xD6, 0x36, 0xE7, 0xA8,
            0x00);
    static final byte[] DATA_01 = bytes(0x01, 0x6E, 0x04, 0x57, 0x08, 0xFB, 0x71, 0x96, 0x01, 0x2E, 0x55, 0x3D, 0x02,
            0xC3, 0xA6, 0x92, 0x01, 0xC3, 0xEF, 0x8A, 0xB2, 0x34, 0x53, 0xE6, 0x01, 0x74, 0x9C, 0xD6, 0x36, 0xE7, 0xA8,
            0x01);

    private Fs() {
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static int open(Session s, byte[] id, int flags) {
        Operation op = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, id).value(1, VALUE_INOUT, flags, 0)
                .value(2, VALUE_INPUT, PRIVATE, 0);
        s.invoke(StorageTa.CMD_OPEN, op);
        return op.valueB(1);
    }

    static int create(Session s, byte[] id, int flags, int attr, byte[] data) {
        Operation op = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, id).value(1, VALUE_INOUT, flags, 0)
                .value(2, VALUE_INPUT, attr, PRIVATE);
        if (data == null) {
            op.tempMemref(3, MEMREF_TEMP_INPUT, null, 0);
        } else {
            op.tempMemref(3, MEMREF_TEMP_INPUT, data);
        }
        s.invoke(StorageTa.CMD_CREATE, op);
        return op.valueB(1);
    }

    static void createOverwrite(Session s, byte[] id) {
        s.invoke(StorageTa.CMD_CREATE_OVERWRITE, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, id)
                .value(1, VALUE_INPUT, PRIVATE, 0));
    }

    static void close(Session s, int obj) {
        s.invoke(StorageTa.CMD_CLOSE, Operation.create().value(0, VALUE_INPUT, obj, 0));
    }

    /** Reads up to {@code size} bytes; returns exactly the bytes read. */
    static byte[] read(Session s, int obj, int size) {
        byte[] out = new byte[size];
        Operation op = Operation.create().tempMemref(0, MEMREF_TEMP_OUTPUT, out).value(1, VALUE_INOUT, obj, 0);
        s.invoke(StorageTa.CMD_READ, op);
        return java.util.Arrays.copyOf(out, op.valueB(1));
    }

    static void write(Session s, int obj, byte[] data) {
        s.invoke(StorageTa.CMD_WRITE, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, data)
                .value(1, VALUE_INPUT, obj, 0));
    }

    static void seek(Session s, int obj, int offset, int whence) {
        s.invoke(StorageTa.CMD_SEEK, Operation.create().value(0, VALUE_INPUT, obj, offset)
                .value(1, VALUE_INOUT, whence, 0));
    }

    static void unlink(Session s, int obj) {
        s.invoke(StorageTa.CMD_UNLINK, Operation.create().value(0, VALUE_INPUT, obj, 0));
    }

    static void trunc(Session s, int obj, int len) {
        s.invoke(StorageTa.CMD_TRUNC, Operation.create().value(0, VALUE_INPUT, obj, len));
    }

    static void rename(Session s, int obj, byte[] id) {
        s.invoke(StorageTa.CMD_RENAME, Operation.create().value(0, VALUE_INPUT, obj, 0)
                .tempMemref(1, MEMREF_TEMP_INPUT, id));
    }

    static int allocEnum(Session s) {
        Operation op = Operation.create().value(0, VALUE_OUTPUT, 0, 0);
        s.invoke(StorageTa.CMD_ALLOC_ENUM, op);
        return op.valueA(0);
    }

    static void resetEnum(Session s, int e) {
        s.invoke(StorageTa.CMD_RESET_ENUM, Operation.create().value(0, VALUE_INPUT, e, 0));
    }

    static void freeEnum(Session s, int e) {
        s.invoke(StorageTa.CMD_FREE_ENUM, Operation.create().value(0, VALUE_INPUT, e, 0));
    }

    static void startEnum(Session s, int e) {
        s.invoke(StorageTa.CMD_START_ENUM, Operation.create().value(0, VALUE_INPUT, e, PRIVATE));
    }

    /** The next object's id; {@code info} (if not null) receives the serialized TEE_ObjectInfo. */
    static byte[] nextEnum(Session s, int e, byte[] info) {
        byte[] id = new byte[200];
        Operation op = Operation.create().value(0, VALUE_INPUT, e, 0).tempMemref(2, MEMREF_TEMP_OUTPUT, id);
        if (info != null) {
            op.tempMemref(1, MEMREF_TEMP_OUTPUT, info);
        }
        s.invoke(StorageTa.CMD_NEXT_ENUM, op);
        return java.util.Arrays.copyOf(id, (int) op.size(2));
    }

    static void restrictUsage(Session s, int obj, int usage) {
        s.invoke(StorageTa.CMD_RESTRICT_USAGE, Operation.create().value(0, VALUE_INPUT, obj, usage));
    }

    static int allocObj(Session s, int type, int maxSize) {
        Operation op = Operation.create().value(0, VALUE_INPUT, type, maxSize).value(1, VALUE_OUTPUT, 0, 0);
        s.invoke(StorageTa.CMD_ALLOC_OBJ, op);
        return op.valueA(1);
    }

    static void freeObj(Session s, int obj) {
        s.invoke(StorageTa.CMD_FREE_OBJ, Operation.create().value(0, VALUE_INPUT, obj, 0));
    }

    static void resetObj(Session s, int obj) {
        s.invoke(StorageTa.CMD_RESET_OBJ, Operation.create().value(0, VALUE_INPUT, obj, 0));
    }

    /** TEE_ObjectInfo.dataSize (the fifth uint32_t of the struct). */
    static long dataSize(Session s, int obj) {
        return infoField(s, obj, 16) & 0xFFFFFFFFL;
    }

    /** TEE_ObjectInfo.objectUsage (the fourth uint32_t of the struct). */
    static int objectUsage(Session s, int obj) {
        return infoField(s, obj, 12);
    }

    /** fs_get_obj_info: the TA copies the TEE_ObjectInfo struct out, fields in the CPU's byte order. */
    private static int infoField(Session s, int obj, int offset) {
        byte[] info = new byte[StorageTa.OBJECT_INFO_SIZE];
        s.invoke(StorageTa.CMD_GET_OBJ_INFO, Operation.create().value(0, VALUE_INPUT, obj, 0)
                .tempMemref(1, MEMREF_TEMP_OUTPUT, info));
        return java.nio.ByteBuffer.wrap(info).order(java.nio.ByteOrder.nativeOrder()).getInt(offset);
    }
}
