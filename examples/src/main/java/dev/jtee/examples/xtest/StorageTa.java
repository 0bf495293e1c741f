package dev.jtee.examples.xtest;

import static dev.jtee.ta.TeeDefines.ALG_AES_ECB_NOPAD;
import static dev.jtee.ta.TeeDefines.DATA_FLAG_ACCESS_READ;
import static dev.jtee.ta.TeeDefines.DATA_FLAG_ACCESS_WRITE;
import static dev.jtee.ta.TeeDefines.DATA_FLAG_ACCESS_WRITE_META;
import static dev.jtee.ta.TeeDefines.DATA_FLAG_OVERWRITE;
import static dev.jtee.ta.TeeDefines.MODE_ENCRYPT;
import static dev.jtee.ta.TeeDefines.TYPE_AES;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Memref;
import dev.jtee.ta.ObjectEnumHandle;
import dev.jtee.ta.ObjectHandle;
import dev.jtee.ta.ObjectInfo;
import dev.jtee.ta.OperationHandle;
import dev.jtee.ta.Params;
import dev.jtee.ta.PersistentObjectEntry;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;
import java.util.HashMap;
import java.util.Map;

/**
 * optee_test's storage TA in Java, behind xtest's 6000 series: same UUID, command ids and
 * parameter layouts. Handles travel to the client as small numbers (0 = TEE_HANDLE_NULL); an
 * unknown number reaches the API as a bogus handle, so the instance panics as the C TA's would.
 * The {@code *_ID_IN_SHM} commands pass the client's memref itself as the object id (xtest 6020).
 * Any GP failure is answered as the TA's result.
 */
public class StorageTa implements TrustedApplication {
    public static final String UUID = "b689f2a7-8adf-477a-9f99-32e90c0ad0a2";

    public static final int CMD_OPEN = 0;
    public static final int CMD_CLOSE = 1;
    public static final int CMD_READ = 2;
    public static final int CMD_WRITE = 3;
    public static final int CMD_CREATE = 4;
    public static final int CMD_SEEK = 5;
    public static final int CMD_UNLINK = 6;
    public static final int CMD_RENAME = 7;
    public static final int CMD_TRUNC = 8;
    public static final int CMD_ALLOC_ENUM = 9;
    public static final int CMD_FREE_ENUM = 10;
    public static final int CMD_RESET_ENUM = 11;
    public static final int CMD_START_ENUM = 12;
    public static final int CMD_NEXT_ENUM = 13;
    public static final int CMD_CREATE_OVERWRITE = 14;
    public static final int CMD_KEY_IN_PERSISTENT = 15;
    public static final int CMD_LOOP = 16;
    public static final int CMD_RESTRICT_USAGE = 17;
    public static final int CMD_ALLOC_OBJ = 18;
    public static final int CMD_FREE_OBJ = 19;
    public static final int CMD_RESET_OBJ = 20;
    public static final int CMD_GET_OBJ_INFO = 21;
    public static final int CMD_OPEN_ID_IN_SHM = 22;
    public static final int CMD_CREATE_ID_IN_SHM = 23;
    public static final int CMD_CREATEOVER_ID_IN_SHM = 24;
    public static final int CMD_RENAME_ID_IN_SHM = 25;

    /** Bytes of a serialized TEE_ObjectInfo: seven u32, little-endian. */
    public static final int OBJECT_INFO_SIZE = 28;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "storage")
            .description("optee_test storage TA").build();

    private static final ParamType NONE = ParamType.NONE;
    private static final ParamType VIN = ParamType.VALUE_INPUT;
    private static final ParamType VOUT = ParamType.VALUE_OUTPUT;
    private static final ParamType VINOUT = ParamType.VALUE_INOUT;
    private static final ParamType MIN = ParamType.MEMREF_INPUT;
    private static final ParamType MOUT = ParamType.MEMREF_OUTPUT;

    /** A handle number the TA never gave out: stands for C's garbage pointer. */
    private static final ObjectHandle BOGUS = new ObjectHandle() {
        @Override
        public String toString() {
            return "bogus handle";
        }
    };
    private static final ObjectEnumHandle BOGUS_ENUM = new ObjectEnumHandle() {
    };

    private final TaManifest manifest;
    private final Map<Integer, Object> handles = new HashMap<>();
    private int nextHandle = 1;

    public StorageTa() {
        this(MANIFEST);
    }

    protected StorageTa(TaManifest manifest) {
        this.manifest = manifest;
    }

    @Override
    public final TaManifest manifest() {
        return manifest;
    }

    private int put(Object h) {
        int n = nextHandle++;
        handles.put(n, h);
        return n;
    }

    private ObjectHandle object(int n) {
        if (n == 0) {
            return null;
        }
        return handles.get(n) instanceof ObjectHandle o ? o : BOGUS;
    }

    private ObjectEnumHandle enumerator(int n) {
        if (n == 0) {
            return null;
        }
        return handles.get(n) instanceof ObjectEnumHandle e ? e : BOGUS_ENUM;
    }

    private static boolean types(Params p, ParamType a, ParamType b, ParamType c, ParamType d) {
        return p.types() == ParamTypes.pack(a, b, c, d);
    }

    /** A copy of a memref in the TA's heap (C's TEE_Malloc + TEE_MemMove); free it after use. */
    private static long heapCopy(Memref m) {
        long a = TeeApi.malloc(m.size(), TeeApi.MALLOC_FILL_ZERO);
        if (a == 0) {
            throw new TeeException(TeeResult.OUT_OF_MEMORY, dev.jtee.api.Origin.TRUSTED_APP);
        }
        TeeApi.memMove(a, m.address(), m.size());
        return a;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params p) {
        try {
            return run(command, p);
        } catch (TeeException e) {
            return e.result();
        }
    }

    private TeeResult run(int command, Params p) {
        switch (command) {
            case CMD_OPEN, CMD_OPEN_ID_IN_SHM -> {
                if (!types(p, MIN, VINOUT, VIN, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                Memref id = p.memref(0);
                long addr = command == CMD_OPEN ? heapCopy(id) : id.address();
                try {
                    ObjectHandle o = TeeApi.openPersistentObject(p.value(2).a(), addr, id.size(), p.value(1).a());
                    p.value(1).b(put(o));
                } finally {
                    if (command == CMD_OPEN) {
                        TeeApi.free(addr);
                    }
                }
                return TeeResult.SUCCESS;
            }
            case CMD_CREATE, CMD_CREATE_ID_IN_SHM -> {
                if (!types(p, MIN, VINOUT, VIN, MIN)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                Memref id = p.memref(0);
                Memref data = p.memref(3);
                long addr = command == CMD_CREATE ? heapCopy(id) : id.address();
                try {
                    ObjectHandle o = TeeApi.createPersistentObject(p.value(2).b(), addr, id.size(), p.value(1).a(),
                            object(p.value(2).a()), data.address(), data.size());
                    p.value(1).b(put(o));
                } finally {
                    if (command == CMD_CREATE) {
                        TeeApi.free(addr);
                    }
                }
                return TeeResult.SUCCESS;
            }
            case CMD_CREATE_OVERWRITE, CMD_CREATEOVER_ID_IN_SHM -> {
                if (!types(p, MIN, VIN, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                Memref id = p.memref(0);
                long addr = command == CMD_CREATE_OVERWRITE ? heapCopy(id) : id.address();
                try {
                    TeeApi.closeObject(TeeApi.createPersistentObject(p.value(1).a(), addr, id.size(),
                            DATA_FLAG_OVERWRITE, null, 0, 0));
                } finally {
                    if (command == CMD_CREATE_OVERWRITE) {
                        TeeApi.free(addr);
                    }
                }
                return TeeResult.SUCCESS;
            }
            case CMD_CLOSE -> {
                if (!types(p, VIN, NONE, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                TeeApi.closeObject(object(p.value(0).a()));
                handles.remove(p.value(0).a());
                return TeeResult.SUCCESS;
            }
            case CMD_READ -> {
                if (!types(p, MOUT, VINOUT, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                Memref out = p.memref(0);
                p.value(1).b(TeeApi.readObjectData(object(p.value(1).a()), out.address(), out.size()));
                return TeeResult.SUCCESS;
            }
            case CMD_WRITE -> {
                if (!types(p, MIN, VIN, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                Memref in = p.memref(0);
                TeeApi.writeObjectData(object(p.value(1).a()), in.address(), in.size());
                return TeeResult.SUCCESS;
            }
            case CMD_SEEK -> {
                if (!types(p, VIN, VINOUT, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                ObjectHandle o = object(p.value(0).a());
                TeeApi.seekObjectData(o, p.value(0).b(), p.value(1).a()); // b is an int32 offset
                p.value(1).b((int) TeeApi.getObjectInfo1(o).dataPosition());
                return TeeResult.SUCCESS;
            }
            case CMD_UNLINK -> {
                if (!types(p, VIN, NONE, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                TeeApi.closeAndDeletePersistentObject1(object(p.value(0).a()));
                handles.remove(p.value(0).a());
                return TeeResult.SUCCESS;
            }
            case CMD_RENAME, CMD_RENAME_ID_IN_SHM -> {
                if (!types(p, VIN, MIN, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                Memref id = p.memref(1);
                long addr = command == CMD_RENAME ? heapCopy(id) : id.address();
                try {
                    TeeApi.renamePersistentObject(object(p.value(0).a()), addr, id.size());
                } finally {
                    if (command == CMD_RENAME) {
                        TeeApi.free(addr);
                    }
                }
                return TeeResult.SUCCESS;
            }
            case CMD_TRUNC -> {
                if (!types(p, VIN, NONE, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                TeeApi.truncateObjectData(object(p.value(0).a()), Integer.toUnsignedLong(p.value(0).b()));
                return TeeResult.SUCCESS;
            }
            case CMD_ALLOC_ENUM -> {
                if (!types(p, VOUT, NONE, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                p.value(0).a(put(TeeApi.allocatePersistentObjectEnumerator()));
                return TeeResult.SUCCESS;
            }
            case CMD_FREE_ENUM -> {
                if (!types(p, VIN, NONE, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                TeeApi.freePersistentObjectEnumerator(enumerator(p.value(0).a()));
                handles.remove(p.value(0).a());
                return TeeResult.SUCCESS;
            }
            case CMD_RESET_ENUM -> {
                if (!types(p, VIN, NONE, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                TeeApi.resetPersistentObjectEnumerator(enumerator(p.value(0).a()));
                return TeeResult.SUCCESS;
            }
            case CMD_START_ENUM -> {
                if (!types(p, VIN, NONE, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                TeeApi.startPersistentObjectEnumerator(enumerator(p.value(0).a()), p.value(0).b());
                return TeeResult.SUCCESS;
            }
            case CMD_NEXT_ENUM -> {
                boolean withInfo = types(p, VIN, MOUT, MOUT, NONE);
                if (!withInfo && !types(p, VIN, NONE, MOUT, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                PersistentObjectEntry e = TeeApi.getNextPersistentObject(enumerator(p.value(0).a()));
                if (withInfo) {
                    TeeResult r = writeInfo(e.info(), p.memref(1));
                    if (!r.isSuccess()) {
                        return r;
                    }
                }
                Memref idOut = p.memref(2);
                byte[] id = e.objectId();
                if (idOut.size() < id.length) {
                    idOut.size(id.length);
                    return TeeResult.SHORT_BUFFER;
                }
                idOut.write(0, id, 0, id.length);
                idOut.size(id.length);
                return TeeResult.SUCCESS;
            }
            case CMD_RESTRICT_USAGE -> {
                if (!types(p, VIN, NONE, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                TeeApi.restrictObjectUsage1(object(p.value(0).a()), p.value(0).b());
                return TeeResult.SUCCESS;
            }
            case CMD_ALLOC_OBJ -> {
                if (!types(p, VIN, VOUT, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                p.value(1).a(put(TeeApi.allocateTransientObject(p.value(0).a(), p.value(0).b())));
                return TeeResult.SUCCESS;
            }
            case CMD_FREE_OBJ -> {
                if (!types(p, VIN, NONE, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                TeeApi.freeTransientObject(object(p.value(0).a()));
                handles.remove(p.value(0).a());
                return TeeResult.SUCCESS;
            }
            case CMD_RESET_OBJ -> {
                if (!types(p, VIN, NONE, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                TeeApi.resetTransientObject(object(p.value(0).a()));
                return TeeResult.SUCCESS;
            }
            case CMD_GET_OBJ_INFO -> {
                if (!types(p, VIN, MOUT, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                return writeInfo(TeeApi.getObjectInfo1(object(p.value(0).a())), p.memref(1));
            }
            case CMD_KEY_IN_PERSISTENT -> {
                if (!types(p, VIN, NONE, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                return keyInPersistent(p.value(0).a());
            }
            case CMD_LOOP -> {
                if (!types(p, VIN, NONE, NONE, NONE)) {
                    return TeeResult.BAD_PARAMETERS;
                }
                return loop(p.value(0).a());
            }
            default -> {
                return TeeResult.NOT_SUPPORTED;
            }
        }
    }

    private static TeeResult writeInfo(ObjectInfo i, Memref out) {
        if (out.size() < OBJECT_INFO_SIZE) {
            out.size(OBJECT_INFO_SIZE);
            return TeeResult.SHORT_BUFFER;
        }
        // TEE_ObjectInfo as the C struct: seven uint32_t in the CPU's byte order
        byte[] b = java.nio.ByteBuffer.allocate(OBJECT_INFO_SIZE).order(java.nio.ByteOrder.nativeOrder())
                .putInt(i.objectType()).putInt(i.objectSize()).putInt(i.maxObjectSize()).putInt(i.objectUsage())
                .putInt((int) i.dataSize()).putInt((int) i.dataPosition()).putInt(i.handleFlags()).array();
        out.write(0, b, 0, b.length);
        out.size(OBJECT_INFO_SIZE);
        return TeeResult.SUCCESS;
    }

    /**
     * xtest 6013: an AES key generated in a transient object, stored as a persistent object's
     * attributes, opened again and used as an operation key, encrypts exactly as the original.
     */
    private static TeeResult keyInPersistent(int storageId) {
        long buf = TeeApi.malloc(64, TeeApi.MALLOC_FILL_ZERO);
        ObjectHandle transientKey = null;
        ObjectHandle persistent = null;
        OperationHandle op = null;
        try {
            TeeApi.putByte(buf, (byte) 'k');
            transientKey = TeeApi.allocateTransientObject(TYPE_AES, 256);
            TeeApi.generateKey(transientKey, 256);
            TeeApi.closeObject(TeeApi.createPersistentObject(storageId, buf, 1,
                    DATA_FLAG_ACCESS_READ | DATA_FLAG_ACCESS_WRITE_META | DATA_FLAG_OVERWRITE, transientKey, 0, 0));
            persistent = TeeApi.openPersistentObject(storageId, buf, 1,
                    DATA_FLAG_ACCESS_READ | DATA_FLAG_ACCESS_WRITE_META);
            for (int i = 0; i < 16; i++) {
                TeeApi.putByte(buf + 16 + i, (byte) i);
            }
            op = TeeApi.allocateOperation(ALG_AES_ECB_NOPAD, MODE_ENCRYPT, 256);
            TeeApi.setOperationKey(op, transientKey);
            TeeApi.cipherInit(op, 0, 0);
            TeeApi.cipherDoFinal(op, buf + 16, 16, buf + 32, 16);
            TeeApi.setOperationKey(op, persistent);
            TeeApi.cipherInit(op, 0, 0);
            TeeApi.cipherDoFinal(op, buf + 16, 16, buf + 48, 16);
            if (TeeApi.memCompare(buf + 32, buf + 48, 16) != 0) {
                return TeeResult.GENERIC;
            }
            TeeApi.closeAndDeletePersistentObject1(persistent);
            persistent = null;
            return TeeResult.SUCCESS;
        } finally {
            TeeApi.freeOperation(op);
            TeeApi.closeObject(persistent);
            TeeApi.freeTransientObject(transientKey);
            TeeApi.free(buf);
        }
    }

    /** xtest 6014: creates 20 objects, finds them all by enumeration, opens and deletes each. */
    private static TeeResult loop(int storageId) {
        final int count = 20;
        long id = TeeApi.malloc(8, TeeApi.MALLOC_FILL_ZERO);
        ObjectEnumHandle e = null;
        try {
            for (int n = 0; n < count; n++) {
                writeLoopId(id, n);
                TeeApi.closeObject(TeeApi.createPersistentObject(storageId, id, 8,
                        DATA_FLAG_ACCESS_WRITE | DATA_FLAG_OVERWRITE, null, id, 8));
            }
            e = TeeApi.allocatePersistentObjectEnumerator();
            TeeApi.startPersistentObjectEnumerator(e, storageId);
            int seen = 0;
            for (;;) {
                try {
                    byte[] oid = TeeApi.getNextPersistentObject(e).objectId();
                    if (oid.length == 8 && oid[0] == 'l' && oid[1] == 'o') {
                        seen++;
                    }
                } catch (TeeException end) {
                    if (!end.result().equals(TeeResult.ITEM_NOT_FOUND)) {
                        throw end;
                    }
                    break;
                }
            }
            if (seen != count) {
                return TeeResult.GENERIC;
            }
            for (int n = 0; n < count; n++) {
                writeLoopId(id, n);
                TeeApi.closeAndDeletePersistentObject1(TeeApi.openPersistentObject(storageId, id, 8,
                        DATA_FLAG_ACCESS_WRITE_META));
            }
            return TeeResult.SUCCESS;
        } finally {
            TeeApi.freePersistentObjectEnumerator(e);
            TeeApi.free(id);
        }
    }

    private static void writeLoopId(long id, int n) {
        byte[] b = ("loop" + String.format("%04d", n)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        TeeApi.write(id, b, 0, 8);
    }
}
