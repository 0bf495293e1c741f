package dev.jtee.storage;

import dev.jtee.ta.ShortBufferException;
import dev.jtee.ta.TeeDefines;
import dev.jtee.api.TeeResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GP {@code TEE_ObjectHandle}: a transient object ({@link #allocateTransient}) or a handle on a
 * persistent object (from {@link TaStorage}). Owned by one TA instance and used from its thread
 * only; not thread-safe. Misuse GP calls a panic throws {@link TaPanic}.
 */
public final class TeeObject {
    private final int type;
    private final int maxObjectSize;
    int objectSize;
    int usage = TeeDefines.USAGE_DEFAULT;
    int handleFlags;
    Map<Integer, Attribute> attrs = new LinkedHashMap<>();
    private boolean freed;
    /** Non-null for a persistent object handle. */
    final PersistentHandle persistent;

    TeeObject(int type, int maxObjectSize, PersistentHandle persistent) {
        this.type = type;
        this.maxObjectSize = maxObjectSize;
        this.persistent = persistent;
    }

    /** {@code TEE_AllocateTransientObject}: NOT_SUPPORTED for an unknown type or a size it cannot have. */
    public static TeeObject allocateTransient(int objectType, int maxObjectSize) {
        if (!KeyTypes.supported(objectType)
                || !KeyTypes.validSize(objectType, maxObjectSize) && !KeyTypes.legacyDesSize(objectType, maxObjectSize)) {
            throw Panics.fail(TeeResult.NOT_SUPPORTED, "object type 0x%08x of %d bits".formatted(objectType, maxObjectSize));
        }
        return new TeeObject(objectType, maxObjectSize, null);
    }

    public int type() {
        return type;
    }

    public boolean isPersistent() {
        return persistent != null;
    }

    public boolean isInitialized() {
        return (handleFlags & TeeDefines.HANDLE_FLAG_INITIALIZED) != 0;
    }

    void checkLive() {
        if (freed || (persistent != null && persistent.closed)) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "object handle already freed or closed");
        }
    }

    private void checkTransientUninitialized(String call) {
        checkLive();
        if (persistent != null) {
            throw Panics.panic(call + " on a persistent object");
        }
        if (isInitialized()) {
            throw Panics.panic(call + " on an initialized object");
        }
    }

    /** {@code TEE_PopulateTransientObject}: BAD_PARAMETERS for a wrong or incomplete set. */
    public void populate(Attribute... attributes) {
        checkTransientUninitialized("TEE_PopulateTransientObject");
        Map<Integer, Attribute> m = new LinkedHashMap<>();
        for (Attribute a : attributes) {
            m.put(a.id(), a);
        }
        objectSize = KeyTypes.checkPopulate(type, maxObjectSize, m);
        attrs = m;
        handleFlags |= TeeDefines.HANDLE_FLAG_INITIALIZED;
    }

    /** {@code TEE_GenerateKey}: BAD_PARAMETERS for a size the object cannot hold. */
    public void generateKey(int keySize, Attribute... params) {
        checkTransientUninitialized("TEE_GenerateKey");
        if (keySize > maxObjectSize || !KeyTypes.validSize(type, keySize) && !KeyTypes.legacyDesSize(type, keySize)) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, "key size " + keySize + " for this object");
        }
        Map<Integer, Attribute> p = new LinkedHashMap<>();
        for (Attribute a : params) {
            p.put(a.id(), a);
        }
        if (KeyTypes.kind(type) != KeyTypes.Kind.SECRET && !KeyTypes.isKeypair(type)) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, "cannot generate a public key alone");
        }
        attrs = KeyTypes.generate(type, keySize, p);
        objectSize = keySize;
        handleFlags |= TeeDefines.HANDLE_FLAG_INITIALIZED;
    }

    /** {@code TEE_ResetTransientObject}. */
    public void reset() {
        checkLive();
        if (persistent != null) {
            throw Panics.panic("TEE_ResetTransientObject on a persistent object");
        }
        attrs = new LinkedHashMap<>();
        objectSize = 0;
        usage = TeeDefines.USAGE_DEFAULT;
        handleFlags &= ~TeeDefines.HANDLE_FLAG_INITIALIZED;
    }

    /** {@code TEE_FreeTransientObject}; the handle is dead afterwards. */
    public void free() {
        if (persistent != null) {
            throw Panics.panic("TEE_FreeTransientObject on a persistent object");
        }
        freed = true;
        attrs = Map.of();
    }

    /**
     * {@code TEE_CopyObjectAttributes1}: this (transient, uninitialized) object takes the
     * attributes of {@code src}; a keypair may be copied into its public type. Panics otherwise.
     */
    public void copyAttributesFrom(TeeObject src) {
        checkTransientUninitialized("TEE_CopyObjectAttributes1");
        src.checkLive();
        if (!src.isInitialized()) {
            throw Panics.panic("TEE_CopyObjectAttributes1 from an uninitialized object");
        }
        Map<Integer, Attribute> copy = new LinkedHashMap<>();
        if (src.type == type) {
            copy.putAll(src.attrs);
        } else if (KeyTypes.publicOf(src.type) == type) {
            for (Attribute a : src.attrs.values()) {
                if (a.isPublic() || a.id() == TeeDefines.ATTR_ECC_CURVE) {
                    copy.put(a.id(), a);
                }
            }
        } else {
            throw Panics.panic("TEE_CopyObjectAttributes1 between incompatible types");
        }
        if (src.objectSize > maxObjectSize) {
            throw Panics.panic("TEE_CopyObjectAttributes1 into a smaller object");
        }
        attrs = copy;
        objectSize = src.objectSize;
        usage = src.objectUsage();
        handleFlags |= TeeDefines.HANDLE_FLAG_INITIALIZED;
    }

    /** {@code TEE_RestrictObjectUsage1}: {@code usage &= objectUsage}; persisted for a persistent object. */
    public void restrictUsage(int objectUsage) {
        checkLive();
        if (persistent != null) {
            persistent.storage.restrictUsage(this, objectUsage);
        } else {
            usage &= objectUsage;
        }
    }

    int objectUsage() {
        return usage;
    }

    /** {@code TEE_GetObjectInfo1}. */
    public ObjectInfo info() {
        checkLive();
        if (persistent != null) {
            return persistent.storage.info(this);
        }
        return new ObjectInfo(type, objectSize, maxObjectSize, usage, 0, 0, handleFlags);
    }

    /**
     * {@code TEE_GetObjectBufferAttribute} into {@code dst}: returns the size; ITEM_NOT_FOUND if
     * absent; SHORT_BUFFER with the size; panics for a secret part of a non-extractable key.
     */
    public int getBufferAttribute(int attributeId, byte[] dst) {
        byte[] v = bufferAttribute(attributeId);
        if (dst == null || dst.length < v.length) {
            throw new ShortBufferException(v.length);
        }
        System.arraycopy(v, 0, dst, 0, v.length);
        return v.length;
    }

    /** {@code TEE_GetObjectBufferAttribute} returning a copy. */
    public byte[] bufferAttribute(int attributeId) {
        checkLive();
        if ((attributeId & TeeDefines.ATTR_FLAG_VALUE) != 0) {
            throw Panics.panic("TEE_GetObjectBufferAttribute with a value attribute id");
        }
        checkExtractable(attributeId);
        Attribute a = attrs.get(attributeId);
        if (a == null || !isInitialized()) {
            throw Panics.fail(TeeResult.ITEM_NOT_FOUND, "attribute 0x" + Integer.toHexString(attributeId));
        }
        return a.buffer();
    }

    /** {@code TEE_GetObjectValueAttribute}: the attribute's a and b. */
    public Attribute valueAttribute(int attributeId) {
        checkLive();
        if ((attributeId & TeeDefines.ATTR_FLAG_VALUE) == 0) {
            throw Panics.panic("TEE_GetObjectValueAttribute with a buffer attribute id");
        }
        checkExtractable(attributeId);
        Attribute a = attrs.get(attributeId);
        if (a == null || !isInitialized()) {
            throw Panics.fail(TeeResult.ITEM_NOT_FOUND, "attribute 0x" + Integer.toHexString(attributeId));
        }
        return a;
    }

    private void checkExtractable(int attributeId) {
        if ((attributeId & TeeDefines.ATTR_FLAG_PUBLIC) == 0 && (objectUsage() & TeeDefines.USAGE_EXTRACTABLE) == 0) {
            throw Panics.panic("secret attribute of a non-extractable object");
        }
    }

    int maxObjectSize() {
        return maxObjectSize;
    }

    Map<Integer, Attribute> attributes() {
        return Collections.unmodifiableMap(attrs);
    }
}
