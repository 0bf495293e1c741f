package dev.jtee.examples;

import static dev.jtee.ta.TeeDefines.ATTR_SECRET_VALUE;
import static dev.jtee.ta.TeeDefines.MODE_DIGEST;
import static dev.jtee.ta.TeeDefines.MODE_MAC;
import static dev.jtee.ta.TeeDefines.TYPE_HMAC_SHA1;
import static dev.jtee.ta.TeeDefines.TYPE_HMAC_SHA224;
import static dev.jtee.ta.TeeDefines.TYPE_HMAC_SHA256;
import static dev.jtee.ta.TeeDefines.TYPE_HMAC_SHA384;
import static dev.jtee.ta.TeeDefines.TYPE_HMAC_SHA512;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Memref;
import dev.jtee.ta.ObjectHandle;
import dev.jtee.ta.OperationHandle;
import dev.jtee.ta.Params;
import dev.jtee.ta.ShortBufferException;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;

/**
 * optee_examples' sha: PREPARE (p0 a = GP algorithm id, p1 a = key size in bytes, p2 a = object
 * type enum 0 HMAC-SHA256, 1 SHA1, 2 SHA224, 3 SHA384, 4 SHA512), SET_KEY, SET_IV, COMPUTE_MAC (in,
 * out; SHORT_BUFFER with the MAC size), COMPARE_MAC (in, expected; MAC_INVALID), COMPUTE_DIGEST
 * (in, out, p2 a = GP digest id: SHA-1/2, SHA-3, SHAKE128/256 with the output size asked for, SM3, MD5).
 */
public final class ShaTa implements TrustedApplication {
    public static final String UUID = "1dc6a16b-2fba-4aa1-9519-ea8a6c8c16e5";
    public static final int CMD_PREPARE = 0;
    public static final int CMD_SET_KEY = 1;
    public static final int CMD_SET_IV = 2;
    public static final int CMD_COMPUTE_MAC = 3;
    public static final int CMD_COMPARE_MAC = 4;
    public static final int CMD_COMPUTE_DIGEST = 5;
    public static final int OBJ_TYPE_HMAC_SHA256 = 0;
    public static final int OBJ_TYPE_HMAC_SHA1 = 1;
    public static final int OBJ_TYPE_HMAC_SHA224 = 2;
    public static final int OBJ_TYPE_HMAC_SHA384 = 3;
    public static final int OBJ_TYPE_HMAC_SHA512 = 4;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "sha")
            .description("SHA TA: digests and HMAC through the GP crypto API").build();
    private static final int PREPARE_TYPES = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.VALUE_INPUT,
            ParamType.VALUE_INPUT, ParamType.NONE);
    private static final int ONE_INPUT = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.NONE, ParamType.NONE,
            ParamType.NONE);
    private static final int IN_OUT = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT,
            ParamType.NONE, ParamType.NONE);
    private static final int IN_IN = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_INPUT,
            ParamType.NONE, ParamType.NONE);
    private static final int DIGEST_TYPES = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT,
            ParamType.VALUE_INPUT, ParamType.NONE);

    private OperationHandle op;
    private ObjectHandle key;
    private int keyBytes;

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public void closeSession(TaSession session) {
        TeeApi.freeOperation(op);
        TeeApi.freeTransientObject(key);
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params p) {
        try {
            switch (command) {
                case CMD_PREPARE -> {
                    if (p.types() != PREPARE_TYPES) {
                        return TeeResult.BAD_PARAMETERS;
                    }
                    int type = switch (p.value(2).a()) {
                        case OBJ_TYPE_HMAC_SHA256 -> TYPE_HMAC_SHA256;
                        case OBJ_TYPE_HMAC_SHA1 -> TYPE_HMAC_SHA1;
                        case OBJ_TYPE_HMAC_SHA224 -> TYPE_HMAC_SHA224;
                        case OBJ_TYPE_HMAC_SHA384 -> TYPE_HMAC_SHA384;
                        case OBJ_TYPE_HMAC_SHA512 -> TYPE_HMAC_SHA512;
                        default -> 0;
                    };
                    if (type == 0) {
                        return TeeResult.NOT_SUPPORTED;
                    }
                    TeeApi.freeOperation(op);
                    TeeApi.freeTransientObject(key);
                    op = null;
                    key = null;
                    keyBytes = p.value(1).a();
                    op = TeeApi.allocateOperation(p.value(0).a(), MODE_MAC, keyBytes * 8);
                    key = TeeApi.allocateTransientObject(type, keyBytes * 8);
                    return TeeResult.SUCCESS;
                }
                case CMD_SET_KEY -> {
                    if (p.types() != ONE_INPUT) {
                        return TeeResult.BAD_PARAMETERS;
                    }
                    if (op == null) {
                        return TeeResult.BAD_STATE;
                    }
                    Memref k = p.memref(0);
                    if (k.size() != keyBytes) {
                        return TeeResult.BAD_PARAMETERS;
                    }
                    TeeApi.resetTransientObject(key);
                    TeeApi.populateTransientObject(key, TeeApi.initRefAttribute(ATTR_SECRET_VALUE, k.address(), k.size()));
                    TeeApi.resetOperation(op);
                    TeeApi.setOperationKey(op, key);
                    TeeApi.macInit(op, 0, 0);
                    return TeeResult.SUCCESS;
                }
                case CMD_SET_IV -> {
                    if (p.types() != ONE_INPUT) {
                        return TeeResult.BAD_PARAMETERS;
                    }
                    if (op == null) {
                        return TeeResult.BAD_STATE;
                    }
                    TeeApi.macInit(op, p.memref(0).address(), p.memref(0).size());
                    return TeeResult.SUCCESS;
                }
                case CMD_COMPUTE_MAC -> {
                    if (p.types() != IN_OUT) {
                        return TeeResult.BAD_PARAMETERS;
                    }
                    if (op == null) {
                        return TeeResult.BAD_STATE;
                    }
                    Memref in = p.memref(0);
                    Memref out = p.memref(1);
                    try {
                        out.size(TeeApi.macComputeFinal(op, in.address(), in.size(), out.address(), out.size()));
                    } catch (ShortBufferException e) {
                        out.size(e.required());
                        return TeeResult.SHORT_BUFFER;
                    }
                    TeeApi.macInit(op, 0, 0); // ready for the next message with the same key
                    return TeeResult.SUCCESS;
                }
                case CMD_COMPARE_MAC -> {
                    if (p.types() != IN_IN) {
                        return TeeResult.BAD_PARAMETERS;
                    }
                    if (op == null) {
                        return TeeResult.BAD_STATE;
                    }
                    Memref in = p.memref(0);
                    Memref mac = p.memref(1);
                    try {
                        TeeApi.macCompareFinal(op, in.address(), in.size(), mac.address(), mac.size());
                    } finally {
                        TeeApi.macInit(op, 0, 0);
                    }
                    return TeeResult.SUCCESS;
                }
                case CMD_COMPUTE_DIGEST -> {
                    if (p.types() != DIGEST_TYPES) {
                        return TeeResult.BAD_PARAMETERS;
                    }
                    Memref in = p.memref(0);
                    Memref out = p.memref(1);
                    OperationHandle d = TeeApi.allocateOperation(p.value(2).a(), MODE_DIGEST, 0);
                    try {
                        out.size(TeeApi.digestDoFinal(d, in.address(), in.size(), out.address(), out.size()));
                        return TeeResult.SUCCESS;
                    } catch (ShortBufferException e) {
                        out.size(e.required());
                        return TeeResult.SHORT_BUFFER;
                    } finally {
                        TeeApi.freeOperation(d);
                    }
                }
                default -> {
                    return TeeResult.BAD_PARAMETERS;
                }
            }
        } catch (TeeException e) {
            return e.result();
        }
    }
}
