package dev.jtee.storage;

import dev.jtee.ta.TeeDefines;
import java.util.Arrays;

/**
 * A GP {@code TEE_Attribute}: a buffer attribute ({@link #ref}) or a value attribute
 * ({@link #value}), told apart by the {@link TeeDefines#ATTR_FLAG_VALUE} bit of the id as GP does.
 */
public record Attribute(int id, byte[] buffer, int a, int b) {
    public Attribute {
        buffer = buffer == null ? null : buffer.clone();
    }

    /** {@code TEE_InitRefAttribute}; panics (as GP) if the id says value attribute. */
    public static Attribute ref(int id, byte[] buffer) {
        if ((id & TeeDefines.ATTR_FLAG_VALUE) != 0) {
            throw new TaPanic(0, "TEE_InitRefAttribute with a value attribute id 0x" + Integer.toHexString(id));
        }
        return new Attribute(id, buffer == null ? new byte[0] : buffer, 0, 0);
    }

    /** {@code TEE_InitValueAttribute}; panics (as GP) if the id says buffer attribute. */
    public static Attribute value(int id, int a, int b) {
        if ((id & TeeDefines.ATTR_FLAG_VALUE) == 0) {
            throw new TaPanic(0, "TEE_InitValueAttribute with a buffer attribute id 0x" + Integer.toHexString(id));
        }
        return new Attribute(id, null, a, b);
    }

    public boolean isValue() {
        return (id & TeeDefines.ATTR_FLAG_VALUE) != 0;
    }

    public boolean isPublic() {
        return (id & TeeDefines.ATTR_FLAG_PUBLIC) != 0;
    }

    @Override
    public byte[] buffer() {
        return buffer == null ? null : buffer.clone();
    }

    byte[] raw() {
        return buffer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attribute x && x.id == id && x.a == a && x.b == b && Arrays.equals(x.buffer, buffer);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id + Arrays.hashCode(buffer)) + a * 17 + b;
    }

    @Override
    public String toString() {
        return isValue() ? "Attribute[0x%08x a=%d b=%d]".formatted(id, a, b)
                : "Attribute[0x%08x %d bytes]".formatted(id, buffer.length);
    }
}
