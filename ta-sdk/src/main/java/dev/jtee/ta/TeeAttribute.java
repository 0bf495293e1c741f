package dev.jtee.ta;

import java.util.Arrays;

/**
 * {@code TEE_Attribute}: a buffer attribute ({@link TeeApi#initRefAttribute}) or a value attribute
 * ({@link TeeApi#initValueAttribute}), told apart by {@link TeeDefines#ATTR_FLAG_VALUE} in the id
 * as GP does. The buffer is copied in and out.
 */
public record TeeAttribute(int id, byte[] buffer, int a, int b) {
    public TeeAttribute {
        buffer = buffer == null ? null : buffer.clone();
    }

    public boolean isValue() {
        return (id & TeeDefines.ATTR_FLAG_VALUE) != 0;
    }

    @Override
    public byte[] buffer() {
        return buffer == null ? null : buffer.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TeeAttribute x && x.id == id && x.a == a && x.b == b && Arrays.equals(x.buffer, buffer);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id + Arrays.hashCode(buffer)) + 17 * a + b;
    }

    @Override
    public String toString() {
        return isValue() ? "TeeAttribute[0x%08x a=%d b=%d]".formatted(id, a, b)
                : "TeeAttribute[0x%08x %d bytes]".formatted(id, buffer == null ? 0 : buffer.length);
    }
}
