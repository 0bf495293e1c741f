package dev.jtee.core;

import dev.jtee.api.Login;
import dev.jtee.api.TeeUuid;
import dev.jtee.ta.Identity;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The three property sets and their string forms, as OP-TEE's libutee and {@code tee_svc.c} define
 * them. Values are String, Boolean, Integer (u32), Long (u64), byte[] (binary block), TeeUuid or
 * Identity; the string form of a boolean is {@code true}/{@code false}, of a u32/u64 its unsigned
 * decimal, of a binary block its base64, of an identity {@code login:uuid} with the login in
 * decimal ({@code "%u:%pUl"}).
 */
final class TaProperties {
    /** {@code TEE_CORE_API_VERSION}: Internal Core API 1.3.1. */
    static final int INTERNAL_CORE_VERSION = 1 << 24 | 3 << 16 | 1 << 8;
    /** {@code TA_FLAG_DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT}. */
    static final int DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT = 1 << 11;

    private TaProperties() {
    }

    /** {@code TEE_PROPSET_TEE_IMPLEMENTATION}, OP-TEE's defaults. */
    static Map<String, Object> tee(String version) {
        Map<String, Object> p = new LinkedHashMap<>();
        // processed in libutee
        p.put("gpd.tee.arith.maxBigIntSize", 2048);
        p.put("gpd.tee.internalCore.version", INTERNAL_CORE_VERSION);
        // tee_svc.c
        p.put("gpd.tee.apiversion", "GPD-1.1-dev");
        p.put("gpd.tee.description", "OPTEE");
        p.put("gpd.tee.deviceID", deviceId());
        p.put("gpd.tee.systemTime.protectionLevel", 1000);
        p.put("gpd.tee.TAPersistentTime.protectionLevel", 100);
        p.put("gpd.tee.cryptography.ecc", true);
        p.put("gpd.tee.trustedStorage.antiRollback.protectionLevel", 100);
        p.put("gpd.tee.trustedos.implementation.version", "jtee-" + version);
        p.put("gpd.tee.trustedos.implementation.binaryversion", 0);
        p.put("gpd.tee.trustedos.manufacturer", "jtee");
        p.put("gpd.tee.firmware.implementation.version", "FW_IMPL_UNDEF");
        p.put("gpd.tee.firmware.implementation.binaryversion", 0);
        p.put("gpd.tee.firmware.manufacturer", "FW_MAN_UNDEF");
        return Collections.unmodifiableMap(p);
    }

    /** {@code TEE_PROPSET_CURRENT_TA}: the gpd.ta.* header properties, then the TA's extensions. */
    static Map<String, Object> ta(TaManifest m) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("gpd.ta.appID", m.uuid());
        p.put("gpd.ta.singleInstance", m.has(TaFlags.SINGLE_INSTANCE));
        p.put("gpd.ta.multiSession", m.has(TaFlags.MULTI_SESSION));
        p.put("gpd.ta.instanceKeepAlive", m.has(TaFlags.INSTANCE_KEEP_ALIVE));
        p.put("gpd.ta.dataSize", m.dataSize());
        p.put("gpd.ta.stackSize", m.stackSize());
        p.put("gpd.ta.version", m.version() == null ? "" : m.version());
        p.put("gpd.ta.description", m.description() == null ? "" : m.description());
        p.put("gpd.ta.endian", 0);
        p.put("gpd.ta.doesNotCloseHandleOnCorruptObject", (m.flags() & DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT) != 0);
        for (Map.Entry<String, Object> e : m.properties().entrySet()) {
            p.putIfAbsent(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(p);
    }

    /** {@code TEE_PROPSET_CURRENT_CLIENT} of a session. */
    static Map<String, Object> client(Identity client) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("gpd.client.identity", client);
        p.put("gpd.client.endian", 0);
        return p;
    }

    static String asString(Object v) {
        return switch (v) {
            case String s -> s;
            case Boolean b -> b ? "true" : "false";
            case Integer i -> Integer.toUnsignedString(i);
            case Long l -> Long.toUnsignedString(l);
            case byte[] b -> Base64.getEncoder().encodeToString(b);
            case TeeUuid u -> u.toString();
            case Identity id -> Integer.toUnsignedString(id.login().value()) + ":" + id.uuid();
            default -> String.valueOf(v);
        };
    }

    /** A stable per-host device UUID, made as OP-TEE makes its own: a SHA-256 shaped into a v5 UUID. */
    private static TeeUuid deviceId() {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest("OPTEE jtee emulated device".getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] u = java.util.Arrays.copyOf(h, 16);
        u[6] = (byte) ((u[6] & 0x0f) | 0x50);
        u[8] = (byte) ((u[8] & 0x3f) | 0x80);
        return TeeUuid.fromBytes(u);
    }

    /** The identity of a TA calling another TA. */
    static Identity taClient(TeeUuid caller) {
        return new Identity(Login.TRUSTED_APP, caller);
    }
}
