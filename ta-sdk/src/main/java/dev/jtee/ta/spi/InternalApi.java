package dev.jtee.ta.spi;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
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
import dev.jtee.ta.TeeAttribute;
import dev.jtee.ta.TeeTime;
import java.util.List;

/**
 * The Internal Core API as the secure world implements it for one TA instance; reached through
 * {@link dev.jtee.ta.TeeApi} from the thread running the entry point. Semantics are documented there.
 */
public interface InternalApi {
    /** Implemented by the thread that runs an instance's entry points. */
    interface Carrier {
        InternalApi internalApi();
    }

    /**
     * The instance whose entry point runs on the current thread when that thread is not a
     * {@link Carrier}: the world may run an entry on its caller's thread, and binds the instance's
     * API here for the entry's duration (nested for a TA-to-TA call run the same way).
     * Allocation-free after a thread's first use.
     */
    final class CallerThread {
        private static final ThreadLocal<InternalApi> BOUND = new ThreadLocal<>();

        private CallerThread() {
        }

        /** The API bound to this thread, or null outside an entry point. */
        public static InternalApi current() {
            return BOUND.get();
        }

        /** Binds {@code api} to this thread; answers what was bound before, for {@link #unbind}. */
        public static InternalApi bind(InternalApi api) {
            InternalApi outer = BOUND.get();
            BOUND.set(api);
            return outer;
        }

        /** Restores what {@link #bind} answered. */
        public static void unbind(InternalApi outer) {
            BOUND.set(outer);
        }
    }

    // memory
    long malloc(long size, int hint);

    long realloc(long buffer, long newSize);

    void free(long buffer);

    void memMove(long dest, long src, long size);

    void memFill(long buffer, int x, long size);

    int memCompare(long buffer1, long buffer2, long size);

    TeeResult checkMemoryAccessRights(int accessFlags, long buffer, long size);

    byte getByte(long address);

    void putByte(long address, byte value);

    void read(long address, byte[] dst, int dstOffset, int length);

    void write(long address, byte[] src, int srcOffset, int length);

    // panic
    RuntimeException panic(int code);

    // properties
    String getPropertyAsString(PropSet set, String name);

    PropertyRead getPropertyAsString(PropSet set, String name, long buffer, int bufferLength);

    boolean getPropertyAsBool(PropSet set, String name);

    int getPropertyAsU32(PropSet set, String name);

    long getPropertyAsU64(PropSet set, String name);

    byte[] getPropertyAsBinaryBlock(PropSet set, String name);

    PropertyRead getPropertyAsBinaryBlock(PropSet set, String name, long buffer, int bufferLength);

    TeeUuid getPropertyAsUuid(PropSet set, String name);

    Identity getPropertyAsIdentity(PropSet set, String name);

    List<String> propertyNames(PropSet set);

    // time and cancellation
    TeeTime getSystemTime();

    /** TIME_NOT_SET before the TA set one; a {@link dev.jtee.ta.TimeOverflowException} past 2^32 seconds. */
    TeeTime getTAPersistentTime();

    void setTAPersistentTime(TeeTime time);

    TeeResult waitFor(int timeoutMillis);

    boolean getCancellationFlag();

    boolean unmaskCancellation();

    boolean maskCancellation();

    // random
    void generateRandom(long buffer, long size);

    // TA-to-TA
    TaSessionHandle openTASession(TeeUuid destination, int cancellationTimeout, TaParams params);

    void invokeTACommand(TaSessionHandle session, int cancellationTimeout, int command, TaParams params);

    void closeTASession(TaSessionHandle session);

    // ---- objects (GP 5.5 generic, 5.6 transient); buffers are TA addresses as in C

    ObjectInfo getObjectInfo(ObjectHandle object);

    void restrictObjectUsage(ObjectHandle object, int objectUsage);

    int getObjectBufferAttribute(ObjectHandle object, int attributeId, long buffer, int size);

    TeeAttribute getObjectValueAttribute(ObjectHandle object, int attributeId);

    void closeObject(ObjectHandle object);

    ObjectHandle allocateTransientObject(int objectType, int maxObjectSize);

    void freeTransientObject(ObjectHandle object);

    void resetTransientObject(ObjectHandle object);

    void populateTransientObject(ObjectHandle object, TeeAttribute[] attributes);

    void copyObjectAttributes(ObjectHandle destination, ObjectHandle source);

    void generateKey(ObjectHandle object, int keySize, TeeAttribute[] params);

    // ---- persistent objects (GP 5.7, 5.8, 5.9)

    ObjectHandle openPersistentObject(int storageId, long objectId, int objectIdLen, int flags);

    ObjectHandle createPersistentObject(int storageId, long objectId, int objectIdLen, int flags,
                                        ObjectHandle attributes, long initialData, int initialDataLen);

    void closeAndDeletePersistentObject(ObjectHandle object);

    void renamePersistentObject(ObjectHandle object, long newObjectId, int newObjectIdLen);

    ObjectEnumHandle allocatePersistentObjectEnumerator();

    void freePersistentObjectEnumerator(ObjectEnumHandle enumerator);

    void resetPersistentObjectEnumerator(ObjectEnumHandle enumerator);

    void startPersistentObjectEnumerator(ObjectEnumHandle enumerator, int storageId);

    PersistentObjectEntry getNextPersistentObject(ObjectEnumHandle enumerator);

    int readObjectData(ObjectHandle object, long buffer, int size);

    void writeObjectData(ObjectHandle object, long buffer, int size);

    void truncateObjectData(ObjectHandle object, long size);

    void seekObjectData(ObjectHandle object, long offset, int whence);

    // ---- cryptographic operations (GP 6)

    OperationHandle allocateOperation(int algorithm, int mode, int maxKeySize);

    void freeOperation(OperationHandle operation);

    OperationInfo getOperationInfo(OperationHandle operation);

    dev.jtee.ta.OperationInfoMultiple getOperationInfoMultiple(OperationHandle operation);

    void copyOperation(OperationHandle dst, OperationHandle src);

    boolean isAlgorithmSupported(int algorithm, int element);

    void resetOperation(OperationHandle operation);

    void setOperationKey(OperationHandle operation, ObjectHandle key);

    void setOperationKey2(OperationHandle operation, ObjectHandle key1, ObjectHandle key2);

    void digestExtract(OperationHandle operation, long hash, int hashLen);

    void digestUpdate(OperationHandle operation, long chunk, int chunkLen);

    int digestDoFinal(OperationHandle operation, long chunk, int chunkLen, long hash, int hashLen);

    void cipherInit(OperationHandle operation, long iv, int ivLen);

    int cipherUpdate(OperationHandle operation, long src, int srcLen, long dest, int destLen);

    int cipherDoFinal(OperationHandle operation, long src, int srcLen, long dest, int destLen);

    void macInit(OperationHandle operation, long iv, int ivLen);

    void macUpdate(OperationHandle operation, long chunk, int chunkLen);

    int macComputeFinal(OperationHandle operation, long message, int messageLen, long mac, int macLen);

    void macCompareFinal(OperationHandle operation, long message, int messageLen, long mac, int macLen);

    void aeInit(OperationHandle operation, long nonce, int nonceLen, int tagLen, int aadLen, int payloadLen);

    void aeUpdateAAD(OperationHandle operation, long aad, int aadLen);

    int aeUpdate(OperationHandle operation, long src, int srcLen, long dest, int destLen);

    AeEncryptResult aeEncryptFinal(OperationHandle operation, long src, int srcLen, long dest, int destLen,
                                   long tag, int tagLen);

    int aeDecryptFinal(OperationHandle operation, long src, int srcLen, long dest, int destLen, long tag, int tagLen);

    int asymmetricEncrypt(OperationHandle operation, TeeAttribute[] params, long src, int srcLen, long dest, int destLen);

    int asymmetricDecrypt(OperationHandle operation, TeeAttribute[] params, long src, int srcLen, long dest, int destLen);

    int asymmetricSignDigest(OperationHandle operation, TeeAttribute[] params, long digest, int digestLen,
                             long signature, int signatureLen);

    void asymmetricVerifyDigest(OperationHandle operation, TeeAttribute[] params, long digest, int digestLen,
                                long signature, int signatureLen);

    void deriveKey(OperationHandle operation, TeeAttribute[] params, ObjectHandle derivedKey);
}
