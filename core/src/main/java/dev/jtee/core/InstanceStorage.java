package dev.jtee.core;

import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.storage.Attribute;
import dev.jtee.storage.ObjectEnumerator;
import dev.jtee.storage.TaStorage;
import dev.jtee.storage.TeeObject;
import dev.jtee.storage.TeeOperation;
import dev.jtee.ta.AeEncryptResult;
import dev.jtee.ta.ObjectEnumHandle;
import dev.jtee.ta.ObjectHandle;
import dev.jtee.ta.ObjectInfo;
import dev.jtee.ta.OperationHandle;
import dev.jtee.ta.OperationInfo;
import dev.jtee.ta.PersistentObjectEntry;
import dev.jtee.ta.ShortBufferException;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TeeAttribute;

/**
 * The storage and crypto syscalls of one instance (OP-TEE's {@code tee_svc_storage.c} and
 * {@code tee_svc_cryp.c}): TA buffers are checked and copied in and out of TA memory as the
 * syscalls do, handles are checked to be this instance's, and the engine's answers are translated:
 * a GP result stays a {@link TeeException} for the TA, SHORT_BUFFER becomes the SDK's
 * {@link ShortBufferException}, and an engine {@link dev.jtee.storage.TaPanic} panics the instance.
 * Instance thread only, except {@link #release}.
 */
final class InstanceStorage {
    private static final byte[] EMPTY = new byte[0];

    private final Instance instance;
    private final InstanceApi api;
    /** The instance's view of the world's storage; opened on first use (the world opens its database then). */
    private TaStorage storage;
    private volatile boolean released;
    private Buffers buffers = new ApiBuffers();

    InstanceStorage(Instance instance, InstanceApi api) {
        this.instance = instance;
        this.api = api;
    }

    /** A {@code TEE_ObjectHandle} of this instance. */
    static final class ObjectRef implements ObjectHandle {
        final InstanceStorage owner;
        final TeeObject object;

        ObjectRef(InstanceStorage owner, TeeObject object) {
            this.owner = owner;
            this.object = object;
        }

        @Override
        public String toString() {
            return (object.isPersistent() ? "persistent" : "transient") + " object 0x" + Integer.toHexString(object.type());
        }
    }

    static final class OperationRef implements OperationHandle {
        final InstanceStorage owner;
        final TeeOperation operation;

        OperationRef(InstanceStorage owner, TeeOperation operation) {
            this.owner = owner;
            this.operation = operation;
        }

        @Override
        public String toString() {
            return "operation 0x" + Integer.toHexString(operation.algorithm());
        }
    }

    static final class EnumRef implements ObjectEnumHandle {
        final InstanceStorage owner;
        final ObjectEnumerator enumerator;

        EnumRef(InstanceStorage owner, ObjectEnumerator enumerator) {
            this.owner = owner;
            this.enumerator = enumerator;
        }
    }

    // ---- plumbing

    private TaStorage storage() {
        TaStorage s = storage;
        if (s == null) {
            synchronized (this) {
                if (released) {
                    throw api.panic(TeeResult.BAD_STATE.code(), "storage used after the instance was released");
                }
                s = instance.manager.world.storage().forTa(instance.uuid,
                        !instance.manifest.has(TaFlags.DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT));
                storage = s;
            }
        }
        return s;
    }

    /** Closes every persistent handle and enumerator of the instance (destroy or death); idempotent. */
    void release() {
        TaStorage s;
        synchronized (this) {
            released = true;
            s = storage;
        }
        if (s != null) {
            s.closeAll();
        }
    }

    /** A GP call that takes one TA buffer in and fills another: copy in, run, copy back what the engine wrote. */
    private interface InOut {
        int apply(TeeOperation op, byte[] in, byte[] out);
    }

    private int inOut(String call, OperationHandle h, long src, int srcLen, long dest, int destLen, InOut f) {
        TeeOperation op = operation(h, call);
        byte[] s = in(src, srcLen, call);
        byte[] d = out(dest, destLen, call);
        try {
            int n = f.apply(op, s, d);
            copyOut(dest, d, n);
            return n;
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** A GP call that only reads a TA buffer (the update calls). */
    private interface Feed {
        void apply(TeeOperation op, byte[] in);
    }

    private void feed(String call, OperationHandle h, long src, int len, Feed f) {
        TeeOperation op = operation(h, call);
        byte[] b = in(src, len, call);
        try {
            f.apply(op, b);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** The engine's failure as the TA must see it; throws the instance's panic for a GP panic. */
    private RuntimeException translate(RuntimeException e) {
        if (e instanceof dev.jtee.storage.TaPanic p) {
            throw api.panic(p.code(), p.getMessage());
        }
        return e;
    }

    private TeeObject object(ObjectHandle h, String call) {
        if (h instanceof ObjectRef r && r.owner == this) {
            return r.object;
        }
        throw api.panic(TeeResult.BAD_PARAMETERS.code(), call + " with an invalid object handle " + h);
    }

    private TeeObject objectOrNull(ObjectHandle h, String call) {
        return h == null ? null : object(h, call);
    }

    private TeeOperation operation(OperationHandle h, String call) {
        if (h instanceof OperationRef r && r.owner == this) {
            return r.operation;
        }
        throw api.panic(TeeResult.BAD_PARAMETERS.code(), call + " with an invalid operation handle " + h);
    }

    private ObjectEnumerator enumerator(ObjectEnumHandle h, String call) {
        if (h instanceof EnumRef r && r.owner == this) {
            return r.enumerator;
        }
        throw api.panic(TeeResult.BAD_PARAMETERS.code(), call + " with an invalid enumerator handle " + h);
    }

    private void checkLength(int len, String call) {
        if (len < 0) {
            throw api.panic(TeeResult.BAD_PARAMETERS.code(), call + " with a negative length " + len);
        }
    }

    /**
     * Where a syscall's TA buffers live: a Java TA's emulated memory (checked here, as the syscalls
     * do), or a native TA host's shared memory ({@link NativeApiCalls}: the host checked the TA's
     * own pointers and copied the bytes in). Addresses are the TA's, or offsets in the shared memory.
     */
    interface Buffers {
        /** The bytes of an input buffer; {@code accessFlags} as TEE_CheckMemoryAccessRights, a panic when refused. */
        byte[] read(long address, int len, int accessFlags, String call);

        /** Checks that the TA may write all of an output buffer (a panic when not). */
        void checkWritable(long address, int len, String call);

        void write(long address, byte[] b, int n);
    }

    /** A Java TA's buffers: its emulated memory, through the instance's API. */
    private final class ApiBuffers implements Buffers {
        @Override
        public byte[] read(long address, int len, int accessFlags, String call) {
            if (!api.checkMemoryAccessRights(accessFlags, address, len).isSuccess()) {
                throw api.panic(TeeResult.ACCESS_DENIED.code(), call + ((accessFlags & TeeApi.ACCESS_ANY_OWNER) != 0
                        ? ": input buffer not readable" : ": object id not in TA-private memory"));
            }
            byte[] b = new byte[len];
            api.read(address, b, 0, len);
            return b;
        }

        @Override
        public void checkWritable(long address, int len, String call) {
            if (!api.checkMemoryAccessRights(TeeApi.ACCESS_WRITE | TeeApi.ACCESS_ANY_OWNER, address, len).isSuccess()) {
                throw api.panic(TeeResult.ACCESS_DENIED.code(), call + ": output buffer not writable");
            }
        }

        @Override
        public void write(long address, byte[] b, int n) {
            api.write(address, b, 0, n);
        }
    }

    /** The native TA host's shared memory instead of a Java TA's memory (set once, before the first call). */
    void useBuffers(Buffers b) {
        buffers = b;
    }

    /** A buffer the TA passes in: its own memory or a parameter (ANY_OWNER), as the syscalls allow. */
    private byte[] in(long address, int len, String call) {
        checkLength(len, call);
        if (len == 0) {
            return EMPTY;
        }
        return buffers.read(address, len, TeeApi.ACCESS_READ | TeeApi.ACCESS_ANY_OWNER, call);
    }

    /** An object id: it must lie in TA-private memory, not in a parameter (GP; xtest 6020). */
    private byte[] objectId(long address, int len, String call) {
        checkLength(len, call);
        if (len == 0) {
            return EMPTY;
        }
        return buffers.read(address, len, TeeApi.ACCESS_READ, call);
    }

    /** Room for an output buffer, after checking the TA may write all of it. */
    private byte[] out(long address, int len, String call) {
        checkLength(len, call);
        if (len == 0) {
            return EMPTY;
        }
        buffers.checkWritable(address, len, call);
        return new byte[len];
    }

    private void copyOut(long address, byte[] b, int n) {
        if (n > 0) {
            buffers.write(address, b, n);
        }
    }

    private static Attribute[] attrs(TeeAttribute[] in) {
        if (in == null) {
            return new Attribute[0];
        }
        Attribute[] out = new Attribute[in.length];
        for (int i = 0; i < in.length; i++) {
            TeeAttribute a = in[i];
            out[i] = new Attribute(a.id(), a.isValue() ? null : a.buffer(), a.a(), a.b());
        }
        return out;
    }

    private static ObjectInfo info(dev.jtee.storage.ObjectInfo i) {
        return new ObjectInfo(i.objectType(), i.objectSize(), i.maxObjectSize(), i.objectUsage(), i.dataSize(),
                i.dataPosition(), i.handleFlags());
    }

    // ---- objects

    ObjectInfo getObjectInfo(ObjectHandle h) {
        TeeObject o = object(h, "TEE_GetObjectInfo1");
        try {
            return info(o.info());
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void restrictObjectUsage(ObjectHandle h, int usage) {
        TeeObject o = object(h, "TEE_RestrictObjectUsage1");
        try {
            o.restrictUsage(usage);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    int getObjectBufferAttribute(ObjectHandle h, int attributeId, long buffer, int size) {
        TeeObject o = object(h, "TEE_GetObjectBufferAttribute");
        byte[] v;
        try {
            v = o.bufferAttribute(attributeId);
        } catch (RuntimeException e) {
            throw translate(e);
        }
        if (size < v.length) {
            throw new ShortBufferException(v.length, false);
        }
        out(buffer, v.length, "TEE_GetObjectBufferAttribute");
        copyOut(buffer, v, v.length);
        return v.length;
    }

    TeeAttribute getObjectValueAttribute(ObjectHandle h, int attributeId) {
        TeeObject o = object(h, "TEE_GetObjectValueAttribute");
        try {
            Attribute a = o.valueAttribute(attributeId);
            return new TeeAttribute(a.id(), null, a.a(), a.b());
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void closeObject(ObjectHandle h) {
        if (h == null) {
            return;
        }
        TeeObject o = object(h, "TEE_CloseObject");
        try {
            if (o.isPersistent()) {
                storage().closeObject(o);
            } else {
                o.free();
            }
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    ObjectHandle allocateTransientObject(int type, int maxObjectSize) {
        try {
            return new ObjectRef(this, TeeObject.allocateTransient(type, maxObjectSize));
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void freeTransientObject(ObjectHandle h) {
        if (h == null) {
            return;
        }
        TeeObject o = object(h, "TEE_FreeTransientObject");
        try {
            o.free();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void resetTransientObject(ObjectHandle h) {
        if (h == null) {
            return;
        }
        TeeObject o = object(h, "TEE_ResetTransientObject");
        try {
            o.reset();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void populateTransientObject(ObjectHandle h, TeeAttribute[] attributes) {
        TeeObject o = object(h, "TEE_PopulateTransientObject");
        try {
            o.populate(attrs(attributes));
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void copyObjectAttributes(ObjectHandle dst, ObjectHandle src) {
        TeeObject d = object(dst, "TEE_CopyObjectAttributes1");
        TeeObject s = object(src, "TEE_CopyObjectAttributes1");
        try {
            d.copyAttributesFrom(s);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void generateKey(ObjectHandle h, int keySize, TeeAttribute[] params) {
        TeeObject o = object(h, "TEE_GenerateKey");
        try {
            o.generateKey(keySize, attrs(params));
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    // ---- persistent objects

    ObjectHandle openPersistentObject(int storageId, long objectId, int objectIdLen, int flags) {
        byte[] id = objectId(objectId, objectIdLen, "TEE_OpenPersistentObject");
        try {
            return new ObjectRef(this, storage().openPersistentObject(storageId, id, flags));
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    ObjectHandle createPersistentObject(int storageId, long objectId, int objectIdLen, int flags,
                                        ObjectHandle attributes, long initialData, int initialDataLen) {
        byte[] id = objectId(objectId, objectIdLen, "TEE_CreatePersistentObject");
        TeeObject attr = objectOrNull(attributes, "TEE_CreatePersistentObject");
        byte[] data = in(initialData, initialDataLen, "TEE_CreatePersistentObject");
        try {
            return new ObjectRef(this, storage().createPersistentObject(storageId, id, flags, attr, data));
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void closeAndDeletePersistentObject(ObjectHandle h) {
        if (h == null) {
            return;
        }
        TeeObject o = object(h, "TEE_CloseAndDeletePersistentObject1");
        try {
            storage().closeAndDeletePersistentObject(o);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void renamePersistentObject(ObjectHandle h, long newObjectId, int newObjectIdLen) {
        TeeObject o = object(h, "TEE_RenamePersistentObject");
        byte[] id = objectId(newObjectId, newObjectIdLen, "TEE_RenamePersistentObject");
        try {
            storage().renamePersistentObject(o, id);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    ObjectEnumHandle allocatePersistentObjectEnumerator() {
        try {
            return new EnumRef(this, storage().allocatePersistentObjectEnumerator());
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void freePersistentObjectEnumerator(ObjectEnumHandle h) {
        if (h == null) {
            return;
        }
        ObjectEnumerator e = enumerator(h, "TEE_FreePersistentObjectEnumerator");
        try {
            e.free();
        } catch (RuntimeException x) {
            throw translate(x);
        }
    }

    void resetPersistentObjectEnumerator(ObjectEnumHandle h) {
        ObjectEnumerator e = enumerator(h, "TEE_ResetPersistentObjectEnumerator");
        try {
            e.reset();
        } catch (RuntimeException x) {
            throw translate(x);
        }
    }

    void startPersistentObjectEnumerator(ObjectEnumHandle h, int storageId) {
        ObjectEnumerator e = enumerator(h, "TEE_StartPersistentObjectEnumerator");
        try {
            e.start(storageId);
        } catch (RuntimeException x) {
            throw translate(x);
        }
    }

    PersistentObjectEntry getNextPersistentObject(ObjectEnumHandle h) {
        ObjectEnumerator e = enumerator(h, "TEE_GetNextPersistentObject");
        try {
            ObjectEnumerator.Entry n = e.next();
            return new PersistentObjectEntry(info(n.info()), n.objectId());
        } catch (RuntimeException x) {
            throw translate(x);
        }
    }

    int readObjectData(ObjectHandle h, long buffer, int size) {
        TeeObject o = object(h, "TEE_ReadObjectData");
        byte[] b = out(buffer, size, "TEE_ReadObjectData");
        int n;
        try {
            n = storage().readObjectData(o, b, 0, size);
        } catch (IndexOutOfBoundsException e) {
            // the engine (TaStorage.readObjectData) copies 0 bytes from a position past the end with
            // an out-of-range arraycopy; the position is left as it was, and GP's answer is 0 bytes
            n = 0;
        } catch (RuntimeException e) {
            throw translate(e);
        }
        copyOut(buffer, b, n);
        return n;
    }

    void writeObjectData(ObjectHandle h, long buffer, int size) {
        TeeObject o = object(h, "TEE_WriteObjectData");
        byte[] b = in(buffer, size, "TEE_WriteObjectData");
        try {
            storage().writeObjectData(o, b, 0, size);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void truncateObjectData(ObjectHandle h, long size) {
        TeeObject o = object(h, "TEE_TruncateObjectData");
        try {
            storage().truncateObjectData(o, size);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void seekObjectData(ObjectHandle h, long offset, int whence) {
        TeeObject o = object(h, "TEE_SeekObjectData");
        try {
            storage().seekObjectData(o, offset, whence);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    // ---- operations

    OperationHandle allocateOperation(int algorithm, int mode, int maxKeySize) {
        try {
            return new OperationRef(this, TeeOperation.allocate(algorithm, mode, maxKeySize));
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void freeOperation(OperationHandle h) {
        if (h == null) {
            return;
        }
        operation(h, "TEE_FreeOperation").free();
    }

    OperationInfo getOperationInfo(OperationHandle h) {
        TeeOperation op = operation(h, "TEE_GetOperationInfo");
        try {
            TeeOperation.Info i = op.info();
            return new OperationInfo(i.algorithm(), i.operationClass(), i.mode(), i.digestLength(), i.maxKeySize(),
                    i.keySize(), i.requiredKeyUsage(), i.handleState());
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void resetOperation(OperationHandle h) {
        TeeOperation op = operation(h, "TEE_ResetOperation");
        try {
            op.reset();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void setOperationKey(OperationHandle h, ObjectHandle key) {
        TeeOperation op = operation(h, "TEE_SetOperationKey");
        TeeObject k = objectOrNull(key, "TEE_SetOperationKey");
        try {
            op.setKey(k);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void setOperationKey2(OperationHandle h, ObjectHandle key1, ObjectHandle key2) {
        TeeOperation op = operation(h, "TEE_SetOperationKey2");
        TeeObject k1 = objectOrNull(key1, "TEE_SetOperationKey2");
        TeeObject k2 = objectOrNull(key2, "TEE_SetOperationKey2");
        try {
            op.setKey2(k1, k2);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** {@code TEE_DigestExtract}: the bytes written (a fixed-length digest's hash runs out). */
    int digestExtract(OperationHandle h, long hash, int hashLen) {
        return inOut("TEE_DigestExtract", h, 0, 0, hash, hashLen, (op, in, out) -> op.digestExtract(out));
    }

    void copyOperation(OperationHandle dst, OperationHandle src) {
        TeeOperation d = operation(dst, "TEE_CopyOperation");
        TeeOperation s = operation(src, "TEE_CopyOperation");
        try {
            d.copyFrom(s);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** {@code TEE_GetOperationInfoMultiple}, for Java and C TAs: TEE_OperationInfo's fields but the key's, the state, each key. */
    dev.jtee.ta.OperationInfoMultiple getOperationInfoMultiple(OperationHandle h) {
        OperationInfo i = getOperationInfo(h);
        TeeOperation o = operation(h, "TEE_GetOperationInfoMultiple");
        java.util.List<dev.jtee.ta.OperationInfoMultiple.KeyInformation> keys = new java.util.ArrayList<>();
        for (int k = 1; k <= o.numberOfKeys(); k++) {
            keys.add(new dev.jtee.ta.OperationInfoMultiple.KeyInformation(o.keySize(k), o.requiredKeyUsage()));
        }
        return new dev.jtee.ta.OperationInfoMultiple(i.algorithm(), i.operationClass(), i.mode(), i.digestLength(),
                i.maxKeySize(), i.handleState(), o.operationState(), keys);
    }

    void digestUpdate(OperationHandle h, long chunk, int len) {
        feed("TEE_DigestUpdate", h, chunk, len, TeeOperation::digestUpdate);
    }

    int digestDoFinal(OperationHandle h, long chunk, int len, long hash, int hashLen) {
        return inOut("TEE_DigestDoFinal", h, chunk, len, hash, hashLen, TeeOperation::digestDoFinal);
    }

    void cipherInit(OperationHandle h, long iv, int ivLen) {
        TeeOperation op = operation(h, "TEE_CipherInit");
        byte[] b = ivLen == 0 ? null : in(iv, ivLen, "TEE_CipherInit");
        try {
            op.cipherInit(b);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    int cipherUpdate(OperationHandle h, long src, int srcLen, long dest, int destLen) {
        return inOut("TEE_CipherUpdate", h, src, srcLen, dest, destLen, TeeOperation::cipherUpdate);
    }

    int cipherDoFinal(OperationHandle h, long src, int srcLen, long dest, int destLen) {
        return inOut("TEE_CipherDoFinal", h, src, srcLen, dest, destLen, TeeOperation::cipherDoFinal);
    }

    void macInit(OperationHandle h, long iv, int ivLen) {
        TeeOperation op = operation(h, "TEE_MACInit");
        byte[] b = ivLen == 0 ? null : in(iv, ivLen, "TEE_MACInit");
        try {
            op.macInit(b);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void macUpdate(OperationHandle h, long chunk, int len) {
        feed("TEE_MACUpdate", h, chunk, len, TeeOperation::macUpdate);
    }

    int macComputeFinal(OperationHandle h, long message, int messageLen, long mac, int macLen) {
        return inOut("TEE_MACComputeFinal", h, message, messageLen, mac, macLen, TeeOperation::macComputeFinal);
    }

    void macCompareFinal(OperationHandle h, long message, int messageLen, long mac, int macLen) {
        TeeOperation op = operation(h, "TEE_MACCompareFinal");
        byte[] m = in(message, messageLen, "TEE_MACCompareFinal");
        byte[] expected = in(mac, macLen, "TEE_MACCompareFinal");
        try {
            op.macCompareFinal(m, expected);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void aeInit(OperationHandle h, long nonce, int nonceLen, int tagLen, int aadLen, int payloadLen) {
        TeeOperation op = operation(h, "TEE_AEInit");
        byte[] n = in(nonce, nonceLen, "TEE_AEInit");
        try {
            op.aeInit(n, tagLen, aadLen, payloadLen);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    void aeUpdateAAD(OperationHandle h, long aad, int aadLen) {
        feed("TEE_AEUpdateAAD", h, aad, aadLen, TeeOperation::aeUpdateAad);
    }

    int aeUpdate(OperationHandle h, long src, int srcLen, long dest, int destLen) {
        return inOut("TEE_AEUpdate", h, src, srcLen, dest, destLen, TeeOperation::aeUpdate);
    }

    AeEncryptResult aeEncryptFinal(OperationHandle h, long src, int srcLen, long dest, int destLen, long tag, int tagLen) {
        TeeOperation op = operation(h, "TEE_AEEncryptFinal");
        byte[] s = in(src, srcLen, "TEE_AEEncryptFinal");
        byte[] d = out(dest, destLen, "TEE_AEEncryptFinal");
        byte[] t = out(tag, tagLen, "TEE_AEEncryptFinal");
        try {
            TeeOperation.AeFinal r = op.aeEncryptFinal(s, d, t);
            copyOut(dest, d, r.written());
            copyOut(tag, t, r.tagLength());
            return new AeEncryptResult(r.written(), r.tagLength());
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    int aeDecryptFinal(OperationHandle h, long src, int srcLen, long dest, int destLen, long tag, int tagLen) {
        TeeOperation op = operation(h, "TEE_AEDecryptFinal");
        byte[] s = in(src, srcLen, "TEE_AEDecryptFinal");
        byte[] d = out(dest, destLen, "TEE_AEDecryptFinal");
        byte[] t = in(tag, tagLen, "TEE_AEDecryptFinal");
        try {
            int n = op.aeDecryptFinal(s, d, t);
            copyOut(dest, d, n);
            return n;
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    int asymmetricEncrypt(OperationHandle h, TeeAttribute[] params, long src, int srcLen, long dest, int destLen) {
        return inOut("TEE_AsymmetricEncrypt", h, src, srcLen, dest, destLen, (op, in, out) -> op.asymmetricEncrypt(attrs(params), in, out));
    }

    int asymmetricDecrypt(OperationHandle h, TeeAttribute[] params, long src, int srcLen, long dest, int destLen) {
        return inOut("TEE_AsymmetricDecrypt", h, src, srcLen, dest, destLen, (op, in, out) -> op.asymmetricDecrypt(attrs(params), in, out));
    }

    int asymmetricSignDigest(OperationHandle h, TeeAttribute[] params, long digest, int digestLen, long sig, int sigLen) {
        return inOut("TEE_AsymmetricSignDigest", h, digest, digestLen, sig, sigLen, (op, in, out) -> op.asymmetricSignDigest(attrs(params), in, out));
    }

    void asymmetricVerifyDigest(OperationHandle h, TeeAttribute[] params, long digest, int digestLen, long sig, int sigLen) {
        TeeOperation op = operation(h, "TEE_AsymmetricVerifyDigest");
        byte[] dg = in(digest, digestLen, "TEE_AsymmetricVerifyDigest");
        byte[] s = in(sig, sigLen, "TEE_AsymmetricVerifyDigest");
        try {
            op.asymmetricVerifyDigest(attrs(params), dg, s);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * {@code TEE_DeriveKey}; returns what the engine wrote into an SM2 key exchange's
     * CONFIRMATION_OUT (for a C TA's buffer), else null. That entry of {@code params} is replaced
     * by one holding it: a {@link TeeAttribute} is a copy, so the array carries it back to a Java TA.
     */
    byte[] deriveKey(OperationHandle h, TeeAttribute[] params, ObjectHandle derived) {
        TeeOperation op = operation(h, "TEE_DeriveKey");
        TeeObject d = object(derived, "TEE_DeriveKey");
        Attribute[] a = attrs(params);
        try {
            op.deriveKey(a, d);
        } catch (RuntimeException e) {
            throw translate(e);
        }
        for (int i = 0; i < a.length; i++) { // a follows params' order
            if (a[i].id() == dev.jtee.ta.TeeDefines.ATTR_SM2_KEP_CONFIRMATION_OUT) {
                byte[] confirmation = a[i].buffer();
                params[i] = new TeeAttribute(params[i].id(), confirmation, 0, 0);
                return confirmation;
            }
        }
        return null;
    }
}
