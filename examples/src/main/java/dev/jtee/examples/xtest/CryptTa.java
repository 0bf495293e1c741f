package dev.jtee.examples.xtest;

import static dev.jtee.ta.TeeDefines.ATTR_FLAG_VALUE;
import static dev.jtee.ta.TeeDefines.ATTR_SECRET_VALUE;
import static dev.jtee.ta.TeeDefines.TYPE_GENERIC_SECRET;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.ta.Memref;
import dev.jtee.ta.ObjectHandle;
import dev.jtee.ta.OperationHandle;
import dev.jtee.ta.Params;
import dev.jtee.ta.ShortBufferException;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaParams;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TaSessionHandle;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TeeAttribute;
import dev.jtee.ta.TrustedApplication;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Java test TA for the xtest 4000 mirrors: each command is one or two GP crypto calls on the
 * session's operation and key, so a test drives the whole Internal Core API path as a C TA would.
 * Attribute lists travel as OP-TEE's crypt TA packs them, in the CPU's byte order: per attribute
 * {@code u32 id}, then {@code u32 a, u32 b} for a value attribute or {@code u32 length, bytes}.
 * <ul>
 * <li>0 ALLOCATE: v0 (algorithm, mode), v1 (max key size, -)</li>
 * <li>1 SET_KEY: v0 (object type, max size), m1 attributes to populate — or, with v2 a = 1,
 *     parameters for TEE_GenerateKey of v2 b bits</li>
 * <li>2 DIGEST: m0 in, m1 out (SHORT_BUFFER with the size)</li>
 * <li>3 CIPHER: m0 IV, m1 in, m2 out — TEE_CipherInit then TEE_CipherDoFinal</li>
 * <li>4 MAC: m0 in, m1 out — TEE_MACInit then TEE_MACComputeFinal; 5 MAC_COMPARE: m0 in, m1 MAC</li>
 * <li>6 SIGN: m0 parameters, m1 digest, m2 signature out; 7 VERIFY: m0 parameters, m1 digest, m2 signature</li>
 * <li>8 DERIVE: m0 parameters, v1 (derived object size, -), m2 out — the derived SECRET_VALUE</li>
 * <li>9 GET_ATTRIBUTE: v0 (attribute id, -), m1 out — from the session's key</li>
 * <li>10 ENCRYPT / 11 DECRYPT: m0 parameters, m1 in, m2 out — the asymmetric cipher</li>
 * <li>15 SEED_RNG_POOL, 16 DERIVE_TA_UNIQUE_KEY, 17 DERIVE_TA_UNIQUE_KEY_SHM: optee_test crypt TA's calls to the system PTA</li>
 * </ul>
 */
public final class CryptTa implements TrustedApplication {
    public static final String UUID = "6a1f4c1e-17c0-4c17-9a17-c0ffee170400";
    public static final int CMD_ALLOCATE = 0;
    public static final int CMD_SET_KEY = 1;
    public static final int CMD_DIGEST = 2;
    public static final int CMD_CIPHER = 3;
    public static final int CMD_MAC = 4;
    public static final int CMD_MAC_COMPARE = 5;
    public static final int CMD_SIGN = 6;
    public static final int CMD_VERIFY = 7;
    public static final int CMD_DERIVE = 8;
    public static final int CMD_GET_ATTRIBUTE = 9;
    public static final int CMD_ENCRYPT = 10;
    public static final int CMD_DECRYPT = 11;
    /** p0 value (key type, max size), p1 and p2 the two keys' packed attributes: TEE_SetOperationKey2. */
    public static final int CMD_SET_KEY2 = 12;
    /** p0 input, p1 output, p2 value a: TEE_DigestUpdate(p0), then TEE_DigestExtract p1 in pieces of a bytes. */
    public static final int CMD_DIGEST_EXTRACT = 13;
    /** p0 IV, p1 input, p2 output, p3 value a: TEE_CipherInit, TEE_CipherUpdate in pieces of a bytes, TEE_CipherDoFinal. */
    public static final int CMD_CIPHER_PIECES = 14;
    /** optee_test crypt TA's seed_rng_pool: p0 entropy, non-empty — handed to the system PTA's ADD_RNG_ENTROPY. */
    public static final int CMD_SEED_RNG_POOL = 15;
    /** optee_test crypt TA's derive_ta_unique_key_test: no parameters — the system PTA's key checks, GENERIC on any miss. */
    public static final int CMD_DERIVE_TA_UNIQUE_KEY = 16;
    /** optee_test crypt TA's derive_ta_unique_key_test_shm: p0 extra data in, p1 key out — the client's memory passed on to the PTA. */
    public static final int CMD_DERIVE_TA_UNIQUE_KEY_SHM = 17;
    /** pta_system.h's PTA_SYSTEM_UUID and its two commands the crypt TA drives. */
    static final TeeUuid SYSTEM_PTA = TeeUuid.parse("3a2f8978-5dc0-11e8-9c2d-fa7ae01bbebc");
    static final int PTA_SYSTEM_ADD_RNG_ENTROPY = 0;
    static final int PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY = 1;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "crypt")
            .description("Test TA for the xtest 4000 mirrors: the GP crypto API one call at a time").build();

    private OperationHandle op;
    private ObjectHandle key;
    private ObjectHandle key2;

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public void closeSession(TaSession session) {
        TeeApi.freeOperation(op);
        TeeApi.freeTransientObject(key);
        TeeApi.freeTransientObject(key2);
    }

    /** OP-TEE crypt TA's attribute packing (native byte order). */
    static TeeAttribute[] attributes(byte[] packed) {
        ByteBuffer in = ByteBuffer.wrap(packed).order(ByteOrder.nativeOrder());
        List<TeeAttribute> out = new ArrayList<>();
        while (in.remaining() >= 8) {
            int id = in.getInt();
            if ((id & ATTR_FLAG_VALUE) != 0) {
                out.add(TeeApi.initValueAttribute(id, in.getInt(), in.getInt()));
            } else {
                byte[] v = new byte[in.getInt()];
                in.get(v);
                out.add(TeeApi.initRefAttribute(id, v));
            }
        }
        return out.toArray(TeeAttribute[]::new);
    }

    private static TeeAttribute[] attributes(Memref m) {
        return attributes(m.toByteArray());
    }

    private static void need(Params p, ParamType... types) {
        if (p.types() != ParamTypes.pack(types[0], types[1], types[2], types[3])) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, dev.jtee.api.Origin.TRUSTED_APP, "parameter types");
        }
    }

    private void needOperation() {
        if (op == null) {
            throw new TeeException(TeeResult.BAD_STATE, dev.jtee.api.Origin.TRUSTED_APP, "no operation allocated");
        }
    }

    /**
     * The checks of optee_test's derive_ta_unique_key_test: same input gives the same key (with and
     * without extra data), different extra data another key, and the PTA refuses extra data over
     * 1024 bytes and keys outside 16..32 bytes.
     */
    private static TeeResult deriveTaUniqueKeyTest() {
        TaSessionHandle pta = TeeApi.openTASession(SYSTEM_PTA, TeeApi.TIMEOUT_INFINITE, TaParams.none());
        long extra = TeeApi.malloc(1025, TeeApi.MALLOC_FILL_ZERO);
        long key1 = TeeApi.malloc(32, TeeApi.MALLOC_FILL_ZERO);
        long key2 = TeeApi.malloc(32, TeeApi.MALLOC_FILL_ZERO);
        long big = TeeApi.malloc(64, TeeApi.MALLOC_FILL_ZERO);
        try {
            byte[] dummy = "My dummy data\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            TeeApi.write(extra, dummy, 0, dummy.length);
            boolean ok = true;
            for (int extraSize : new int[] {0, dummy.length}) {
                ok &= derive(pta, key1, 32, extra, extraSize) == TeeResult.SUCCESS;
                ok &= derive(pta, key2, 32, extra, extraSize) == TeeResult.SUCCESS;
                ok &= TeeApi.memCompare(key1, key2, 32) == 0;
            }
            ok &= derive(pta, key1, 32, extra, dummy.length) == TeeResult.SUCCESS;
            ok &= derive(pta, key2, 32, extra, 0) == TeeResult.SUCCESS;
            ok &= TeeApi.memCompare(key1, key2, 32) != 0;
            ok &= derive(pta, key1, 32, extra, 1025) != TeeResult.SUCCESS;
            for (int size = 0; size < 64 && ok; size++) {
                TeeResult r = derive(pta, big, size, extra, size % 2 == 0 ? 0 : dummy.length);
                ok = (size >= 16 && size <= 32) == (r == TeeResult.SUCCESS);
            }
            return ok ? TeeResult.SUCCESS : TeeResult.GENERIC;
        } finally {
            TeeApi.closeTASession(pta);
            for (long b : new long[] {extra, key1, key2, big}) {
                TeeApi.free(b);
            }
        }
    }

    /** PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY: the PTA's answer (its refusals come back, origin TRUSTED_APP). */
    private static TeeResult derive(TaSessionHandle pta, long key, int keySize, long extra, int extraSize) {
        try {
            TeeApi.invokeTACommand(pta, TeeApi.TIMEOUT_INFINITE, PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY, TaParams.none()
                    .memref(0, ParamType.MEMREF_INPUT, extraSize == 0 ? 0 : extra, extraSize)
                    .memref(1, ParamType.MEMREF_OUTPUT, key, keySize));
            return TeeResult.SUCCESS;
        } catch (TeeException e) {
            return e.result();
        }
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params p) {
        ParamType vin = ParamType.VALUE_INPUT;
        ParamType min = ParamType.MEMREF_INPUT;
        ParamType mout = ParamType.MEMREF_OUTPUT;
        ParamType none = ParamType.NONE;
        try {
            switch (command) {
                case CMD_ALLOCATE -> {
                    need(p, vin, vin, none, none);
                    TeeApi.freeOperation(op);
                    op = null;
                    op = TeeApi.allocateOperation(p.value(0).a(), p.value(0).b(), p.value(1).a());
                }
                case CMD_SET_KEY -> {
                    boolean generate = p.types() == ParamTypes.pack(vin, min, vin, none);
                    if (!generate) {
                        need(p, vin, min, none, none);
                    }
                    needOperation();
                    TeeApi.freeTransientObject(key);
                    key = null;
                    key = TeeApi.allocateTransientObject(p.value(0).a(), p.value(0).b());
                    if (generate) {
                        TeeApi.generateKey(key, p.value(2).b(), attributes(p.memref(1)));
                    } else {
                        TeeApi.populateTransientObject(key, attributes(p.memref(1)));
                    }
                    TeeApi.setOperationKey(op, key);
                }
                case CMD_SET_KEY2 -> {
                    need(p, vin, min, min, none);
                    needOperation();
                    TeeApi.freeTransientObject(key);
                    TeeApi.freeTransientObject(key2);
                    key = null;
                    key2 = null;
                    key = TeeApi.allocateTransientObject(p.value(0).a(), p.value(0).b());
                    key2 = TeeApi.allocateTransientObject(p.value(0).a(), p.value(0).b());
                    TeeApi.populateTransientObject(key, attributes(p.memref(1)));
                    TeeApi.populateTransientObject(key2, attributes(p.memref(2)));
                    TeeApi.setOperationKey2(op, key, key2);
                }
                case CMD_DIGEST_EXTRACT -> {
                    need(p, min, mout, vin, none);
                    needOperation();
                    Memref in = p.memref(0);
                    Memref out = p.memref(1);
                    int piece = Math.max(1, p.value(2).a());
                    TeeApi.digestUpdate(op, in.address(), in.size());
                    for (int off = 0; off < out.size(); off += piece) {
                        TeeApi.digestExtract(op, out.address() + off, Math.min(piece, out.size() - off));
                    }
                }
                case CMD_CIPHER_PIECES -> {
                    need(p, min, min, mout, vin);
                    needOperation();
                    Memref iv = p.memref(0);
                    Memref in = p.memref(1);
                    Memref out = p.memref(2);
                    int piece = Math.max(1, p.value(3).a());
                    TeeApi.cipherInit(op, iv.address(), iv.size());
                    int written = 0;
                    int off = 0;
                    for (; in.size() - off > piece; off += piece) {
                        written += TeeApi.cipherUpdate(op, in.address() + off, piece, out.address() + written, out.size() - written);
                    }
                    written += TeeApi.cipherDoFinal(op, in.address() + off, in.size() - off, out.address() + written, out.size() - written);
                    out.size(written);
                }
                case CMD_DIGEST -> {
                    need(p, min, mout, none, none);
                    needOperation();
                    Memref in = p.memref(0);
                    Memref out = p.memref(1);
                    out.size(TeeApi.digestDoFinal(op, in.address(), in.size(), out.address(), out.size()));
                }
                case CMD_CIPHER -> {
                    need(p, min, min, mout, none);
                    needOperation();
                    Memref iv = p.memref(0);
                    Memref in = p.memref(1);
                    Memref out = p.memref(2);
                    TeeApi.cipherInit(op, iv.address(), iv.size());
                    out.size(TeeApi.cipherDoFinal(op, in.address(), in.size(), out.address(), out.size()));
                }
                case CMD_MAC -> {
                    // p2: the IV, optional (CBC-MAC)
                    boolean withIv = p.types() == ParamTypes.pack(min, mout, min, none);
                    if (!withIv) {
                        need(p, min, mout, none, none);
                    }
                    needOperation();
                    Memref in = p.memref(0);
                    Memref out = p.memref(1);
                    if (withIv) {
                        TeeApi.macInit(op, p.memref(2).address(), p.memref(2).size());
                    } else {
                        TeeApi.macInit(op, 0, 0);
                    }
                    out.size(TeeApi.macComputeFinal(op, in.address(), in.size(), out.address(), out.size()));
                }
                case CMD_MAC_COMPARE -> {
                    need(p, min, min, none, none);
                    needOperation();
                    Memref in = p.memref(0);
                    Memref mac = p.memref(1);
                    TeeApi.macInit(op, 0, 0);
                    TeeApi.macCompareFinal(op, in.address(), in.size(), mac.address(), mac.size());
                }
                case CMD_SIGN -> {
                    need(p, min, min, mout, none);
                    needOperation();
                    Memref d = p.memref(1);
                    Memref sig = p.memref(2);
                    sig.size(TeeApi.asymmetricSignDigest(op, attributes(p.memref(0)), d.address(), d.size(),
                            sig.address(), sig.size()));
                }
                case CMD_VERIFY -> {
                    need(p, min, min, min, none);
                    needOperation();
                    Memref d = p.memref(1);
                    Memref sig = p.memref(2);
                    TeeApi.asymmetricVerifyDigest(op, attributes(p.memref(0)), d.address(), d.size(),
                            sig.address(), sig.size());
                }
                case CMD_ENCRYPT, CMD_DECRYPT -> {
                    need(p, min, min, mout, none);
                    needOperation();
                    Memref in = p.memref(1);
                    Memref out = p.memref(2);
                    out.size(command == CMD_ENCRYPT
                            ? TeeApi.asymmetricEncrypt(op, attributes(p.memref(0)), in.address(), in.size(), out.address(), out.size())
                            : TeeApi.asymmetricDecrypt(op, attributes(p.memref(0)), in.address(), in.size(), out.address(), out.size()));
                }
                case CMD_DERIVE -> {
                    need(p, min, vin, mout, none);
                    needOperation();
                    ObjectHandle derived = TeeApi.allocateTransientObject(TYPE_GENERIC_SECRET, p.value(1).a());
                    try {
                        TeeApi.deriveKey(op, attributes(p.memref(0)), derived);
                        Memref out = p.memref(2);
                        out.size(TeeApi.getObjectBufferAttribute(derived, ATTR_SECRET_VALUE, out.address(), out.size()));
                    } finally {
                        TeeApi.freeTransientObject(derived);
                    }
                }
                case CMD_GET_ATTRIBUTE -> {
                    need(p, vin, mout, none, none);
                    if (key == null) {
                        return TeeResult.BAD_STATE;
                    }
                    Memref out = p.memref(1);
                    out.size(TeeApi.getObjectBufferAttribute(key, p.value(0).a(), out.address(), out.size()));
                }
                case CMD_SEED_RNG_POOL -> {
                    need(p, min, none, none, none);
                    if (p.memref(0).size() == 0) {
                        return TeeResult.BAD_PARAMETERS;
                    }
                    TaSessionHandle pta = TeeApi.openTASession(SYSTEM_PTA, TeeApi.TIMEOUT_INFINITE, TaParams.none());
                    try {
                        TeeApi.invokeTACommand(pta, TeeApi.TIMEOUT_INFINITE, PTA_SYSTEM_ADD_RNG_ENTROPY,
                                TaParams.none().memref(0, min, p.memref(0).address(), p.memref(0).size()));
                    } finally {
                        TeeApi.closeTASession(pta);
                    }
                }
                case CMD_DERIVE_TA_UNIQUE_KEY_SHM -> {
                    need(p, min, mout, none, none);
                    TaSessionHandle pta = TeeApi.openTASession(SYSTEM_PTA, TeeApi.TIMEOUT_INFINITE, TaParams.none());
                    try {
                        TeeApi.invokeTACommand(pta, TeeApi.TIMEOUT_INFINITE, PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY, TaParams.none()
                                .memref(0, min, p.memref(0).address(), p.memref(0).size())
                                .memref(1, mout, p.memref(1).address(), p.memref(1).size()));
                    } finally {
                        TeeApi.closeTASession(pta);
                    }
                }
                case CMD_DERIVE_TA_UNIQUE_KEY -> {
                    need(p, none, none, none, none);
                    return deriveTaUniqueKeyTest();
                }
                default -> {
                    return TeeResult.BAD_PARAMETERS;
                }
            }
            return TeeResult.SUCCESS;
        } catch (ShortBufferException e) {
            for (int i = 3; i >= 0; i--) {
                if (ParamTypes.get(p.types(), i) == ParamType.MEMREF_OUTPUT.nibble()) {
                    p.memref(i).size(e.required());
                    break;
                }
            }
            return TeeResult.SHORT_BUFFER;
        } catch (TeeException e) {
            return e.result();
        }
    }
}
