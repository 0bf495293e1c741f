package dev.jtee.core;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.AeEncryptResult;
import dev.jtee.ta.ObjectEnumHandle;
import dev.jtee.ta.ObjectHandle;
import dev.jtee.ta.ObjectInfo;
import dev.jtee.ta.OperationHandle;
import dev.jtee.ta.OperationInfo;
import dev.jtee.ta.PersistentObjectEntry;
import dev.jtee.ta.ShortBufferException;
import dev.jtee.storage.TeeOperation;
import dev.jtee.ta.TeeAttribute;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage and crypto calls of a native TA (its host's GP_CALL requests, NATIVE-TAS.md §C.1),
 * run on the instance's {@link InstanceStorage}: the same engine objects, state rules, storage
 * and isolation as a Java TA's. The TA's handles are u32 ids of a per-instance table. Buffers are
 * offsets in the shared memory, where the host copied the TA's bytes (after checking the TA's
 * access to them) and copies the written bytes back. Instance thread only (the entry's reader).
 */
final class NativeApiCalls implements InstanceStorage.Buffers {
    // the GP functions (op numbers of GP_CALL requests)
    static final int GET_OBJECT_INFO = 0x10;
    static final int RESTRICT_OBJECT_USAGE = 0x11;
    static final int GET_OBJECT_BUFFER_ATTRIBUTE = 0x12;
    static final int GET_OBJECT_VALUE_ATTRIBUTE = 0x13;
    static final int CLOSE_OBJECT = 0x14;
    static final int ALLOCATE_TRANSIENT_OBJECT = 0x15;
    static final int FREE_TRANSIENT_OBJECT = 0x16;
    static final int RESET_TRANSIENT_OBJECT = 0x17;
    static final int POPULATE_TRANSIENT_OBJECT = 0x18;
    static final int COPY_OBJECT_ATTRIBUTES = 0x19;
    static final int GENERATE_KEY = 0x1A;
    static final int OPEN_PERSISTENT_OBJECT = 0x20;
    static final int CREATE_PERSISTENT_OBJECT = 0x21;
    static final int CLOSE_AND_DELETE_PERSISTENT_OBJECT = 0x22;
    static final int RENAME_PERSISTENT_OBJECT = 0x23;
    static final int ALLOCATE_ENUMERATOR = 0x24;
    static final int FREE_ENUMERATOR = 0x25;
    static final int RESET_ENUMERATOR = 0x26;
    static final int START_ENUMERATOR = 0x27;
    static final int GET_NEXT_PERSISTENT_OBJECT = 0x28;
    static final int READ_OBJECT_DATA = 0x29;
    static final int WRITE_OBJECT_DATA = 0x2A;
    static final int TRUNCATE_OBJECT_DATA = 0x2B;
    static final int SEEK_OBJECT_DATA = 0x2C;
    static final int ALLOCATE_OPERATION = 0x30;
    static final int FREE_OPERATION = 0x31;
    static final int GET_OPERATION_INFO = 0x32;
    static final int RESET_OPERATION = 0x33;
    static final int SET_OPERATION_KEY = 0x34;
    static final int SET_OPERATION_KEY2 = 0x35;
    static final int COPY_OPERATION = 0x36;
    static final int DIGEST_UPDATE = 0x37;
    static final int DIGEST_DO_FINAL = 0x38;
    static final int CIPHER_INIT = 0x39;
    static final int CIPHER_UPDATE = 0x3A;
    static final int CIPHER_DO_FINAL = 0x3B;
    static final int MAC_INIT = 0x3C;
    static final int MAC_UPDATE = 0x3D;
    static final int MAC_COMPUTE_FINAL = 0x3E;
    static final int MAC_COMPARE_FINAL = 0x3F;
    static final int AE_INIT = 0x40;
    static final int AE_UPDATE_AAD = 0x41;
    static final int AE_UPDATE = 0x42;
    static final int AE_ENCRYPT_FINAL = 0x43;
    static final int AE_DECRYPT_FINAL = 0x44;
    static final int ASYMMETRIC_ENCRYPT = 0x45;
    static final int ASYMMETRIC_DECRYPT = 0x46;
    static final int ASYMMETRIC_SIGN_DIGEST = 0x47;
    static final int ASYMMETRIC_VERIFY_DIGEST = 0x48;
    static final int DERIVE_KEY = 0x49;
    static final int DIGEST_EXTRACT = 0x4A;
    static final int GET_OPERATION_INFO_MULTIPLE = 0x4B;
    static final int IS_ALGORITHM_SUPPORTED = 0x4C;
    static final int GET_TA_PERSISTENT_TIME = 0x50;
    static final int SET_TA_PERSISTENT_TIME = 0x51;
    static final int FIRST = GET_OBJECT_INFO;

    private static final int MAX_ARGS = 8;
    private static final int MAX_BUFS = 4;
    private static final int MAX_RETS = 8;

    /** A handle no table entry matches: the storage layer panics for it as for any foreign handle. */
    private static final Object INVALID = new Object();
    private static final ObjectHandle BAD_OBJECT = new ObjectHandle() {
        @Override
        public String toString() {
            return "(not an object of this instance)";
        }
    };
    private static final OperationHandle BAD_OPERATION = new OperationHandle() {
        @Override
        public String toString() {
            return "(not an operation of this instance)";
        }
    };
    private static final ObjectEnumHandle BAD_ENUMERATOR = new ObjectEnumHandle() {
    };

    /** What the host gets back: a GP result, or a panic for it to raise (the TA's TEE_Panic path). */
    record Answer(int result, boolean panic, String reason) {
    }

    private final Instance inst;
    private final InstanceStorage storage;
    private final Map<Integer, Object> handles = new HashMap<>();
    private int nextId = 1;
    private MemorySegment shm;

    // the call being served
    private final long[] arg = new long[MAX_ARGS];
    private final long[] bufOff = new long[MAX_BUFS];
    private final long[] bufLen = new long[MAX_BUFS];
    private final long[] written = new long[MAX_BUFS];
    private int nbufs;
    final long[] ret = new long[MAX_RETS];
    int nret;

    NativeApiCalls(Instance inst) {
        this.inst = inst;
        this.storage = inst.api.storage;
        storage.useBuffers(this);
    }

    /**
     * Serves one call: {@code b} at the request's {@code u32 nargs}; the shared memory as mapped
     * for it. The reply's values are {@link #ret}/{@link #nret} and {@link #written(int)}.
     */
    Answer serve(int op, ByteBuffer b, MemorySegment sharedMemory, long mappedSize) {
        shm = sharedMemory;
        nret = 0;
        int nargs = b.getInt();
        if (nargs < 0 || nargs > MAX_ARGS) {
            return new Answer(TeeResult.BAD_PARAMETERS.code(), true, "GP call 0x" + Integer.toHexString(op)
                    + " with " + nargs + " arguments");
        }
        for (int i = 0; i < nargs; i++) {
            arg[i] = b.getLong();
        }
        b.getLong(); // the shm size: the runtime remapped for it
        nbufs = b.getInt();
        if (nbufs < 0 || nbufs > MAX_BUFS) {
            return new Answer(TeeResult.BAD_PARAMETERS.code(), true, "GP call with " + nbufs + " buffers");
        }
        for (int i = 0; i < nbufs; i++) {
            bufOff[i] = b.getLong();
            bufLen[i] = b.getLong();
            written[i] = 0;
            if (bufOff[i] < 0 || bufLen[i] < 0 || bufLen[i] > Integer.MAX_VALUE || bufOff[i] + bufLen[i] > mappedSize) {
                return new Answer(TeeResult.BAD_PARAMETERS.code(), true, "GP call with a buffer outside the shared memory");
            }
        }
        try {
            run(op);
            return new Answer(TeeResult.SUCCESS.code(), false, null);
        } catch (ShortBufferException e) {
            ret[0] = e.required();
            ret[1] = e.forTag() ? 1 : 0;
            nret = 2;
            return new Answer(TeeResult.SHORT_BUFFER.code(), false, null);
        } catch (TeeException e) {
            return new Answer(e.result().code(), false, null);
        } catch (TaPanic e) {
            String reason = inst.faultReason();
            inst.clearFault(); // the host raises it: its FAULT frame is the instance's death
            return new Answer(e.code, true, reason);
        } catch (RuntimeException e) {
            return new Answer(TeeResult.GENERIC.code(), true, "GP call 0x" + Integer.toHexString(op) + " failed: " + e);
        }
    }

    long written(int i) {
        return written[i];
    }

    int buffers() {
        return nbufs;
    }

    /** Drops every handle (the instance ended; the storage layer closes persistent handles itself). */
    void clear() {
        handles.clear();
    }

    private void run(int op) {
        switch (op) {
            case GET_OBJECT_INFO -> info(storage.getObjectInfo(object(0)));
            case RESTRICT_OBJECT_USAGE -> storage.restrictObjectUsage(object(0), (int) arg[1]);
            case GET_OBJECT_BUFFER_ATTRIBUTE ->
                    ret(storage.getObjectBufferAttribute(object(0), (int) arg[1], bufOff[0], len(0)));
            case GET_OBJECT_VALUE_ATTRIBUTE -> {
                TeeAttribute a = storage.getObjectValueAttribute(object(0), (int) arg[1]);
                ret(a.a());
                ret(a.b());
            }
            case CLOSE_OBJECT -> {
                storage.closeObject(object(0));
                drop(0);
            }
            case ALLOCATE_TRANSIENT_OBJECT -> ret(add(storage.allocateTransientObject((int) arg[0], (int) arg[1])));
            case FREE_TRANSIENT_OBJECT -> {
                storage.freeTransientObject(object(0));
                drop(0);
            }
            case RESET_TRANSIENT_OBJECT -> storage.resetTransientObject(object(0));
            case POPULATE_TRANSIENT_OBJECT -> storage.populateTransientObject(object(0), attributes(0));
            case COPY_OBJECT_ATTRIBUTES -> storage.copyObjectAttributes(object(0), object(1));
            case GENERATE_KEY -> storage.generateKey(object(0), (int) arg[1], attributes(0));
            case OPEN_PERSISTENT_OBJECT ->
                    ret(add(storage.openPersistentObject((int) arg[0], bufOff[0], len(0), (int) arg[1])));
            case CREATE_PERSISTENT_OBJECT -> ret(add(storage.createPersistentObject((int) arg[0], bufOff[0], len(0),
                    (int) arg[1], object(2), bufOff[1], len(1))));
            case CLOSE_AND_DELETE_PERSISTENT_OBJECT -> {
                storage.closeAndDeletePersistentObject(object(0));
                drop(0);
            }
            case RENAME_PERSISTENT_OBJECT -> storage.renamePersistentObject(object(0), bufOff[0], len(0));
            case ALLOCATE_ENUMERATOR -> ret(add(storage.allocatePersistentObjectEnumerator()));
            case FREE_ENUMERATOR -> {
                storage.freePersistentObjectEnumerator(enumerator(0));
                drop(0);
            }
            case RESET_ENUMERATOR -> storage.resetPersistentObjectEnumerator(enumerator(0));
            case START_ENUMERATOR -> storage.startPersistentObjectEnumerator(enumerator(0), (int) arg[1]);
            case GET_NEXT_PERSISTENT_OBJECT -> {
                PersistentObjectEntry e = storage.getNextPersistentObject(enumerator(0));
                byte[] id = e.objectId();
                if (id.length > bufLen[0]) {
                    throw new ShortBufferException(id.length);
                }
                write(bufOff[0], id, id.length);
                info(e.info());
                ret(id.length);
            }
            case READ_OBJECT_DATA -> ret(storage.readObjectData(object(0), bufOff[0], len(0)));
            case WRITE_OBJECT_DATA -> storage.writeObjectData(object(0), bufOff[0], len(0));
            case TRUNCATE_OBJECT_DATA -> storage.truncateObjectData(object(0), arg[1]);
            case SEEK_OBJECT_DATA -> storage.seekObjectData(object(0), arg[1], (int) arg[2]);
            case ALLOCATE_OPERATION -> ret(add(storage.allocateOperation((int) arg[0], (int) arg[1], (int) arg[2])));
            case FREE_OPERATION -> {
                storage.freeOperation(operation(0));
                drop(0);
            }
            case GET_OPERATION_INFO -> {
                OperationInfo i = storage.getOperationInfo(operation(0));
                ret(i.algorithm());
                ret(i.operationClass());
                ret(i.mode());
                ret(i.digestLength());
                ret(i.maxKeySize());
                ret(i.keySize());
                ret(i.requiredKeyUsage());
                ret(i.handleState());
            }
            case RESET_OPERATION -> storage.resetOperation(operation(0));
            case SET_OPERATION_KEY -> storage.setOperationKey(operation(0), object(1));
            case SET_OPERATION_KEY2 -> storage.setOperationKey2(operation(0), object(1), object(2));
            case COPY_OPERATION -> storage.copyOperation(operation(0), operation(1));
            case DIGEST_EXTRACT -> ret(storage.digestExtract(operation(0), bufOff[0], len(0)));
            case GET_OPERATION_INFO_MULTIPLE -> {
                dev.jtee.ta.OperationInfoMultiple i = storage.getOperationInfoMultiple(operation(0));
                List<dev.jtee.ta.OperationInfoMultiple.KeyInformation> keys = i.keyInformation();
                ret(i.algorithm());
                ret(i.operationClass());
                ret(i.mode());
                ret(i.digestLength());
                ret(i.maxKeySize());
                ret(i.handleState());
                ret(i.operationState() | (long) keys.size() << 32);
                ret(keySize(keys, 0) | (long) keySize(keys, 1) << 32);
                // the ninth value rides in the first's high half (the host reads it for each key there is)
                ret[0] |= keys.isEmpty() ? 0 : (long) keys.get(0).requiredKeyUsage() << 32;
            }
            case IS_ALGORITHM_SUPPORTED -> {
                if (!TeeOperation.isAlgorithmSupported((int) arg[0], (int) arg[1])) {
                    throw new TeeException(TeeResult.NOT_SUPPORTED, Origin.TEE);
                }
            }
            case GET_TA_PERSISTENT_TIME -> {
                long[] t = new long[2];
                TeeResult r = inst.manager.world.taPersistentTime.get(inst.uuid, t);
                ret(t[0]);
                ret(t[1]);
                if (r != TeeResult.SUCCESS) {
                    throw new TeeException(r, Origin.TEE);
                }
            }
            case SET_TA_PERSISTENT_TIME -> {
                TeeResult r = inst.manager.world.taPersistentTime.set(inst.uuid, arg[0], arg[1]);
                if (r != TeeResult.SUCCESS) {
                    throw new TeeException(r, Origin.TEE);
                }
            }
            case DIGEST_UPDATE -> storage.digestUpdate(operation(0), bufOff[0], len(0));
            case DIGEST_DO_FINAL -> ret(storage.digestDoFinal(operation(0), bufOff[0], len(0), bufOff[1], len(1)));
            case CIPHER_INIT -> storage.cipherInit(operation(0), bufOff[0], len(0));
            case CIPHER_UPDATE -> ret(storage.cipherUpdate(operation(0), bufOff[0], len(0), bufOff[1], len(1)));
            case CIPHER_DO_FINAL -> ret(storage.cipherDoFinal(operation(0), bufOff[0], len(0), bufOff[1], len(1)));
            case MAC_INIT -> storage.macInit(operation(0), bufOff[0], len(0));
            case MAC_UPDATE -> storage.macUpdate(operation(0), bufOff[0], len(0));
            case MAC_COMPUTE_FINAL -> ret(storage.macComputeFinal(operation(0), bufOff[0], len(0), bufOff[1], len(1)));
            case MAC_COMPARE_FINAL -> storage.macCompareFinal(operation(0), bufOff[0], len(0), bufOff[1], len(1));
            case AE_INIT -> storage.aeInit(operation(0), bufOff[0], len(0), (int) arg[1], (int) arg[2], (int) arg[3]);
            case AE_UPDATE_AAD -> storage.aeUpdateAAD(operation(0), bufOff[0], len(0));
            case AE_UPDATE -> ret(storage.aeUpdate(operation(0), bufOff[0], len(0), bufOff[1], len(1)));
            case AE_ENCRYPT_FINAL -> {
                AeEncryptResult r = storage.aeEncryptFinal(operation(0), bufOff[0], len(0), bufOff[1], len(1),
                        bufOff[2], len(2));
                ret(r.written());
                ret(r.tagLength());
            }
            case AE_DECRYPT_FINAL -> ret(storage.aeDecryptFinal(operation(0), bufOff[0], len(0), bufOff[1], len(1),
                    bufOff[2], len(2)));
            case ASYMMETRIC_ENCRYPT -> ret(storage.asymmetricEncrypt(operation(0), attributes(0), bufOff[1], len(1),
                    bufOff[2], len(2)));
            case ASYMMETRIC_DECRYPT -> ret(storage.asymmetricDecrypt(operation(0), attributes(0), bufOff[1], len(1),
                    bufOff[2], len(2)));
            case ASYMMETRIC_SIGN_DIGEST -> ret(storage.asymmetricSignDigest(operation(0), attributes(0), bufOff[1],
                    len(1), bufOff[2], len(2)));
            case ASYMMETRIC_VERIFY_DIGEST -> storage.asymmetricVerifyDigest(operation(0), attributes(0), bufOff[1],
                    len(1), bufOff[2], len(2));
            case DERIVE_KEY -> {
                byte[] confirmation = storage.deriveKey(operation(0), attributes(0), object(1));
                if (confirmation != null && nbufs > 1) { // the host passed CONFIRMATION_OUT's buffer
                    write(bufOff[1], confirmation, Math.min(confirmation.length, len(1)));
                }
            }
            default -> throw inst.api.panic(TeeResult.NOT_SUPPORTED.code(),
                    "GP call 0x" + Integer.toHexString(op) + " is not one the world knows");
        }
    }

    // ---- handles

    private int add(Object handle) {
        int id = nextId++;
        if (nextId <= 0) {
            nextId = 1; // ids stay positive: 0 is TEE_HANDLE_NULL
        }
        handles.put(id, handle);
        return id;
    }

    private void drop(int argIndex) {
        handles.remove((int) arg[argIndex]);
    }

    private Object handle(int argIndex) {
        long id = arg[argIndex];
        if (id == 0) {
            return null;
        }
        Object h = id > Integer.MAX_VALUE ? null : handles.get((int) id);
        return h == null ? INVALID : h;
    }

    private ObjectHandle object(int argIndex) {
        Object h = handle(argIndex);
        return h == null ? null : h instanceof ObjectHandle o ? o : BAD_OBJECT;
    }

    private OperationHandle operation(int argIndex) {
        Object h = handle(argIndex);
        return h == null ? null : h instanceof OperationHandle o ? o : BAD_OPERATION;
    }

    private ObjectEnumHandle enumerator(int argIndex) {
        Object h = handle(argIndex);
        return h == null ? null : h instanceof ObjectEnumHandle o ? o : BAD_ENUMERATOR;
    }

    // ---- values

    /** The size in bits of key {@code k} of an operation's list, 0 when it has no such key. */
    private static long keySize(List<dev.jtee.ta.OperationInfoMultiple.KeyInformation> keys, int k) {
        return k < keys.size() ? keys.get(k).keySize() : 0;
    }

    private void ret(long v) {
        ret[nret++] = v;
    }

    private void info(ObjectInfo i) {
        ret(i.objectType());
        ret(i.objectSize());
        ret(i.maxObjectSize());
        ret(i.objectUsage());
        ret(i.dataSize());
        ret(i.dataPosition());
        ret(i.handleFlags());
    }

    private int len(int buf) {
        return (int) bufLen[buf];
    }

    /**
     * A TEE_Attribute array as the host encodes it in a buffer: {@code u32 count}, then per attribute
     * {@code u32 id; u32 length; u32 a; u32 b;} and the reference's bytes padded to 4.
     */
    private TeeAttribute[] attributes(int buf) {
        if (bufLen[buf] == 0) {
            return new TeeAttribute[0];
        }
        ByteBuffer b = shm.asSlice(bufOff[buf], bufLen[buf]).asByteBuffer().order(ByteOrder.nativeOrder());
        int n = b.getInt();
        TeeAttribute[] out = new TeeAttribute[n];
        for (int i = 0; i < n; i++) {
            int id = b.getInt();
            int len = b.getInt();
            int a = b.getInt();
            int v = b.getInt();
            byte[] bytes = null;
            if ((id & dev.jtee.ta.TeeDefines.ATTR_FLAG_VALUE) == 0) {
                bytes = new byte[len];
                b.get(bytes);
                b.position(b.position() + (-len & 3));
            }
            out[i] = new TeeAttribute(id, bytes, a, v);
        }
        return out;
    }

    // ---- the shared memory as the storage layer's TA buffers

    @Override
    public byte[] read(long address, int len, int accessFlags, String call) {
        checkInside(address, len, call);
        byte[] b = new byte[len];
        MemorySegment.copy(shm, ValueLayout.JAVA_BYTE, address, b, 0, len);
        return b;
    }

    @Override
    public void checkWritable(long address, int len, String call) {
        checkInside(address, len, call);
    }

    @Override
    public void write(long address, byte[] b, int n) {
        MemorySegment.copy(b, 0, shm, ValueLayout.JAVA_BYTE, address, n);
        for (int i = 0; i < nbufs; i++) {
            if (bufOff[i] == address) {
                written[i] = n;
            }
        }
    }

    /** The host sent the buffers it copied: one the storage layer reads must be one of them. */
    private void checkInside(long address, int len, String call) {
        for (int i = 0; i < nbufs; i++) {
            if (address >= bufOff[i] && address + len <= bufOff[i] + bufLen[i]) {
                return;
            }
        }
        throw inst.api.panic(TeeResult.ACCESS_DENIED.code(), call + ": a buffer the TA host did not pass");
    }

    static String text(String s) {
        return s == null ? "" : s;
    }

    static byte[] utf8(String s) {
        return text(s).getBytes(StandardCharsets.UTF_8);
    }
}
