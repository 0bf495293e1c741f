package dev.jtee.ta;

import dev.jtee.api.TeeUuid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A TA's header ({@code user_ta_header_defines.h}): UUID, flags, stack and data (heap) sizes,
 * version, description and extension properties. Validation of sizes and flags happens when the
 * world loads the TA, so that a bad TA is refused with a clear message instead of failing here.
 *
 * @param name       a short name for listings and the CLI (e.g. {@code hello_world})
 * @param stackSize  {@code TA_STACK_SIZE} in bytes (the world adds 2 KiB of framework stack)
 * @param dataSize   {@code TA_DATA_SIZE}: the heap in bytes
 * @param properties extension properties: values are String, Boolean, Integer (u32), Long (u64),
 *                   byte[] (binary block), TeeUuid or {@link Identity}
 */
public record TaManifest(TeeUuid uuid, String name, int flags, int stackSize, int dataSize, String version,
                         String description, Map<String, Object> properties) {

    /** optee_examples' defaults: {@code TA_STACK_SIZE} 2 KiB, {@code TA_DATA_SIZE} 32 KiB. */
    public static final int DEFAULT_STACK_SIZE = 2 * 1024;
    public static final int DEFAULT_DATA_SIZE = 32 * 1024;

    public TaManifest {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        properties = Map.copyOf(properties);
    }

    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    public static Builder builder(String uuid, String name) {
        return new Builder(TeeUuid.parse(uuid), name);
    }

    /** Fluent construction with optee_examples' defaults. */
    public static final class Builder {
        private final TeeUuid uuid;
        private final String name;
        private int flags;
        private int stackSize = DEFAULT_STACK_SIZE;
        private int dataSize = DEFAULT_DATA_SIZE;
        private String version = "1.0";
        private String description = "";
        private final Map<String, Object> properties = new LinkedHashMap<>();

        private Builder(TeeUuid uuid, String name) {
            this.uuid = uuid;
            this.name = name;
        }

        public Builder flags(int flags) {
            this.flags |= flags;
            return this;
        }

        public Builder singleInstance() {
            return flags(TaFlags.SINGLE_INSTANCE);
        }

        public Builder multiSession() {
            return flags(TaFlags.MULTI_SESSION);
        }

        public Builder keepAlive() {
            return flags(TaFlags.INSTANCE_KEEP_ALIVE);
        }

        public Builder keepCrashed() {
            return flags(TaFlags.INSTANCE_KEEP_CRASHED);
        }

        public Builder stackSize(int bytes) {
            this.stackSize = bytes;
            return this;
        }

        public Builder dataSize(int bytes) {
            this.dataSize = bytes;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** An extension property (String, Boolean, Integer, Long, byte[], TeeUuid or Identity). */
        public Builder property(String name, Object value) {
            properties.put(name, value);
            return this;
        }

        public TaManifest build() {
            return new TaManifest(uuid, name, flags, stackSize, dataSize, version, description, properties);
        }
    }
}
