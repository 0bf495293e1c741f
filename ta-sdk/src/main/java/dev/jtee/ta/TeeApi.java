package dev.jtee.ta;

import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.ta.spi.InternalApi;
import java.util.List;

/**
 * The GP TEE Internal Core API for TA code, as static functions named after GP's ({@code TEE_Malloc}
 * is {@link #malloc}). Callable only from inside an entry point, on the thread that runs it.
 *
 * <p>Memory is addressed as in C: a {@code long} virtual address into the instance's heap or into
 * a memref parameter, 0 being NULL. Every access is checked; an access outside an allocated block
 * or a mapped parameter, after free, through the zero-size pointer, or a write to an INPUT memref
 * is a data abort: the instance dies and its client sees TARGET_DEAD, origin TEE.
 */
public final class TeeApi {
    /** {@code TEE_MALLOC_FILL_ZERO}: the block is zeroed. */
    public static final int MALLOC_FILL_ZERO = 0x0;
    /** {@code TEE_MALLOC_NO_FILL}: alone it is a panic (OP-TEE only accepts it with NO_SHARE). */
    public static final int MALLOC_NO_FILL = 0x1;
    /** {@code TEE_MALLOC_NO_SHARE}: the block comes from a separate heap. */
    public static final int MALLOC_NO_SHARE = 0x2;

    /** {@code TEE_MEMORY_ACCESS_*} flags for {@link #checkMemoryAccessRights}. */
    public static final int ACCESS_READ = 0x1;
    public static final int ACCESS_WRITE = 0x2;
    public static final int ACCESS_ANY_OWNER = 0x4;

    /** {@code TEE_TIMEOUT_INFINITE}. */
    public static final int TIMEOUT_INFINITE = 0xFFFFFFFF;

    private TeeApi() {
    }

    private static InternalApi api() {
        if (Thread.currentThread() instanceof InternalApi.Carrier c) {
            return c.internalApi();
        }
        InternalApi bound = InternalApi.CallerThread.current();
        if (bound != null) {
            return bound;
        }
        throw new IllegalStateException("the TEE Internal Core API is only available inside a TA entry point");
    }

    // ---- memory

    /**
     * {@code TEE_Malloc}: a block of {@code size} bytes from the instance's heap, or 0 when it is
     * exhausted. Size 0 gives the zero-size pointer (non-NULL, aborts when dereferenced). Hint
     * FILL_ZERO zeroes; NO_FILL alone panics; unknown hints give 0.
     */
    public static long malloc(long size, int hint) {
        return api().malloc(size, hint);
    }

    /** {@code TEE_Realloc}; size 0 frees and returns the zero-size pointer. */
    public static long realloc(long buffer, long newSize) {
        return api().realloc(buffer, newSize);
    }

    /** {@code TEE_Free}; NULL and the zero-size pointer are ignored. */
    public static void free(long buffer) {
        api().free(buffer);
    }

    /** {@code TEE_MemMove}: copies, overlapping regions allowed. */
    public static void memMove(long dest, long src, long size) {
        api().memMove(dest, src, size);
    }

    /** {@code TEE_MemFill}: memset. */
    public static void memFill(long buffer, int x, long size) {
        api().memFill(buffer, x, size);
    }

    /** {@code TEE_MemCompare}, in constant time for a given size. */
    public static int memCompare(long buffer1, long buffer2, long size) {
        return api().memCompare(buffer1, buffer2, size);
    }

    /** {@code TEE_CheckMemoryAccessRights}: SUCCESS or ACCESS_DENIED. */
    public static TeeResult checkMemoryAccessRights(int accessFlags, long buffer, long size) {
        return api().checkMemoryAccessRights(accessFlags, buffer, size);
    }

    /** Reads one byte of TA memory (a C dereference). */
    public static byte getByte(long address) {
        return api().getByte(address);
    }

    /** Writes one byte of TA memory. */
    public static void putByte(long address, byte value) {
        api().putByte(address, value);
    }

    /** Copies TA memory into a Java array. */
    public static void read(long address, byte[] dst, int dstOffset, int length) {
        api().read(address, dst, dstOffset, length);
    }

    /** Copies a Java array into TA memory. */
    public static void write(long address, byte[] src, int srcOffset, int length) {
        api().write(address, src, srcOffset, length);
    }

    // ---- panic

    /**
     * {@code TEE_Panic}: the instance dies with this code and its clients see TARGET_DEAD. Never
     * returns; written {@code throw TeeApi.panic(code)} where the compiler needs to know that.
     */
    public static RuntimeException panic(int code) {
        throw api().panic(code);
    }

    public static RuntimeException panic(TeeResult code) {
        throw api().panic(code.code());
    }

    // ---- properties: the Java forms throw TeeException (ITEM_NOT_FOUND, BAD_FORMAT)

    public static String getPropertyAsString(PropSet set, String name) {
        return api().getPropertyAsString(set, name);
    }

    /** {@code TEE_GetPropertyAsString} into TA memory, NUL-terminated, with SHORT_BUFFER semantics. */
    public static PropertyRead getPropertyAsString(PropSet set, String name, long buffer, int bufferLength) {
        return api().getPropertyAsString(set, name, buffer, bufferLength);
    }

    public static boolean getPropertyAsBool(PropSet set, String name) {
        return api().getPropertyAsBool(set, name);
    }

    public static int getPropertyAsU32(PropSet set, String name) {
        return api().getPropertyAsU32(set, name);
    }

    public static long getPropertyAsU64(PropSet set, String name) {
        return api().getPropertyAsU64(set, name);
    }

    public static byte[] getPropertyAsBinaryBlock(PropSet set, String name) {
        return api().getPropertyAsBinaryBlock(set, name);
    }

    /** {@code TEE_GetPropertyAsBinaryBlock} into TA memory, with SHORT_BUFFER semantics. */
    public static PropertyRead getPropertyAsBinaryBlock(PropSet set, String name, long buffer, int bufferLength) {
        return api().getPropertyAsBinaryBlock(set, name, buffer, bufferLength);
    }

    public static TeeUuid getPropertyAsUuid(PropSet set, String name) {
        return api().getPropertyAsUuid(set, name);
    }

    public static Identity getPropertyAsIdentity(PropSet set, String name) {
        return api().getPropertyAsIdentity(set, name);
    }

    /** The names in a property set, in enumeration order (the property enumerator). */
    public static List<String> propertyNames(PropSet set) {
        return api().propertyNames(set);
    }

    // ---- time, cancellation, random

    /** {@code TEE_GetSystemTime}. */
    public static TeeTime getSystemTime() {
        return api().getSystemTime();
    }

    /**
     * {@code TEE_GetTAPersistentTime}: the TA's own time, kept by the world across its instances.
     * TIME_NOT_SET before the TA set one; past 2^32 seconds a {@link TimeOverflowException} with
     * the wrapped time.
     */
    public static TeeTime getTAPersistentTime() {
        return api().getTAPersistentTime();
    }

    /** {@code TEE_SetTAPersistentTime}: the TA's time from now on; millis of 1000 or more panic, as libutee does. */
    public static void setTAPersistentTime(TeeTime time) {
        api().setTAPersistentTime(time);
    }

    /**
     * {@code TEE_Wait}: SUCCESS after the timeout, or CANCEL as soon as a cancellation is requested
     * while cancellations are unmasked (they are masked at every entry).
     */
    public static TeeResult waitFor(int timeoutMillis) {
        return api().waitFor(timeoutMillis);
    }

    /** {@code TEE_GetCancellationFlag}: false while masked. */
    public static boolean getCancellationFlag() {
        return api().getCancellationFlag();
    }

    /** {@code TEE_UnmaskCancellation}; returns whether it was masked. */
    public static boolean unmaskCancellation() {
        return api().unmaskCancellation();
    }

    /** {@code TEE_MaskCancellation}; returns whether it was masked. */
    public static boolean maskCancellation() {
        return api().maskCancellation();
    }

    /** {@code TEE_GenerateRandom} into TA memory. */
    public static void generateRandom(long buffer, long size) {
        api().generateRandom(buffer, size);
    }

    // ---- TA-to-TA (Internal Client API)

    /**
     * {@code TEE_OpenTASession}. Throws {@link TeeException} with the result and origin on failure
     * (libutee returns a failed open to the caller; it does not panic it).
     */
    public static TaSessionHandle openTASession(TeeUuid destination, int cancellationTimeout, TaParams params) {
        return api().openTASession(destination, cancellationTimeout, params);
    }

    /**
     * {@code TEE_InvokeTACommand}. Throws {@link TeeException} with the callee's result and origin;
     * panics the caller instead when the origin is not TRUSTED_APP and the result is not
     * OUT_OF_MEMORY or TARGET_DEAD, as OP-TEE's libutee does.
     */
    public static void invokeTACommand(TaSessionHandle session, int cancellationTimeout, int command, TaParams params) {
        api().invokeTACommand(session, cancellationTimeout, command, params);
    }

    /** {@code TEE_CloseTASession}. */
    public static void closeTASession(TaSessionHandle session) {
        api().closeTASession(session);
    }

    // ---- objects and attributes (GP 5.3–5.6)
    //
    // Failures GP returns come as TeeException (origin TEE): ITEM_NOT_FOUND, ACCESS_CONFLICT,
    // CORRUPT_OBJECT, NOT_SUPPORTED, MAC_INVALID, SIGNATURE_INVALID, ...; SHORT_BUFFER comes as
    // ShortBufferException with the size needed. What GP answers with TEE_Panic (a bad or foreign
    // handle, a call in the wrong state, a buffer the TA may not access) kills the instance.

    /** {@code TEE_InitRefAttribute} from a Java array; panics if the id is a value attribute's. */
    public static TeeAttribute initRefAttribute(int attributeId, byte[] buffer) {
        if ((attributeId & TeeDefines.ATTR_FLAG_VALUE) != 0) {
            throw panic(0);
        }
        return new TeeAttribute(attributeId, buffer == null ? new byte[0] : buffer, 0, 0);
    }

    /** {@code TEE_InitRefAttribute} over TA memory; the bytes are copied now. */
    public static TeeAttribute initRefAttribute(int attributeId, long buffer, int length) {
        byte[] b = new byte[length];
        if (length > 0) {
            read(buffer, b, 0, length);
        }
        return initRefAttribute(attributeId, b);
    }

    /** {@code TEE_InitValueAttribute}; panics if the id is a buffer attribute's. */
    public static TeeAttribute initValueAttribute(int attributeId, int a, int b) {
        if ((attributeId & TeeDefines.ATTR_FLAG_VALUE) == 0) {
            throw panic(0);
        }
        return new TeeAttribute(attributeId, null, a, b);
    }

    /** {@code TEE_GetObjectInfo1}. */
    public static ObjectInfo getObjectInfo1(ObjectHandle object) {
        return api().getObjectInfo(object);
    }

    /** {@code TEE_RestrictObjectUsage1}: {@code usage &= objectUsage} (persisted for a persistent object). */
    public static void restrictObjectUsage1(ObjectHandle object, int objectUsage) {
        api().restrictObjectUsage(object, objectUsage);
    }

    /**
     * {@code TEE_GetObjectBufferAttribute} into {@code [buffer, buffer+size)}: the attribute's
     * length; ITEM_NOT_FOUND; ShortBufferException with the length.
     */
    public static int getObjectBufferAttribute(ObjectHandle object, int attributeId, long buffer, int size) {
        return api().getObjectBufferAttribute(object, attributeId, buffer, size);
    }

    /** {@code TEE_GetObjectValueAttribute}: the attribute with its {@code a} and {@code b}. */
    public static TeeAttribute getObjectValueAttribute(ObjectHandle object, int attributeId) {
        return api().getObjectValueAttribute(object, attributeId);
    }

    /** {@code TEE_CloseObject}: closes a persistent handle or frees a transient object; null is a no-op. */
    public static void closeObject(ObjectHandle object) {
        api().closeObject(object);
    }

    /** {@code TEE_AllocateTransientObject}: NOT_SUPPORTED for an unknown type or size. */
    public static ObjectHandle allocateTransientObject(int objectType, int maxObjectSize) {
        return api().allocateTransientObject(objectType, maxObjectSize);
    }

    /** {@code TEE_FreeTransientObject}; null is a no-op. */
    public static void freeTransientObject(ObjectHandle object) {
        api().freeTransientObject(object);
    }

    /** {@code TEE_ResetTransientObject}; null is a no-op. */
    public static void resetTransientObject(ObjectHandle object) {
        api().resetTransientObject(object);
    }

    /** {@code TEE_PopulateTransientObject}: BAD_PARAMETERS for a wrong or incomplete set. */
    public static void populateTransientObject(ObjectHandle object, TeeAttribute... attributes) {
        api().populateTransientObject(object, attributes);
    }

    /** {@code TEE_CopyObjectAttributes1}. */
    public static void copyObjectAttributes1(ObjectHandle destination, ObjectHandle source) {
        api().copyObjectAttributes(destination, source);
    }

    /** {@code TEE_GenerateKey}. */
    public static void generateKey(ObjectHandle object, int keySize, TeeAttribute... params) {
        api().generateKey(object, keySize, params);
    }

    // ---- persistent objects (GP 5.7–5.9). Object ids must be TA-private memory (heap or
    // stack), not a parameter buffer: an id in shared memory is a panic, as in OP-TEE (xtest 6020).

    /** {@code TEE_OpenPersistentObject}: ITEM_NOT_FOUND, ACCESS_CONFLICT, CORRUPT_OBJECT. */
    public static ObjectHandle openPersistentObject(int storageId, long objectId, int objectIdLen, int flags) {
        return api().openPersistentObject(storageId, objectId, objectIdLen, flags);
    }

    /**
     * {@code TEE_CreatePersistentObject}: a handle on the new object ({@code attributes} may be
     * null; so may {@code initialData} with length 0). ACCESS_CONFLICT if it exists without
     * {@code DATA_FLAG_OVERWRITE}.
     */
    public static ObjectHandle createPersistentObject(int storageId, long objectId, int objectIdLen, int flags,
                                                      ObjectHandle attributes, long initialData, int initialDataLen) {
        return api().createPersistentObject(storageId, objectId, objectIdLen, flags, attributes, initialData,
                initialDataLen);
    }

    /** {@code TEE_CloseAndDeletePersistentObject1}; null is a no-op. */
    public static void closeAndDeletePersistentObject1(ObjectHandle object) {
        api().closeAndDeletePersistentObject(object);
    }

    /** {@code TEE_RenamePersistentObject}: ACCESS_CONFLICT if the new id exists. */
    public static void renamePersistentObject(ObjectHandle object, long newObjectId, int newObjectIdLen) {
        api().renamePersistentObject(object, newObjectId, newObjectIdLen);
    }

    public static ObjectEnumHandle allocatePersistentObjectEnumerator() {
        return api().allocatePersistentObjectEnumerator();
    }

    /** {@code TEE_FreePersistentObjectEnumerator}; null is a no-op. */
    public static void freePersistentObjectEnumerator(ObjectEnumHandle enumerator) {
        api().freePersistentObjectEnumerator(enumerator);
    }

    public static void resetPersistentObjectEnumerator(ObjectEnumHandle enumerator) {
        api().resetPersistentObjectEnumerator(enumerator);
    }

    /** {@code TEE_StartPersistentObjectEnumerator}: ITEM_NOT_FOUND when the TA has no objects. */
    public static void startPersistentObjectEnumerator(ObjectEnumHandle enumerator, int storageId) {
        api().startPersistentObjectEnumerator(enumerator, storageId);
    }

    /** {@code TEE_GetNextPersistentObject}: ITEM_NOT_FOUND at the end. */
    public static PersistentObjectEntry getNextPersistentObject(ObjectEnumHandle enumerator) {
        return api().getNextPersistentObject(enumerator);
    }

    /** {@code TEE_ReadObjectData}: the bytes read (0 at the end), position advanced. */
    public static int readObjectData(ObjectHandle object, long buffer, int size) {
        return api().readObjectData(object, buffer, size);
    }

    /** {@code TEE_WriteObjectData} at the position; atomic. */
    public static void writeObjectData(ObjectHandle object, long buffer, int size) {
        api().writeObjectData(object, buffer, size);
    }

    public static void truncateObjectData(ObjectHandle object, long size) {
        api().truncateObjectData(object, size);
    }

    /** {@code TEE_SeekObjectData} ({@code DATA_SEEK_SET/CUR/END}): OVERFLOW past TEE_DATA_MAX_POSITION. */
    public static void seekObjectData(ObjectHandle object, long offset, int whence) {
        api().seekObjectData(object, offset, whence);
    }

    // ---- cryptographic operations (GP 6)

    /** {@code TEE_AllocateOperation}: NOT_SUPPORTED for an unknown algorithm, mode or key size. */
    public static OperationHandle allocateOperation(int algorithm, int mode, int maxKeySize) {
        return api().allocateOperation(algorithm, mode, maxKeySize);
    }

    /** {@code TEE_FreeOperation}; null is a no-op. */
    public static void freeOperation(OperationHandle operation) {
        api().freeOperation(operation);
    }

    public static OperationInfo getOperationInfo(OperationHandle operation) {
        return api().getOperationInfo(operation);
    }

    /** {@code TEE_GetOperationInfoMultiple}: the operation's state and each of its keys. */
    public static OperationInfoMultiple getOperationInfoMultiple(OperationHandle operation) {
        return api().getOperationInfoMultiple(operation);
    }

    /**
     * {@code TEE_CopyOperation}: {@code dst} takes {@code src}'s key(s) and state, mid-stream too;
     * operations of different algorithms or modes panic.
     */
    public static void copyOperation(OperationHandle dst, OperationHandle src) {
        api().copyOperation(dst, src);
    }

    /** {@code TEE_IsAlgorithmSupported}: {@code element} is a curve ({@code TEE_ECC_CURVE_*}) or {@code TEE_CRYPTO_ELEMENT_NONE}. */
    public static boolean isAlgorithmSupported(int algorithm, int element) {
        return api().isAlgorithmSupported(algorithm, element);
    }

    public static void resetOperation(OperationHandle operation) {
        api().resetOperation(operation);
    }

    /** {@code TEE_SetOperationKey}: the key is copied; null clears it. */
    public static void setOperationKey(OperationHandle operation, ObjectHandle key) {
        api().setOperationKey(operation, key);
    }

    /** {@code TEE_SetOperationKey2}: AES-XTS's data key and tweak key, both copied; both null clears them. */
    public static void setOperationKey2(OperationHandle operation, ObjectHandle key1, ObjectHandle key2) {
        api().setOperationKey2(operation, key1, key2);
    }

    /**
     * {@code TEE_DigestExtract} (SHAKE128/256): the next {@code hashLen} bytes of the output; the input ends
     * with the first call.
     */
    public static void digestExtract(OperationHandle operation, long hash, int hashLen) {
        api().digestExtract(operation, hash, hashLen);
    }

    public static void digestUpdate(OperationHandle operation, long chunk, int chunkLen) {
        api().digestUpdate(operation, chunk, chunkLen);
    }

    /** {@code TEE_DigestDoFinal}: the digest length. */
    public static int digestDoFinal(OperationHandle operation, long chunk, int chunkLen, long hash, int hashLen) {
        return api().digestDoFinal(operation, chunk, chunkLen, hash, hashLen);
    }

    /** {@code TEE_CipherInit}; {@code iv} may be 0 with length 0 (ECB). */
    public static void cipherInit(OperationHandle operation, long iv, int ivLen) {
        api().cipherInit(operation, iv, ivLen);
    }

    public static int cipherUpdate(OperationHandle operation, long src, int srcLen, long dest, int destLen) {
        return api().cipherUpdate(operation, src, srcLen, dest, destLen);
    }

    public static int cipherDoFinal(OperationHandle operation, long src, int srcLen, long dest, int destLen) {
        return api().cipherDoFinal(operation, src, srcLen, dest, destLen);
    }

    public static void macInit(OperationHandle operation, long iv, int ivLen) {
        api().macInit(operation, iv, ivLen);
    }

    public static void macUpdate(OperationHandle operation, long chunk, int chunkLen) {
        api().macUpdate(operation, chunk, chunkLen);
    }

    public static int macComputeFinal(OperationHandle operation, long message, int messageLen, long mac, int macLen) {
        return api().macComputeFinal(operation, message, messageLen, mac, macLen);
    }

    /** {@code TEE_MACCompareFinal}: MAC_INVALID when it differs. */
    public static void macCompareFinal(OperationHandle operation, long message, int messageLen, long mac, int macLen) {
        api().macCompareFinal(operation, message, messageLen, mac, macLen);
    }

    /** {@code TEE_AEInit}; {@code tagLen} in bits. */
    public static void aeInit(OperationHandle operation, long nonce, int nonceLen, int tagLen, int aadLen, int payloadLen) {
        api().aeInit(operation, nonce, nonceLen, tagLen, aadLen, payloadLen);
    }

    public static void aeUpdateAAD(OperationHandle operation, long aad, int aadLen) {
        api().aeUpdateAAD(operation, aad, aadLen);
    }

    public static int aeUpdate(OperationHandle operation, long src, int srcLen, long dest, int destLen) {
        return api().aeUpdate(operation, src, srcLen, dest, destLen);
    }

    public static AeEncryptResult aeEncryptFinal(OperationHandle operation, long src, int srcLen, long dest,
                                                 int destLen, long tag, int tagLen) {
        return api().aeEncryptFinal(operation, src, srcLen, dest, destLen, tag, tagLen);
    }

    /** {@code TEE_AEDecryptFinal}: MAC_INVALID (nothing written) when the tag does not match. */
    public static int aeDecryptFinal(OperationHandle operation, long src, int srcLen, long dest, int destLen,
                                     long tag, int tagLen) {
        return api().aeDecryptFinal(operation, src, srcLen, dest, destLen, tag, tagLen);
    }

    public static int asymmetricEncrypt(OperationHandle operation, TeeAttribute[] params, long src, int srcLen,
                                        long dest, int destLen) {
        return api().asymmetricEncrypt(operation, params, src, srcLen, dest, destLen);
    }

    public static int asymmetricDecrypt(OperationHandle operation, TeeAttribute[] params, long src, int srcLen,
                                        long dest, int destLen) {
        return api().asymmetricDecrypt(operation, params, src, srcLen, dest, destLen);
    }

    public static int asymmetricSignDigest(OperationHandle operation, TeeAttribute[] params, long digest,
                                           int digestLen, long signature, int signatureLen) {
        return api().asymmetricSignDigest(operation, params, digest, digestLen, signature, signatureLen);
    }

    /** {@code TEE_AsymmetricVerifyDigest}: SIGNATURE_INVALID when it does not verify. */
    public static void asymmetricVerifyDigest(OperationHandle operation, TeeAttribute[] params, long digest,
                                              int digestLen, long signature, int signatureLen) {
        api().asymmetricVerifyDigest(operation, params, digest, digestLen, signature, signatureLen);
    }

    /**
     * {@code TEE_DeriveKey} into an uninitialized GENERIC_SECRET transient object. An SM2 key
     * exchange writes its confirmation into the CONFIRMATION_OUT attribute, as OP-TEE's syscall
     * copies it into the C TA's buffer: here the entry of {@code params} is replaced by one holding
     * it ({@link TeeAttribute} is a copy, so the array is what carries it back).
     */
    public static void deriveKey(OperationHandle operation, TeeAttribute[] params, ObjectHandle derivedKey) {
        api().deriveKey(operation, params, derivedKey);
    }
}
