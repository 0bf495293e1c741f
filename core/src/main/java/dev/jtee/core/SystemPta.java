package dev.jtee.core;

import static dev.jtee.api.ParamType.MEMREF_INOUT;
import static dev.jtee.api.ParamType.MEMREF_INPUT;
import static dev.jtee.api.ParamType.MEMREF_OUTPUT;
import static dev.jtee.api.ParamType.NONE;
import static dev.jtee.api.ParamType.VALUE_INPUT;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import java.util.Arrays;

/**
 * OP-TEE's system pseudo-TA ({@code core/pta/system.c}, {@code pta_system.h}): services the core
 * offers TAs only — a client's open gets ACCESS_DENIED.
 *
 * <ul>
 * <li>{@link #ADD_RNG_ENTROPY}: memref[0] in, bytes mixed into the RNG behind TEE_GenerateRandom
 *     (added to its state, never replacing it); an empty memref is BAD_PARAMETERS.
 * <li>{@link #DERIVE_TA_UNIQUE_KEY}: memref[0] in, extra data (at most
 *     {@link #EXTRA_DATA_MAX_SIZE} bytes); memref[1] out, the key ({@link #KEY_MIN_SIZE} to
 *     {@link #KEY_MAX_SIZE} bytes): HMAC-SHA256(HUK, {@code HUK_SUBKEY_UNIQUE_TA} ‖ the calling
 *     TA's {@code TEE_UUID} ‖ extra), cut to the memref's size — unique to the world's HUK and the TA,
 *     the same on every run. An output in normal-world memory (a client's buffer passed on) is
 *     TEE_ERROR_SECURITY: the key must not leave the secure world by mistake.
 * <li>{@link #SUPP_PLUGIN_INVOKE}: memref[0] in, the plugin's {@code TEE_UUID} (16 bytes); value[1]
 *     in, command and sub-command; memref[2] in/out, the data; value[3].a out, the length the plugin
 *     answered. Served by the world's {@link SupplicantPlugins} (ITEM_NOT_FOUND for an unknown UUID).
 * <li>The ldelf services (MAP_ZI … REMAP, DLOPEN, DLSYM): NOT_SUPPORTED here — a Java TA has no ELF
 *     to load, and a C TA's host process serves dlopen/dlsym itself. GET_TPM_EVENT_LOG:
 *     NOT_SUPPORTED after the parameter check, as OP-TEE built without a TPM event log answers. Any
 *     other command: NOT_IMPLEMENTED.
 * </ul>
 */
final class SystemPta extends PseudoTa {
    static final String UUID = "3a2f8978-5dc0-11e8-9c2d-fa7ae01bbebc";
    static final int ADD_RNG_ENTROPY = 0;
    static final int DERIVE_TA_UNIQUE_KEY = 1;
    static final int MAP_ZI = 2;
    static final int REMAP = 9;
    static final int DLOPEN = 10;
    static final int DLSYM = 11;
    static final int GET_TPM_EVENT_LOG = 12;
    static final int SUPP_PLUGIN_INVOKE = 13;
    /** pta_system.h: TA_DERIVED_KEY_MIN_SIZE, TA_DERIVED_KEY_MAX_SIZE, TA_DERIVED_EXTRA_DATA_MAX_SIZE. */
    static final int KEY_MIN_SIZE = 16;
    static final int KEY_MAX_SIZE = 32;
    static final int EXTRA_DATA_MAX_SIZE = 1024;

    private final SecureWorld world;

    SystemPta(SecureWorld world) {
        super(UUID, "system.pta");
        this.world = world;
    }

    @Override
    int open(Instance caller) {
        return caller == null ? TeeResult.ACCESS_DENIED.code() : TeeResult.SUCCESS.code();
    }

    @Override
    int invoke(CallFrame f, Instance caller) {
        return switch (f.command) {
            case ADD_RNG_ENTROPY -> addEntropy(f);
            case DERIVE_TA_UNIQUE_KEY -> deriveKey(f, caller);
            case GET_TPM_EVENT_LOG -> PtaParams.types(f, MEMREF_OUTPUT, NONE, NONE, NONE)
                    ? TeeResult.NOT_SUPPORTED.code() : TeeResult.BAD_PARAMETERS.code();
            case SUPP_PLUGIN_INVOKE -> invokePlugin(f);
            default -> f.command >= MAP_ZI && f.command <= DLSYM ? TeeResult.NOT_SUPPORTED.code() : TeeResult.NOT_IMPLEMENTED.code();
        };
    }

    private int addEntropy(CallFrame f) {
        if (!PtaParams.types(f, MEMREF_INPUT, NONE, NONE, NONE) || f.buffer[0] == null || f.size[0] == 0) {
            return TeeResult.BAD_PARAMETERS.code();
        }
        int n = (int) f.size[0];
        byte[] entropy = Arrays.copyOfRange(f.buffer[0], f.offset[0], f.offset[0] + n);
        world.random.setSeed(entropy); // SecureRandom adds a seed to its state: Java TAs' TEE_GenerateRandom
        mixIntoKernelPool(entropy); // C TAs' TEE_GenerateRandom reads getrandom(2)
        Arrays.fill(entropy, (byte) 0);
        return TeeResult.SUCCESS.code();
    }

    /** Writing to /dev/urandom mixes bytes into the kernel's pool (without crediting entropy); any user may. */
    private static void mixIntoKernelPool(byte[] entropy) {
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(java.nio.file.Path.of("/dev/urandom"))) {
            out.write(entropy);
        } catch (java.io.IOException | UnsupportedOperationException notThere) {
            // not Linux, or no device: the Java RNG got the bytes all the same
        }
    }

    /** OP-TEE's system_supp_plugin_invoke and tee_invoke_supp_plugin_rpc: the checks, then tee-supplicant's plugin. */
    private int invokePlugin(CallFrame f) {
        if (!PtaParams.types(f, MEMREF_INPUT, VALUE_INPUT, MEMREF_INOUT, dev.jtee.api.ParamType.VALUE_OUTPUT)
                || f.buffer[0] == null || f.size[0] != 16) {
            return TeeResult.BAD_PARAMETERS.code();
        }
        TeeUuid uuid = SupplicantPlugins.teeUuid(java.lang.foreign.MemorySegment.ofArray(f.buffer[0]).asSlice(f.offset[0], 16));
        int len = (int) f.size[2];
        if (len != 0 && f.buffer[2] == null) {
            return TeeResult.BAD_PARAMETERS.code();
        }
        long[] outLen = new long[1];
        int r = world.plugins.invoke(uuid, f.valueA[1], f.valueB[1], f.buffer[2], f.offset[2], len, outLen);
        f.valueA[3] = (int) outLen[0];
        return r;
    }

    private int deriveKey(CallFrame f, Instance caller) {
        if (!PtaParams.types(f, MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE)) {
            return TeeResult.BAD_PARAMETERS.code();
        }
        long extraSize = f.size[0];
        long keySize = f.size[1];
        if (extraSize > EXTRA_DATA_MAX_SIZE || keySize < KEY_MIN_SIZE || keySize > KEY_MAX_SIZE) {
            return TeeResult.BAD_PARAMETERS.code();
        }
        if ((f.normalWorldMemrefs & 0b10) != 0 || f.buffer[1] == null) {
            return TeeResult.SECURITY.code();
        }
        byte[] extra = f.buffer[0] == null ? new byte[0]
                : Arrays.copyOfRange(f.buffer[0], f.offset[0], f.offset[0] + (int) extraSize);
        byte[] key = world.storage().taUniqueKey(caller.uuid, extra, (int) keySize);
        System.arraycopy(key, 0, f.buffer[1], f.offset[1], key.length);
        Arrays.fill(key, (byte) 0);
        return TeeResult.SUCCESS.code();
    }
}
