package dev.jtee.core;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.AeEncryptResult;
import dev.jtee.ta.Identity;
import dev.jtee.ta.ObjectEnumHandle;
import dev.jtee.ta.ObjectHandle;
import dev.jtee.ta.ObjectInfo;
import dev.jtee.ta.OperationHandle;
import dev.jtee.ta.OperationInfo;
import dev.jtee.ta.PersistentObjectEntry;
import dev.jtee.ta.PropSet;
import dev.jtee.ta.PropertyRead;
import dev.jtee.ta.TaParams;
import dev.jtee.ta.TaSessionHandle;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TeeAttribute;
import dev.jtee.ta.TeeTime;
import dev.jtee.ta.spi.InternalApi;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The Internal Core API of one instance (libutee plus the syscalls behind it). Called only from
 * inside an entry point, on the thread running it (the instance's or its caller's). Every fault it raises (a panic, an abort) is
 * also recorded on the instance, so TA code that catches and swallows it still dies.
 */
final class InstanceApi implements InternalApi {
    private static final byte[] EMPTY = new byte[0];

    private final Instance instance;
    /** Persistent and transient objects, operations: the storage and crypto syscalls. */
    final InstanceStorage storage;

    InstanceApi(Instance instance) {
        this.instance = instance;
        this.storage = new InstanceStorage(instance, this);
    }

    // ---- faults

    /** Records and answers a panic for {@code throw}. */
    TaPanic panic(int code, String reason) {
        TaPanic p = new TaPanic(code);
        instance.recordFault(p, reason);
        return p;
    }

    DataAbort abort(DataAbort a) {
        instance.recordFault(a, null);
        return a;
    }

    private <T extends Error> T fault(T e) {
        instance.recordFault(e, null);
        return e;
    }

    @Override
    public RuntimeException panic(int code) {
        throw panic(code, null);
    }

    // ---- memory

    @Override
    public long malloc(long size, int hint) {
        try {
            return instance.memory.heap().malloc(size, hint);
        } catch (TaPanic e) {
            instance.recordFault(e, "TEE_Malloc with hint 0x" + Integer.toHexString(hint));
            throw e;
        }
    }

    @Override
    public long realloc(long buffer, long newSize) {
        try {
            return instance.memory.heap().realloc(buffer, newSize);
        } catch (TaPanic | DataAbort e) {
            throw fault(e);
        }
    }

    @Override
    public void free(long buffer) {
        try {
            instance.memory.heap().free(buffer);
        } catch (TaPanic | DataAbort e) {
            throw fault(e);
        }
    }

    @Override
    public void memMove(long dest, long src, long size) {
        try {
            instance.memory.memMove(dest, src, size);
        } catch (DataAbort e) {
            throw fault(e);
        }
    }

    @Override
    public void memFill(long buffer, int x, long size) {
        try {
            instance.memory.memFill(buffer, x, size);
        } catch (DataAbort e) {
            throw fault(e);
        }
    }

    @Override
    public int memCompare(long buffer1, long buffer2, long size) {
        try {
            return instance.memory.memCompare(buffer1, buffer2, size);
        } catch (DataAbort e) {
            throw fault(e);
        }
    }

    @Override
    public TeeResult checkMemoryAccessRights(int accessFlags, long buffer, long size) {
        return instance.memory.checkAccessRights(accessFlags, buffer, size);
    }

    @Override
    public byte getByte(long address) {
        try {
            return instance.memory.getByte(address);
        } catch (DataAbort e) {
            throw fault(e);
        }
    }

    @Override
    public void putByte(long address, byte value) {
        try {
            instance.memory.putByte(address, value);
        } catch (DataAbort e) {
            throw fault(e);
        }
    }

    @Override
    public void read(long address, byte[] dst, int dstOffset, int length) {
        try {
            instance.memory.read(address, dst, dstOffset, length);
        } catch (DataAbort e) {
            throw fault(e);
        }
    }

    @Override
    public void write(long address, byte[] src, int srcOffset, int length) {
        try {
            instance.memory.write(address, src, srcOffset, length);
        } catch (DataAbort e) {
            throw fault(e);
        }
    }

    // ---- properties

    private Map<String, Object> set(PropSet set) {
        if (set == null) {
            throw panic(TeeResult.BAD_PARAMETERS.code(), "property set handle is null");
        }
        return switch (set) {
            case CURRENT_TA -> instance.taProperties;
            case TEE_IMPLEMENTATION -> instance.manager.world.teeProperties;
            case CURRENT_CLIENT -> {
                Session s = instance.currentSession();
                yield s == null ? Map.of() : TaProperties.client(s.client);
            }
        };
    }

    private Object value(PropSet set, String name) {
        Map<String, Object> props = set(set);
        Object v = name == null ? null : props.get(name);
        if (v == null) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, Origin.TEE, set + " has no property " + name);
        }
        return v;
    }

    private static TeeException badFormat(PropSet set, String name, String want) {
        return new TeeException(TeeResult.BAD_FORMAT, Origin.TEE, set + " property " + name + " is not " + want);
    }

    @Override
    public String getPropertyAsString(PropSet set, String name) {
        return TaProperties.asString(value(set, name));
    }

    @Override
    public PropertyRead getPropertyAsString(PropSet set, String name, long buffer, int bufferLength) {
        Object v = name == null ? null : set(set).get(name);
        if (v == null) {
            return new PropertyRead(TeeResult.ITEM_NOT_FOUND, 0);
        }
        byte[] s = TaProperties.asString(v).getBytes(StandardCharsets.UTF_8);
        int needed = s.length + 1;
        if (bufferLength < needed) {
            return new PropertyRead(TeeResult.SHORT_BUFFER, needed);
        }
        write(buffer, s, 0, s.length);
        putByte(buffer + s.length, (byte) 0);
        return new PropertyRead(TeeResult.SUCCESS, needed);
    }

    /** The property's value if it has the wanted type; BAD_FORMAT otherwise, ITEM_NOT_FOUND if absent. */
    private <T> T typed(PropSet set, String name, Class<T> type, String what) {
        Object v = value(set, name);
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        throw badFormat(set, name, what);
    }

    @Override
    public boolean getPropertyAsBool(PropSet set, String name) {
        return typed(set, name, Boolean.class, "a boolean");
    }

    @Override
    public int getPropertyAsU32(PropSet set, String name) {
        return typed(set, name, Integer.class, "a u32");
    }

    @Override
    public long getPropertyAsU64(PropSet set, String name) {
        return typed(set, name, Long.class, "a u64");
    }

    @Override
    public byte[] getPropertyAsBinaryBlock(PropSet set, String name) {
        return typed(set, name, byte[].class, "a binary block").clone();
    }

    @Override
    public PropertyRead getPropertyAsBinaryBlock(PropSet set, String name, long buffer, int bufferLength) {
        Object v = name == null ? null : set(set).get(name);
        if (v == null) {
            return new PropertyRead(TeeResult.ITEM_NOT_FOUND, 0);
        }
        if (!(v instanceof byte[] b)) {
            return new PropertyRead(TeeResult.BAD_FORMAT, 0);
        }
        if (bufferLength < b.length) {
            return new PropertyRead(TeeResult.SHORT_BUFFER, b.length);
        }
        write(buffer, b, 0, b.length);
        return new PropertyRead(TeeResult.SUCCESS, b.length);
    }

    @Override
    public TeeUuid getPropertyAsUuid(PropSet set, String name) {
        return typed(set, name, TeeUuid.class, "a UUID");
    }

    @Override
    public Identity getPropertyAsIdentity(PropSet set, String name) {
        return typed(set, name, Identity.class, "an identity");
    }

    @Override
    public List<String> propertyNames(PropSet set) {
        return List.copyOf(set(set).keySet());
    }

    // ---- time and cancellation

    @Override
    public TeeTime getSystemTime() {
        long ms = (System.nanoTime() - instance.manager.world.startNanos) / 1_000_000;
        return new TeeTime(ms / 1000, (int) (ms % 1000));
    }

    @Override
    public TeeTime getTAPersistentTime() {
        long[] t = new long[2];
        TeeResult r = instance.manager.world.taPersistentTime.get(instance.uuid, t);
        TeeTime time = new TeeTime(t[0], (int) t[1]);
        if (r == TeeResult.OVERFLOW) {
            throw new dev.jtee.ta.TimeOverflowException(time);
        }
        if (r != TeeResult.SUCCESS) {
            throw new TeeException(r, Origin.TEE, "TEE_GetTAPersistentTime");
        }
        return time;
    }

    @Override
    public void setTAPersistentTime(TeeTime time) {
        if (time == null) {
            throw panic(TeeResult.BAD_PARAMETERS.code(), "TEE_SetTAPersistentTime with a null time");
        }
        TeeResult r = instance.manager.world.taPersistentTime.set(instance.uuid, time.seconds(), time.millis());
        // libutee lets only OUT_OF_MEMORY and STORAGE_NO_SPACE through; the core's BAD_PARAMETERS panics
        if (r != TeeResult.SUCCESS) {
            throw panic(r.code(), "TEE_SetTAPersistentTime(" + time.seconds() + "." + time.millis() + ") failed with " + r);
        }
    }

    @Override
    public TeeResult waitFor(int timeoutMillis) {
        long now = System.nanoTime();
        long end = timeoutMillis == TeeApi.TIMEOUT_INFINITE ? Long.MAX_VALUE
                : now + Integer.toUnsignedLong(timeoutMillis) * 1_000_000L;
        for (;;) {
            if (instance.isCancelled()) {
                return TeeResult.CANCEL;
            }
            now = System.nanoTime();
            if (now - end >= 0 && end != Long.MAX_VALUE) {
                return TeeResult.SUCCESS;
            }
            long until = end;
            if (!instance.cancelMasked && instance.cancelDeadline < until) {
                until = instance.cancelDeadline;
            }
            if (until == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else if (until - now > 0) {
                LockSupport.parkNanos(this, until - now);
            }
        }
    }

    @Override
    public boolean getCancellationFlag() {
        return instance.isCancelled();
    }

    @Override
    public boolean unmaskCancellation() {
        boolean was = instance.cancelMasked;
        instance.cancelMasked = false;
        return was;
    }

    @Override
    public boolean maskCancellation() {
        boolean was = instance.cancelMasked;
        instance.cancelMasked = true;
        return was;
    }

    // ---- random

    @Override
    public void generateRandom(long buffer, long size) {
        if (size <= 0) {
            return;
        }
        byte[] chunk = new byte[(int) Math.min(size, 4096)];
        for (long done = 0; done < size; ) {
            int n = (int) Math.min(chunk.length, size - done);
            instance.manager.world.random.nextBytes(chunk);
            write(buffer + done, chunk, 0, n);
            done += n;
        }
    }

    // ---- TA-to-TA (Internal Client API)

    @Override
    public TaSessionHandle openTASession(TeeUuid destination, int cancellationTimeout, TaParams params) {
        if (destination == null) {
            throw panic(TeeResult.BAD_PARAMETERS.code(), "TEE_OpenTASession with a null UUID");
        }
        TaParams p = params == null ? TaParams.none() : params;
        CallFrame f = new CallFrame();
        f.uuid = destination;
        int bad = toFrame(p, f);
        if (bad != 0) {
            // OP-TEE's libutee hands TEE_OpenTASession's failures back to the TA
            throw new TeeException(TeeResult.of(bad), Origin.TEE, "TEE_OpenTASession parameters");
        }
        instance.manager.open(f, TaProperties.taClient(instance.uuid), instance, instance.waiter, instance.chain(),
                null, deadline(cancellationTimeout));
        if (f.origin == Origin.TRUSTED_APP.value()) {
            fromFrame(f, p);
        }
        if (f.result == 0) {
            return instance.manager.sessions.get(f.session).handle;
        }
        throw new TeeException(TeeResult.of(f.result), Origin.of(f.origin), "TEE_OpenTASession(" + destination + ")");
    }

    @Override
    public void invokeTACommand(TaSessionHandle session, int cancellationTimeout, int command, TaParams params) {
        Session s = resolve(session, "TEE_InvokeTACommand");
        TaParams p = params == null ? TaParams.none() : params;
        CallFrame f = new CallFrame();
        f.session = s.id;
        f.command = command;
        int res = toFrame(p, f);
        int origin = Origin.TEE.value();
        if (res == 0) {
            instance.manager.invoke(f, instance, instance.waiter, instance.chain(), null, deadline(cancellationTimeout));
            res = f.result;
            origin = f.origin;
            if (origin == Origin.TRUSTED_APP.value()) {
                fromFrame(f, p);
            }
        }
        // libutee: a failure that is not the callee's own answer is fatal, except these two
        if (origin != Origin.TRUSTED_APP.value() && res != 0 && res != TeeResult.OUT_OF_MEMORY.code()
                && res != TeeResult.TARGET_DEAD.code()) {
            throw panic(res, "TEE_InvokeTACommand failed with " + TeeResult.of(res) + ", origin " + Origin.of(origin));
        }
        if (res != 0) {
            throw new TeeException(TeeResult.of(res), Origin.of(origin), "TEE_InvokeTACommand(" + command + ")");
        }
    }

    @Override
    public void closeTASession(TaSessionHandle session) {
        if (session == null) {
            return;
        }
        Session s = resolve(session, "TEE_CloseTASession");
        CallFrame f = new CallFrame();
        f.session = s.id;
        instance.manager.close(f, instance, instance.waiter, instance.chain(), Long.MAX_VALUE);
        if (f.result != 0) {
            throw panic(f.result, "TEE_CloseTASession failed with " + TeeResult.of(f.result));
        }
    }

    private Session resolve(TaSessionHandle handle, String what) {
        if (handle instanceof Session.Handle h && h.session().owner == instance && h.session().state == Session.OPEN) {
            return h.session();
        }
        throw panic(TeeResult.BAD_PARAMETERS.code(), what + " with an invalid session handle " + handle);
    }

    private static long deadline(int cancellationTimeout) {
        if (cancellationTimeout == TeeApi.TIMEOUT_INFINITE) {
            return Long.MAX_VALUE;
        }
        return System.nanoTime() + Integer.toUnsignedLong(cancellationTimeout) * 1_000_000L;
    }

    /**
     * Copies the caller's parameters into a frame for the callee: memrefs into this instance's heap
     * or parameters are checked like OP-TEE's syscall checks them and copied, as OP-TEE bounces
     * them through a temporary buffer. Answers 0 or the GP result that stops the call.
     */
    private int toFrame(TaParams p, CallFrame f) {
        int types = p.types() & 0xFFFF;
        f.paramTypes = types;
        for (int i = 0; i < ParamTypes.COUNT; i++) {
            int n = ParamTypes.get(types, i);
            if (n == 0) {
                continue;
            }
            if (n >= 1 && n <= 3) {
                f.valueA[i] = p.a(i);
                f.valueB[i] = p.b(i);
                continue;
            }
            if (n < 5 || n > 7) {
                return TeeResult.BAD_PARAMETERS.code();
            }
            long addr = p.address(i);
            long size = p.size(i);
            if (size < 0 || size > Integer.MAX_VALUE - 16) {
                return TeeResult.BAD_PARAMETERS.code();
            }
            byte[] buf;
            if (size == 0) {
                buf = addr == 0 ? null : EMPTY;
            } else {
                int flags = TeeApi.ACCESS_READ | TeeApi.ACCESS_ANY_OWNER | (n == 5 ? 0 : TeeApi.ACCESS_WRITE);
                if (!instance.memory.checkAccessRights(flags, addr, size).isSuccess()) {
                    return TeeResult.ACCESS_DENIED.code();
                }
                Session entry = instance.currentSession();
                if (entry != null && entry.owner == null && instance.memory.inParam(addr, size)) {
                    f.normalWorldMemrefs |= 1 << i; // the client's shared memory, passed on
                }
                buf = new byte[(int) size];
                if (n != 6) {
                    read(addr, buf, 0, buf.length);
                }
            }
            f.buffer[i] = buf;
            f.offset[i] = 0;
            f.size[i] = size;
        }
        return 0;
    }

    /** The callee's OUTPUT/INOUT values and sizes, and the bytes of memrefs that fit, back to the caller. */
    private void fromFrame(CallFrame f, TaParams p) {
        int types = f.paramTypes;
        for (int i = 0; i < ParamTypes.COUNT; i++) {
            int n = ParamTypes.get(types, i);
            if (n == 2 || n == 3) {
                p.update(i, f.valueA[i], f.valueB[i], p.size(i));
            } else if (n == 6 || n == 7) {
                long reported = f.size[i];
                byte[] buf = f.buffer[i];
                if (buf != null && reported >= 0 && reported <= buf.length && reported > 0) {
                    write(p.address(i), buf, 0, (int) reported);
                }
                p.update(i, p.a(i), p.b(i), reported);
            }
        }
    }

    // ---- storage and crypto: see InstanceStorage

    @Override
    public ObjectInfo getObjectInfo(ObjectHandle object) {
        return storage.getObjectInfo(object);
    }

    @Override
    public void restrictObjectUsage(ObjectHandle object, int objectUsage) {
        storage.restrictObjectUsage(object, objectUsage);
    }

    @Override
    public int getObjectBufferAttribute(ObjectHandle object, int attributeId, long buffer, int size) {
        return storage.getObjectBufferAttribute(object, attributeId, buffer, size);
    }

    @Override
    public TeeAttribute getObjectValueAttribute(ObjectHandle object, int attributeId) {
        return storage.getObjectValueAttribute(object, attributeId);
    }

    @Override
    public void closeObject(ObjectHandle object) {
        storage.closeObject(object);
    }

    @Override
    public ObjectHandle allocateTransientObject(int objectType, int maxObjectSize) {
        return storage.allocateTransientObject(objectType, maxObjectSize);
    }

    @Override
    public void freeTransientObject(ObjectHandle object) {
        storage.freeTransientObject(object);
    }

    @Override
    public void resetTransientObject(ObjectHandle object) {
        storage.resetTransientObject(object);
    }

    @Override
    public void populateTransientObject(ObjectHandle object, TeeAttribute[] attributes) {
        storage.populateTransientObject(object, attributes);
    }

    @Override
    public void copyObjectAttributes(ObjectHandle destination, ObjectHandle source) {
        storage.copyObjectAttributes(destination, source);
    }

    @Override
    public void generateKey(ObjectHandle object, int keySize, TeeAttribute[] params) {
        storage.generateKey(object, keySize, params);
    }

    @Override
    public ObjectHandle openPersistentObject(int storageId, long objectId, int objectIdLen, int flags) {
        return storage.openPersistentObject(storageId, objectId, objectIdLen, flags);
    }

    @Override
    public ObjectHandle createPersistentObject(int storageId, long objectId, int objectIdLen, int flags, ObjectHandle attributes, long initialData, int initialDataLen) {
        return storage.createPersistentObject(storageId, objectId, objectIdLen, flags, attributes, initialData, initialDataLen);
    }

    @Override
    public void closeAndDeletePersistentObject(ObjectHandle object) {
        storage.closeAndDeletePersistentObject(object);
    }

    @Override
    public void renamePersistentObject(ObjectHandle object, long newObjectId, int newObjectIdLen) {
        storage.renamePersistentObject(object, newObjectId, newObjectIdLen);
    }

    @Override
    public ObjectEnumHandle allocatePersistentObjectEnumerator() {
        return storage.allocatePersistentObjectEnumerator();
    }

    @Override
    public void freePersistentObjectEnumerator(ObjectEnumHandle enumerator) {
        storage.freePersistentObjectEnumerator(enumerator);
    }

    @Override
    public void resetPersistentObjectEnumerator(ObjectEnumHandle enumerator) {
        storage.resetPersistentObjectEnumerator(enumerator);
    }

    @Override
    public void startPersistentObjectEnumerator(ObjectEnumHandle enumerator, int storageId) {
        storage.startPersistentObjectEnumerator(enumerator, storageId);
    }

    @Override
    public PersistentObjectEntry getNextPersistentObject(ObjectEnumHandle enumerator) {
        return storage.getNextPersistentObject(enumerator);
    }

    @Override
    public int readObjectData(ObjectHandle object, long buffer, int size) {
        return storage.readObjectData(object, buffer, size);
    }

    @Override
    public void writeObjectData(ObjectHandle object, long buffer, int size) {
        storage.writeObjectData(object, buffer, size);
    }

    @Override
    public void truncateObjectData(ObjectHandle object, long size) {
        storage.truncateObjectData(object, size);
    }

    @Override
    public void seekObjectData(ObjectHandle object, long offset, int whence) {
        storage.seekObjectData(object, offset, whence);
    }

    @Override
    public OperationHandle allocateOperation(int algorithm, int mode, int maxKeySize) {
        return storage.allocateOperation(algorithm, mode, maxKeySize);
    }

    @Override
    public void freeOperation(OperationHandle operation) {
        storage.freeOperation(operation);
    }

    @Override
    public OperationInfo getOperationInfo(OperationHandle operation) {
        return storage.getOperationInfo(operation);
    }

    @Override
    public dev.jtee.ta.OperationInfoMultiple getOperationInfoMultiple(OperationHandle operation) {
        return storage.getOperationInfoMultiple(operation);
    }

    @Override
    public void copyOperation(OperationHandle dst, OperationHandle src) {
        storage.copyOperation(dst, src);
    }

    @Override
    public boolean isAlgorithmSupported(int algorithm, int element) {
        return dev.jtee.storage.TeeOperation.isAlgorithmSupported(algorithm, element);
    }

    @Override
    public void resetOperation(OperationHandle operation) {
        storage.resetOperation(operation);
    }

    @Override
    public void setOperationKey(OperationHandle operation, ObjectHandle key) {
        storage.setOperationKey(operation, key);
    }

    @Override
    public void setOperationKey2(OperationHandle operation, ObjectHandle key1, ObjectHandle key2) {
        storage.setOperationKey2(operation, key1, key2);
    }

    @Override
    public void digestExtract(OperationHandle operation, long hash, int hashLen) {
        storage.digestExtract(operation, hash, hashLen);
    }

    @Override
    public void digestUpdate(OperationHandle operation, long chunk, int chunkLen) {
        storage.digestUpdate(operation, chunk, chunkLen);
    }

    @Override
    public int digestDoFinal(OperationHandle operation, long chunk, int chunkLen, long hash, int hashLen) {
        return storage.digestDoFinal(operation, chunk, chunkLen, hash, hashLen);
    }

    @Override
    public void cipherInit(OperationHandle operation, long iv, int ivLen) {
        storage.cipherInit(operation, iv, ivLen);
    }

    @Override
    public int cipherUpdate(OperationHandle operation, long src, int srcLen, long dest, int destLen) {
        return storage.cipherUpdate(operation, src, srcLen, dest, destLen);
    }

    @Override
    public int cipherDoFinal(OperationHandle operation, long src, int srcLen, long dest, int destLen) {
        return storage.cipherDoFinal(operation, src, srcLen, dest, destLen);
    }

    @Override
    public void macInit(OperationHandle operation, long iv, int ivLen) {
        storage.macInit(operation, iv, ivLen);
    }

    @Override
    public void macUpdate(OperationHandle operation, long chunk, int chunkLen) {
        storage.macUpdate(operation, chunk, chunkLen);
    }

    @Override
    public int macComputeFinal(OperationHandle operation, long message, int messageLen, long mac, int macLen) {
        return storage.macComputeFinal(operation, message, messageLen, mac, macLen);
    }

    @Override
    public void macCompareFinal(OperationHandle operation, long message, int messageLen, long mac, int macLen) {
        storage.macCompareFinal(operation, message, messageLen, mac, macLen);
    }

    @Override
    public void aeInit(OperationHandle operation, long nonce, int nonceLen, int tagLen, int aadLen, int payloadLen) {
        storage.aeInit(operation, nonce, nonceLen, tagLen, aadLen, payloadLen);
    }

    @Override
    public void aeUpdateAAD(OperationHandle operation, long aad, int aadLen) {
        storage.aeUpdateAAD(operation, aad, aadLen);
    }

    @Override
    public int aeUpdate(OperationHandle operation, long src, int srcLen, long dest, int destLen) {
        return storage.aeUpdate(operation, src, srcLen, dest, destLen);
    }

    @Override
    public AeEncryptResult aeEncryptFinal(OperationHandle operation, long src, int srcLen, long dest, int destLen, long tag, int tagLen) {
        return storage.aeEncryptFinal(operation, src, srcLen, dest, destLen, tag, tagLen);
    }

    @Override
    public int aeDecryptFinal(OperationHandle operation, long src, int srcLen, long dest, int destLen, long tag, int tagLen) {
        return storage.aeDecryptFinal(operation, src, srcLen, dest, destLen, tag, tagLen);
    }

    @Override
    public int asymmetricEncrypt(OperationHandle operation, TeeAttribute[] params, long src, int srcLen, long dest, int destLen) {
        return storage.asymmetricEncrypt(operation, params, src, srcLen, dest, destLen);
    }

    @Override
    public int asymmetricDecrypt(OperationHandle operation, TeeAttribute[] params, long src, int srcLen, long dest, int destLen) {
        return storage.asymmetricDecrypt(operation, params, src, srcLen, dest, destLen);
    }

    @Override
    public int asymmetricSignDigest(OperationHandle operation, TeeAttribute[] params, long digest, int digestLen, long signature, int signatureLen) {
        return storage.asymmetricSignDigest(operation, params, digest, digestLen, signature, signatureLen);
    }

    @Override
    public void asymmetricVerifyDigest(OperationHandle operation, TeeAttribute[] params, long digest, int digestLen, long signature, int signatureLen) {
        storage.asymmetricVerifyDigest(operation, params, digest, digestLen, signature, signatureLen);
    }

    @Override
    public void deriveKey(OperationHandle operation, TeeAttribute[] params, ObjectHandle derivedKey) {
        storage.deriveKey(operation, params, derivedKey);
    }
}
