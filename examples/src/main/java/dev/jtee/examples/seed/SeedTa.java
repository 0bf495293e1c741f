package dev.jtee.examples.seed;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Memref;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;
import dev.jtee.ta.Value;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/**
 * The seed article's TA: a single-instance, multi-session TA with optee_examples' sizes
 * ({@code TA_STACK_SIZE} 2 KiB, {@code TA_DATA_SIZE} 32 KiB) that does real work on its heap per
 * call, in one of two memory modes chosen when a session opens:
 *
 * <ul>
 * <li>{@link #MODE_DYNAMIC}: every {@link #CMD_PROCESS} mallocs a work buffer of 1–6 KiB and a
 *     small temporary, and re-allocates the session's key-stream block (128–512 bytes, kept by the
 *     session between calls) at the size this call needs; frees happen in another order than the
 *     allocations. Like many real TAs it panics with OUT_OF_MEMORY when TEE_Malloc fails, so
 *     enough open sessions fragment and exhaust the 32 KiB heap and kill the instance.</li>
 * <li>{@link #MODE_STATIC}: one buffer for work, temporary and key stream is allocated once per
 *     instance (when its first static session opens, freed when the instance is destroyed) and
 *     reset with TEE_MemFill on every call. A session then costs only its 256-byte context.</li>
 * </ul>
 *
 * Both modes compute the same response for the same request and session history (see
 * {@link #CMD_PROCESS}). Every session keeps a 256-byte context on the heap: a call counter and a
 * rolling SHA-256 digest. {@link #CMD_RECURSE} recurses as deep as asked, so a too-small stack
 * overflows: the world panics the instance with TEE_ERROR_OVERFLOW (0xffff300f) and the client
 * sees TARGET_DEAD, origin TEE.
 */
public final class SeedTa implements TrustedApplication {
    public static final String UUID = "5eed7a00-0c1d-4f3e-9a0b-2e0f7ee0c0de";

    /**
     * p0 MEMREF_INPUT request ({@code 0..MAX_REQUEST} bytes), p1 MEMREF_OUTPUT response
     * ({@link #RESPONSE_SIZE} bytes; smaller gives SHORT_BUFFER with the size reported, the session
     * unchanged), p2 NONE or VALUE_INPUT {@code a} = work size in {@code [MIN_WORK, MAX_WORK]}
     * (default: {@link #workSize}), p3 NONE.
     *
     * <p>With the session's counter {@code c} (from 0) and digest {@code D} (32 zero bytes at open),
     * request {@code in} of length {@code n}, work size {@code W}, key-stream size
     * {@code T = keyStreamSize(n, c)}: {@code K[j] = D[j % 32] + 0x3B·j + c} for {@code j < T};
     * {@code w[i] = (n == 0 ? 0 : in[i % n]) ^ K[i % T]}, then for {@code i ≥ 1}
     * {@code w[i] += rotl8(w[i-1], 3)} (bytes); {@code crc = CRC32C(w)};
     * {@code D' = SHA-256(D ‖ le64(c) ‖ le32(W) ‖ le32(crc) ‖ le32(n))}; {@code c' = c + 1}. The
     * response is {@code D' ‖ le64(c') ‖ le32(W) ‖ le32(crc)}.
     */
    public static final int CMD_PROCESS = 0;
    /**
     * p0 VALUE_INPUT or VALUE_INOUT {@code a} = depth (≥ 0): recursion that deep, each frame
     * holding a little local state. With VALUE_INOUT, {@code a} = the depth reached, {@code b} = a
     * checksum of the frames. A depth the TA's stack cannot hold kills the instance.
     */
    public static final int CMD_RECURSE = 1;
    /**
     * p0 VALUE_OUTPUT {@code a} = PROCESS calls served by this instance (low 32 bits),
     * {@code b} = live sessions; p1 NONE or VALUE_OUTPUT {@code a} = dynamic sessions,
     * {@code b} = static sessions.
     */
    public static final int CMD_STATS = 2;

    /** Open-session p0 VALUE_INPUT {@code a}: allocate per call (the default when p0 is NONE). */
    public static final int MODE_DYNAMIC = 0;
    /** Open-session p0 VALUE_INPUT {@code a}: one pre-allocated buffer reset with TEE_MemFill. */
    public static final int MODE_STATIC = 1;

    /** {@code TA_STACK_SIZE}, as optee_examples. */
    public static final int STACK_SIZE = 2 * 1024;
    /** {@code TA_DATA_SIZE}: the heap, as optee_examples and the HiKey-like demo world. */
    public static final int DATA_SIZE = 32 * 1024;

    /** The per-session context on the heap. */
    public static final int CONTEXT_SIZE = 256;
    public static final int MIN_WORK = 1024;
    public static final int MAX_WORK = 6 * 1024;
    /** The largest request CMD_PROCESS takes. */
    public static final int MAX_REQUEST = 4 * 1024;
    public static final int MIN_KEY_STREAM = 128;
    public static final int MAX_KEY_STREAM = 512;
    /** The per-call temporary that holds the digest input. */
    public static final int TEMP_SIZE = 64;
    /** What CMD_PROCESS writes into p1. */
    public static final int RESPONSE_SIZE = 48;
    /** The static mode's one buffer: work, temporary and key stream. */
    public static final int STATIC_BUFFER_SIZE = MAX_WORK + TEMP_SIZE + MAX_KEY_STREAM;

    /** A recursion depth the 2 KiB stack holds with room to spare. */
    public static final int SAFE_DEPTH = 16;
    /** A recursion depth no TA stack holds: always overflows. */
    public static final int OVERFLOW_DEPTH = 1 << 24;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "seed")
            .flags(TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION)
            .stackSize(STACK_SIZE)
            .dataSize(DATA_SIZE)
            .description("The seed article's TA: heap work per call (dynamic or static memory), deep recursion")
            .build();

    // context layout (bytes)
    private static final int CTX_COUNTER = 0;
    private static final int CTX_DIGEST = 8;
    private static final int CTX_MODE = 40;
    private static final int CTX_SESSION = 44;
    private static final int DIGEST_SIZE = 32;
    private static final int DIGEST_INPUT = DIGEST_SIZE + 8 + 4 + 4 + 4;

    // ---- the instance's globals

    private final MessageDigest sha256;
    private final CRC32C crc = new CRC32C();
    /** Registers and cache lines: TA memory is brought here to be worked on, then written back. */
    private final byte[] work = new byte[MAX_WORK];
    private final byte[] keys = new byte[MAX_KEY_STREAM];
    private final byte[] small = new byte[TEMP_SIZE];
    private final byte[] digest = new byte[DIGEST_SIZE];
    /** The static mode's buffer, or 0 until a static session opens. */
    private long staticBuffer;
    private long calls;
    private int dynamicSessions;
    private int staticSessions;

    /** A session as the TA keeps it: where its context and (dynamic mode) its key stream live. */
    private static final class SessionState {
        final int mode;
        final long context;
        long keyStream;

        SessionState(int mode, long context) {
            this.mode = mode;
            this.context = context;
        }
    }

    public SeedTa() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    /**
     * The default work size of a call: {@code 1 KiB + 256·((31n + 5c) mod 21)}, so 1–6 KiB
     * depending on request length {@code n} and session counter {@code c}, never less than
     * {@code n} rounded up to 256.
     */
    public static int workSize(int requestLength, long counter) {
        int w = MIN_WORK + (int) ((requestLength * 31L + Long.remainderUnsigned(counter, 21) * 5) % 21) * 256;
        return Math.max(w, (requestLength + 255) & -256);
    }

    /** The key-stream size of a call: {@code 128 + 128·((n + c) mod 4)}, so 128–512 bytes. */
    public static int keyStreamSize(int requestLength, long counter) {
        return MIN_KEY_STREAM + (int) ((requestLength + (counter & 3)) & 3) * 128;
    }

    // ---- entry points

    @Override
    public void destroy() {
        if (staticBuffer != 0) {
            TeeApi.free(staticBuffer);
            staticBuffer = 0;
        }
    }

    @Override
    public TeeResult openSession(Params params, TaSession session) {
        int mode = MODE_DYNAMIC;
        ParamType p0 = params.type(0);
        if (p0 == ParamType.VALUE_INPUT) {
            mode = params.value(0).a();
        } else if (p0 != ParamType.NONE) {
            return TeeResult.BAD_PARAMETERS;
        }
        if ((mode != MODE_DYNAMIC && mode != MODE_STATIC) || params.type(1) != ParamType.NONE
                || params.type(2) != ParamType.NONE || params.type(3) != ParamType.NONE) {
            return TeeResult.BAD_PARAMETERS;
        }
        // a failed open is reported, not panicked: the client can retry later
        long ctx = TeeApi.malloc(CONTEXT_SIZE, TeeApi.MALLOC_FILL_ZERO);
        if (ctx == 0) {
            return TeeResult.OUT_OF_MEMORY;
        }
        if (mode == MODE_STATIC && staticBuffer == 0) {
            staticBuffer = TeeApi.malloc(STATIC_BUFFER_SIZE, TeeApi.MALLOC_FILL_ZERO);
            if (staticBuffer == 0) {
                TeeApi.free(ctx);
                return TeeResult.OUT_OF_MEMORY;
            }
        }
        putInt(small, 0, mode);
        putInt(small, 4, session.id());
        TeeApi.write(ctx + CTX_MODE, small, 0, 8);
        session.context(new SessionState(mode, ctx));
        if (mode == MODE_STATIC) {
            staticSessions++;
        } else {
            dynamicSessions++;
        }
        return TeeResult.SUCCESS;
    }

    @Override
    public void closeSession(TaSession session) {
        SessionState s = session.context();
        if (s == null) {
            return;
        }
        if (s.keyStream != 0) {
            TeeApi.free(s.keyStream);
        }
        TeeApi.free(s.context);
        session.context(null);
        if (s.mode == MODE_STATIC) {
            staticSessions--;
        } else {
            dynamicSessions--;
        }
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        return switch (command) {
            case CMD_PROCESS -> process(session.context(), params);
            case CMD_RECURSE -> recurse(params);
            case CMD_STATS -> stats(params);
            default -> TeeResult.BAD_PARAMETERS;
        };
    }

    // ---- CMD_PROCESS

    private TeeResult process(SessionState s, Params params) {
        ParamType p2 = params.type(2);
        if (params.type(0) != ParamType.MEMREF_INPUT || params.type(1) != ParamType.MEMREF_OUTPUT
                || (p2 != ParamType.NONE && p2 != ParamType.VALUE_INPUT) || params.type(3) != ParamType.NONE) {
            return TeeResult.BAD_PARAMETERS;
        }
        Memref request = params.memref(0);
        Memref response = params.memref(1);
        int n = request.size();
        if (n > MAX_REQUEST) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (response.size() < RESPONSE_SIZE) {
            response.size(RESPONSE_SIZE);
            return TeeResult.SHORT_BUFFER;
        }
        // the session's state, from its context in TA memory
        TeeApi.read(s.context + CTX_COUNTER, small, 0, 8 + DIGEST_SIZE);
        long counter = getLong(small, 0);
        System.arraycopy(small, CTX_DIGEST, digest, 0, DIGEST_SIZE);
        int w = workSize(n, counter);
        if (p2 == ParamType.VALUE_INPUT) {
            w = params.value(2).a();
            if (w < MIN_WORK || w > MAX_WORK || w < n) {
                return TeeResult.BAD_PARAMETERS;
            }
        }
        int t = keyStreamSize(n, counter);

        long workBuf;
        long temp;
        long keyStream;
        if (s.mode == MODE_DYNAMIC) {
            workBuf = TeeApi.malloc(w, TeeApi.MALLOC_FILL_ZERO);
            if (workBuf == 0) {
                throw TeeApi.panic(TeeResult.OUT_OF_MEMORY);
            }
            temp = TeeApi.malloc(TEMP_SIZE, TeeApi.MALLOC_FILL_ZERO);
            if (temp == 0) {
                throw TeeApi.panic(TeeResult.OUT_OF_MEMORY);
            }
            // the session's key stream is re-allocated at this call's size, then the old one goes
            keyStream = TeeApi.malloc(t, TeeApi.MALLOC_FILL_ZERO);
            if (keyStream == 0) {
                throw TeeApi.panic(TeeResult.OUT_OF_MEMORY);
            }
            if (s.keyStream != 0) {
                TeeApi.free(s.keyStream);
            }
            s.keyStream = keyStream;
        } else {
            TeeApi.memFill(staticBuffer, 0, STATIC_BUFFER_SIZE);
            workBuf = staticBuffer;
            temp = staticBuffer + MAX_WORK;
            keyStream = temp + TEMP_SIZE;
        }

        // the request, copied in and repeated over the work buffer by doubling copies
        if (n > 0) {
            TeeApi.memMove(workBuf, request.address(), n);
            for (int filled = n; filled < w; ) {
                int len = Math.min(filled, w - filled);
                TeeApi.memMove(workBuf + filled, workBuf, len);
                filled += len;
            }
        }
        // the key stream from the session's digest
        for (int j = 0; j < t; j++) {
            keys[j] = (byte) (digest[j & 31] + j * 0x3B + (int) counter);
        }
        TeeApi.write(keyStream, keys, 0, t);

        // mix: XOR with the key stream, then chain every byte to the previous one
        TeeApi.read(workBuf, work, 0, w);
        TeeApi.read(keyStream, keys, 0, t);
        byte prev = 0;
        for (int i = 0, j = 0; i < w; i++) {
            byte b = (byte) (work[i] ^ keys[j]);
            if (i > 0) {
                b += (byte) (((prev & 0xFF) << 3) | ((prev & 0xFF) >>> 5));
            }
            work[i] = b;
            prev = b;
            if (++j == t) {
                j = 0;
            }
        }
        TeeApi.write(workBuf, work, 0, w);
        crc.reset();
        crc.update(work, 0, w);
        int checksum = (int) crc.getValue();

        // D' = SHA-256(D || c || W || crc || n), its input assembled in the temporary
        System.arraycopy(digest, 0, small, 0, DIGEST_SIZE);
        putLong(small, DIGEST_SIZE, counter);
        putInt(small, DIGEST_SIZE + 8, w);
        putInt(small, DIGEST_SIZE + 12, checksum);
        putInt(small, DIGEST_SIZE + 16, n);
        TeeApi.write(temp, small, 0, DIGEST_INPUT);
        TeeApi.read(temp, work, 0, DIGEST_INPUT);
        sha256.update(work, 0, DIGEST_INPUT);
        try {
            sha256.digest(digest, 0, DIGEST_SIZE);
        } catch (DigestException e) {
            throw TeeApi.panic(TeeResult.GENERIC);
        }

        // response: D' || c+1 || W || crc; the context keeps c+1 and D'
        System.arraycopy(digest, 0, small, 0, DIGEST_SIZE);
        putLong(small, DIGEST_SIZE, counter + 1);
        response.write(0, small, 0, RESPONSE_SIZE);
        response.size(RESPONSE_SIZE);
        putLong(small, CTX_COUNTER, counter + 1);
        System.arraycopy(digest, 0, small, CTX_DIGEST, DIGEST_SIZE);
        TeeApi.write(s.context + CTX_COUNTER, small, 0, 8 + DIGEST_SIZE);

        if (s.mode == MODE_DYNAMIC) {
            // freed in another order than allocated, as real code does: holes between kept blocks
            TeeApi.free(workBuf);
            TeeApi.free(temp);
        }
        calls++;
        return TeeResult.SUCCESS;
    }

    // ---- CMD_RECURSE

    private static TeeResult recurse(Params params) {
        ParamType p0 = params.type(0);
        if ((p0 != ParamType.VALUE_INPUT && p0 != ParamType.VALUE_INOUT) || params.type(1) != ParamType.NONE
                || params.type(2) != ParamType.NONE || params.type(3) != ParamType.NONE) {
            return TeeResult.BAD_PARAMETERS;
        }
        Value v = params.value(0);
        int depth = v.a();
        if (depth < 0) {
            return TeeResult.BAD_PARAMETERS;
        }
        long sum = descend(depth, 0x9E3779B97F4A7C15L, 1, 2, 3);
        if (p0 == ParamType.VALUE_INOUT) {
            v.a(depth);
            v.b((int) (sum ^ (sum >>> 32)));
        }
        return TeeResult.SUCCESS;
    }

    /**
     * One frame per level with a few words of local state, used after the call returns so that it
     * must live on the stack (a C TA's small local array).
     */
    private static long descend(int remaining, long s0, long s1, long s2, long s3) {
        if (remaining == 0) {
            return s0 ^ s1 ^ s2 ^ s3;
        }
        long a = s0 * 31 + remaining;
        long b = s1 ^ (a >>> 7);
        long c = s2 + (b << 3);
        long d = s3 - c;
        long below = descend(remaining - 1, a, b, c, d);
        return below + (a ^ b) - (c ^ d);
    }

    // ---- CMD_STATS

    private TeeResult stats(Params params) {
        ParamType p1 = params.type(1);
        if (params.type(0) != ParamType.VALUE_OUTPUT || (p1 != ParamType.NONE && p1 != ParamType.VALUE_OUTPUT)
                || params.type(2) != ParamType.NONE || params.type(3) != ParamType.NONE) {
            return TeeResult.BAD_PARAMETERS;
        }
        params.value(0).a((int) calls);
        params.value(0).b(dynamicSessions + staticSessions);
        if (p1 == ParamType.VALUE_OUTPUT) {
            params.value(1).a(dynamicSessions);
            params.value(1).b(staticSessions);
        }
        return TeeResult.SUCCESS;
    }

    // ---- little-endian helpers

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) v);
        putInt(b, off + 4, (int) (v >>> 32));
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
