package dev.jtee.examples.xtest;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.ta.Identity;
import dev.jtee.ta.Memref;
import dev.jtee.ta.Params;
import dev.jtee.ta.PropSet;
import dev.jtee.ta.PropertyRead;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaParams;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TaSessionHandle;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TeeTime;
import dev.jtee.ta.TrustedApplication;
import dev.jtee.ta.Value;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * optee_test's os_test TA, in Java: the TA behind most of xtest's 1000 series. Same UUID, same
 * command ids for the commands it shares with the C TA; ids from {@code 100} on are jtee's own.
 * Like the C TA it unmasks cancellation at the start of every command. Multi-instance.
 *
 * <p>Self-checking commands ({@link #CMD_BASIC}, {@link #CMD_CLIENT}, {@link #CMD_TA2TA_MEMREF})
 * answer GENERIC when a check fails; given a MEMREF_OUTPUT where documented, they write the failed
 * check's description into it (UTF-8) so a test can say what went wrong.
 */
public final class OsTestTa implements TrustedApplication {
    public static final String UUID = "5b9e0e40-2636-11e1-ad9e-0002a5d5c51b";

    /** Any parameters: does nothing, answers SUCCESS. */
    public static final int CMD_INIT = 0;
    /**
     * p0 VALUE_INPUT {@code a} ms: opens a session on itself and invokes {@link #CMD_WAIT} for
     * {@code a} ms with a cancellation timeout of {@code a/2}; SUCCESS iff that answered CANCEL,
     * origin TRUSTED_APP (xtest 1008 "Invoke command with timeout").
     */
    public static final int CMD_CLIENT_WITH_TIMEOUT = 1;
    /**
     * xtest 1006: p0 MEMREF_INPUT (any buffer), p1 NONE or VALUE_INPUT ({@code a} = mask of
     * {@code BASIC_*} parts, 0 = all), p2 NONE or MEMREF_OUTPUT (failure text).
     */
    public static final int CMD_BASIC = 5;
    /** Panics with p0's {@code a} if p0 is VALUE_INPUT, else with {@link #PANIC_CODE}. */
    public static final int CMD_PANIC = 6;
    /**
     * TA-to-TA (xtest 1008 "Invoke command"): calls hello_world with values, the concurrent TA's
     * SHA-256 with memrefs into its own heap, and itself for the client identity. p0 NONE or
     * MEMREF_OUTPUT (failure text).
     */
    public static final int CMD_CLIENT = 7;
    /**
     * p0 MEMREF_INPUT, p1 MEMREF_INPUT null: checks p0 is readable with ANY_OWNER only and p1 is a
     * null memref (the callee side of the 1006 access-rights check).
     */
    public static final int CMD_PARAMS_ACCESS = 8;
    /** p0 VALUE_INPUT {@code a} ms: {@code TEE_Wait}, cancellation unmasked; answers its result. */
    public static final int CMD_WAIT = 9;
    /** p0 VALUE_INPUT {@code a} = one of {@code BAD_MEM_*}; p1 NONE or a memref. Kills the instance. */
    public static final int CMD_BAD_MEM_ACCESS = 10;
    /** xtest 1016: in/inout/out memrefs into its own heap, sent twice to itself's MIX. p0 NONE or MEMREF_OUTPUT (failure text). */
    public static final int CMD_TA2TA_MEMREF = 11;
    /** p0 MEMREF_INPUT, p1 MEMREF_INOUT, p2 MEMREF_OUTPUT of equal size: {@code out[i] = ++inout[i] + in[i]}. */
    public static final int CMD_TA2TA_MEMREF_MIX = 12;
    /** MEMREF_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_OUTPUT, all non-null and non-empty. */
    public static final int CMD_PARAMS = 13;
    /**
     * xtest 1025: MEMREF_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_OUTPUT where p0 and p2 are
     * non-null with size 0 and p1 and p3 are null memrefs; else BAD_PARAMETERS.
     */
    public static final int CMD_NULL_MEMREF_PARAMS = 19;
    /** p0 VALUE_OUTPUT login, p1 MEMREF_OUTPUT (16 bytes, else SHORT_BUFFER with 16) client UUID, a {@code TEE_UUID} struct. */
    public static final int CMD_CLIENT_IDENTITY = 20;
    /** xtest 1016: p0..p2 as MIX, non-null and size 0; forwards them to itself's MIX. */
    public static final int CMD_TA2TA_MEMREF_SIZE0 = 37;

    // ---- features of a C TA and its platform that jtee does not have: NOT_SUPPORTED, as os_test
    // answers when built without them, and xtest then skips the case

    /** xtest 1029: thread-local variables of the main program and of a shared library. */
    public static final int CMD_TLS_TEST_MAIN = 21;
    public static final int CMD_TLS_TEST_SHLIB = 22;
    /** xtest 1031: C++ constructors and exceptions (os_test without WITH_CXX_TESTS). */
    public static final int CMD_CXX_CTOR_MAIN = 25;
    public static final int CMD_CXX_EXC_MIXED = 29;
    /** xtest 1036: pointer authentication (os_test without CFG_TA_PAUTH). */
    public static final int CMD_PAUTH_NOP = 30;
    public static final int CMD_PAUTH_CORRUPT_PAC = 31;
    /** xtest 1038: memory tagging (MTE), when {@code memtag_is_enabled()} is false. */
    public static final int CMD_MEMTAG_USE_AFTER_FREE = 33;
    public static final int CMD_MEMTAG_BUFFER_OVERRUN = 36;
    /** xtest 1042: the address sanitizer (os_test without CFG_TA_SANITIZE_KADDRESS). */
    public static final int CMD_ASAN_STACK = 38;
    public static final int CMD_ASAN_MEMFUNC = 42;

    // ---- jtee's own commands

    /**
     * Echoes every kind of parameter. VALUE_INOUT: {@code a+1, b+1}. VALUE_OUTPUT: {@code a} =
     * sum of all MEMREF_INPUT/INOUT bytes (unsigned, as received), {@code b} = their total length.
     * MEMREF_INOUT: every byte + 1. MEMREF_OUTPUT: a copy of the first MEMREF_INPUT with its size
     * reported (SHORT_BUFFER, size reported, when too small), or without any MEMREF_INPUT filled
     * with {@code 0xA0 + index}.
     */
    public static final int CMD_ECHO = 100;
    /**
     * p0 VALUE_INPUT {@code a} = N, p1 MEMREF_OUTPUT: smaller than N → size N reported and
     * SHORT_BUFFER; else N bytes {@code i & 0xFF} written, size N reported, SUCCESS.
     */
    public static final int CMD_SHORT_BUFFER = 101;
    /**
     * p0 VALUE_INPUT {@code a} ms, p1 NONE or VALUE_OUTPUT: {@code TEE_Wait} with cancellation
     * masked (answers its result, SUCCESS even when cancelled); then {@code a} = cancellation flag
     * after unmasking (1/0), {@code b} = the flag while still masked.
     */
    public static final int CMD_WAIT_MASKED = 102;
    /** {@code TEE_Malloc(16, TEE_MALLOC_NO_FILL)}: OP-TEE panics (code 0). */
    public static final int CMD_MALLOC_NO_FILL = 103;
    /**
     * p0, p1 VALUE_OUTPUT: opens a session on another os_test instance and makes it panic; p0
     * gets result and origin of that invoke, p1 those of a second invoke on the dead session. The
     * caller survives (TARGET_DEAD does not make it panic) and answers SUCCESS.
     */
    public static final int CMD_CALL_PANICKING_TA = 104;
    /** As {@link #CMD_TA2TA_MEMREF_MIX}, but done by itself's MIX on the forwarded parameters. */
    public static final int CMD_TA2TA_MEMREF_PARAMS = 105;
    /**
     * p0 MEMREF_INPUT {@code TEE_UUID} struct, p1 VALUE_OUTPUT: {@code TEE_OpenTASession} on that TA;
     * {@code a} = result, {@code b} = origin; a session that opened is closed again.
     */
    public static final int CMD_OPEN_TA_SESSION = 106;

    public static final int PANIC_CODE = 0xbeef;

    // ---- variants of CMD_BAD_MEM_ACCESS; 1–7 are xtest 1010's, with Java analogs for 3–5

    /** {@code *(uint32_t *)0 = 0}. */
    public static final int BAD_MEM_NULL_WRITE = 1;
    /** A write far from anything mapped. */
    public static final int BAD_MEM_WILD_WRITE = 2;
    /** A call through a NULL function pointer: here a method call on a null reference. */
    public static final int BAD_MEM_NULL_CALL = 3;
    /** A jump to a wild address: here an access to an unmapped address. */
    public static final int BAD_MEM_WILD_JUMP = 4;
    /** An undefined instruction: here an arithmetic trap (integer division by zero). */
    public static final int BAD_MEM_UNDEF_INSTR = 5;
    /** A read through the pointer {@code TEE_Malloc(0)} returned. */
    public static final int BAD_MEM_ZERO_SIZE_READ = 6;
    /** A write through the pointer {@code TEE_Malloc(0)} returned. */
    public static final int BAD_MEM_ZERO_SIZE_WRITE = 7;
    public static final int BAD_MEM_NULL_READ = 8;
    /** One byte past the end of a 16-byte heap block. */
    public static final int BAD_MEM_READ_PAST_BLOCK = 9;
    public static final int BAD_MEM_WRITE_PAST_BLOCK = 10;
    public static final int BAD_MEM_READ_AFTER_FREE = 11;
    public static final int BAD_MEM_WRITE_AFTER_FREE = 12;
    /** Needs p1 MEMREF_INPUT: writes its first byte. */
    public static final int BAD_MEM_WRITE_INPUT_MEMREF = 13;
    /** Needs p1 a memref: writes the byte at offset {@code size}. */
    public static final int BAD_MEM_WRITE_PAST_MEMREF = 14;
    /** Needs p1 a memref: reads the byte at offset {@code size}. */
    public static final int BAD_MEM_READ_PAST_MEMREF = 15;
    /** Unbounded recursion until the TA's stack is gone. */
    public static final int BAD_MEM_STACK_OVERFLOW = 16;
    /** {@code TEE_MemMove} of 32 bytes into a 16-byte block. */
    public static final int BAD_MEM_MEMMOVE_PAST_BLOCK = 17;
    public static final int BAD_MEM_WILD_READ = 18;
    /** {@code TEE_Free} of the same block twice. */
    public static final int BAD_MEM_DOUBLE_FREE = 19;
    /** TA code throws a Java exception that nobody catches. */
    public static final int BAD_MEM_THROW = 20;

    // ---- parts of CMD_BASIC (p1 a), 0 = all

    public static final int BASIC_MALLOC = 1;
    public static final int BASIC_MEMORY_FUNCTIONS = 1 << 1;
    public static final int BASIC_PROPERTIES = 1 << 2;
    public static final int BASIC_ACCESS_RIGHTS = 1 << 3;
    public static final int BASIC_TIME = 1 << 4;
    public static final int BASIC_RANDOM = 1 << 5;
    public static final int BASIC_TA2TA_ACCESS_RIGHTS = 1 << 6;

    /** optee_test's TA_STACK_SIZE and TA_DATA_SIZE for os_test. */
    public static final int STACK_SIZE = 8 * 1024;
    public static final int DATA_SIZE = 900 * 1024;

    /** {@code myprop.hello}: longer than 80 characters so that truncation shows. */
    public static final String HELLO_PROPERTY = "hello property, larger than 80 characters, so that it checks that it is"
            + " not truncated by anything in the source code which may be wrong";
    public static final TeeUuid PROP_UUID_123 = TeeUuid.of(1, 2, 3, new byte[8]);
    public static final Identity PROP_IDENTITY_1234 = new Identity(Login.USER, TeeUuid.of(2, 3, 4, new byte[8]));

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "os_test")
            .description("optee_test os_test TA: OS features, panics, bad accesses, TA-to-TA")
            .stackSize(STACK_SIZE)
            .dataSize(DATA_SIZE)
            .property("myprop.true", Boolean.TRUE)
            .property("myprop.42", 42)
            .property("myprop.123", PROP_UUID_123)
            .property("myprop.1234", PROP_IDENTITY_1234)
            .property("myprop.hello", HELLO_PROPERTY)
            .property("myprop.binaryblock", "Hello world!".getBytes(StandardCharsets.US_ASCII))
            .property("myprop.binaryblock.1byte-ones", ones(1))
            .property("myprop.binaryblock.2byte-ones", ones(2))
            .property("myprop.binaryblock.3byte-ones", ones(3))
            .property("myprop.binaryblock.4byte-ones", ones(4))
            .property("myprop.binaryblock.empty", new byte[0])
            .build();

    private static final int NO_PARAMS = 0;
    private static final int T_VALUE_IN = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
    private static final int T_MEMREF_OUT = ParamTypes.pack(ParamType.MEMREF_OUTPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
    private static final int T_MIX = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_INOUT, ParamType.MEMREF_OUTPUT, ParamType.NONE);
    private static final int T_IN_IN = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_INPUT, ParamType.NONE, ParamType.NONE);
    private static final int T_IN_IN_OUT_OUT =
            ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT, ParamType.MEMREF_OUTPUT);
    private static final int T_IDENTITY = ParamTypes.pack(ParamType.VALUE_OUTPUT, ParamType.MEMREF_OUTPUT, ParamType.NONE, ParamType.NONE);
    private static final int T_TWO_VALUES_OUT = ParamTypes.pack(ParamType.VALUE_OUTPUT, ParamType.VALUE_OUTPUT, ParamType.NONE, ParamType.NONE);
    private static final int T_UUID_REPORT = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.VALUE_OUTPUT, ParamType.NONE, ParamType.NONE);

    private static final byte[] ABC = {'a', 'b', 'c'};
    private static final byte[] SHA256_ABC = {
        (byte) 0xba, 0x78, 0x16, (byte) 0xbf, (byte) 0x8f, 0x01, (byte) 0xcf, (byte) 0xea,
        0x41, 0x41, 0x40, (byte) 0xde, 0x5d, (byte) 0xae, 0x22, 0x23,
        (byte) 0xb0, 0x03, 0x61, (byte) 0xa3, (byte) 0x96, 0x17, 0x7a, (byte) 0x9c,
        (byte) 0xb4, 0x10, (byte) 0xff, 0x61, (byte) 0xf2, 0x00, 0x15, (byte) 0xad
    };

    /** A failed self-check: becomes GENERIC plus the text, never leaves the entry point. */
    private static final class CheckFailed extends Exception {
        CheckFailed(String message) {
            super(message, null, false, false);
        }
    }

    private static void check(boolean condition, String what) throws CheckFailed {
        if (!condition) {
            throw new CheckFailed(what);
        }
    }

    private static void expect(TeeResult expected, TeeResult actual, String what) throws CheckFailed {
        if (!expected.equals(actual)) {
            throw new CheckFailed(what + ": expected " + expected + ", got " + actual);
        }
    }

    public OsTestTa() {
    }

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        TeeApi.unmaskCancellation();
        return switch (command) {
            case CMD_INIT -> TeeResult.SUCCESS;
            case CMD_CLIENT_WITH_TIMEOUT -> clientWithTimeout(params);
            case CMD_BASIC -> basic(params);
            case CMD_PANIC -> throw TeeApi.panic(params.types() == T_VALUE_IN ? params.value(0).a() : PANIC_CODE);
            case CMD_CLIENT -> selfCheck(params, OsTestTa::client);
            case CMD_PARAMS_ACCESS -> paramsAccess(params);
            case CMD_WAIT -> params.types() == T_VALUE_IN ? TeeApi.waitFor(params.value(0).a()) : TeeResult.BAD_PARAMETERS;
            case CMD_BAD_MEM_ACCESS -> badMemAccess(params);
            case CMD_TA2TA_MEMREF -> selfCheck(params, OsTestTa::ta2taMemref);
            case CMD_TA2TA_MEMREF_MIX -> memrefMix(params);
            case CMD_PARAMS -> paramsAllSet(params);
            case CMD_NULL_MEMREF_PARAMS -> nullMemrefParams(params);
            case CMD_CLIENT_IDENTITY -> clientIdentity(params);
            case CMD_TA2TA_MEMREF_SIZE0 -> ta2taMemrefSize0(params);
            case CMD_ECHO -> echo(params);
            case CMD_SHORT_BUFFER -> shortBuffer(params);
            case CMD_WAIT_MASKED -> waitMasked(params);
            case CMD_MALLOC_NO_FILL -> TeeApi.malloc(16, TeeApi.MALLOC_NO_FILL) == 0 ? TeeResult.OUT_OF_MEMORY : TeeResult.SUCCESS;
            case CMD_CALL_PANICKING_TA -> callPanickingTa(params);
            case CMD_TA2TA_MEMREF_PARAMS -> ta2taMemrefParams(params);
            case CMD_OPEN_TA_SESSION -> openTaSession(params);
            case CMD_TLS_TEST_MAIN, CMD_TLS_TEST_SHLIB -> TeeResult.NOT_SUPPORTED;
            case CMD_CXX_CTOR_MAIN, 26, 27, 28, CMD_CXX_EXC_MIXED -> TeeResult.NOT_SUPPORTED;
            case CMD_PAUTH_NOP, CMD_PAUTH_CORRUPT_PAC -> TeeResult.NOT_SUPPORTED;
            case CMD_MEMTAG_USE_AFTER_FREE, 34, 35, CMD_MEMTAG_BUFFER_OVERRUN -> TeeResult.NOT_SUPPORTED;
            case CMD_ASAN_STACK, 39, 40, 41, CMD_ASAN_MEMFUNC -> TeeResult.NOT_SUPPORTED;
            default -> TeeResult.BAD_PARAMETERS;
        };
    }

    // ---- self-checks with a failure text

    private interface Checks {
        void run(Params params) throws CheckFailed;
    }

    /** Runs {@code checks} for a command that takes no parameters or just p0 MEMREF_OUTPUT for the failure text. */
    private static TeeResult selfCheck(Params params, Checks checks) {
        boolean withText = params.types() == T_MEMREF_OUT;
        if (params.types() != NO_PARAMS && !withText) {
            return TeeResult.BAD_PARAMETERS;
        }
        try {
            checks.run(params);
            if (withText) {
                params.memref(0).size(0);
            }
            return TeeResult.SUCCESS;
        } catch (CheckFailed e) {
            if (withText) {
                writeText(params.memref(0), e.getMessage());
            }
            return TeeResult.GENERIC;
        }
    }

    private static void writeText(Memref out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, out.size());
        out.write(0, bytes, 0, n);
        out.size(n);
    }

    // ---- CMD_BASIC (xtest 1006)

    private static TeeResult basic(Params params) {
        ParamType p1 = params.type(1);
        ParamType p2 = params.type(2);
        if (params.type(0) != ParamType.MEMREF_INPUT
                || (p1 != ParamType.NONE && p1 != ParamType.VALUE_INPUT)
                || (p2 != ParamType.NONE && p2 != ParamType.MEMREF_OUTPUT)
                || params.type(3) != ParamType.NONE) {
            return TeeResult.BAD_PARAMETERS;
        }
        int parts = p1 == ParamType.VALUE_INPUT ? params.value(1).a() : 0;
        if (parts == 0) {
            parts = -1;
        }
        try {
            if ((parts & BASIC_MALLOC) != 0) {
                basicMalloc();
            }
            if ((parts & BASIC_MEMORY_FUNCTIONS) != 0) {
                basicMemoryFunctions();
            }
            if ((parts & BASIC_PROPERTIES) != 0) {
                basicProperties();
            }
            if ((parts & BASIC_ACCESS_RIGHTS) != 0) {
                basicAccessRights(params.memref(0));
            }
            if ((parts & BASIC_TIME) != 0) {
                basicTime();
            }
            if ((parts & BASIC_RANDOM) != 0) {
                basicRandom();
            }
            if ((parts & BASIC_TA2TA_ACCESS_RIGHTS) != 0) {
                basicTa2taAccessRights();
            }
        } catch (CheckFailed e) {
            if (p2 == ParamType.MEMREF_OUTPUT) {
                writeText(params.memref(2), e.getMessage());
            }
            return TeeResult.GENERIC;
        }
        if (p2 == ParamType.MEMREF_OUTPUT) {
            params.memref(2).size(0);
        }
        return TeeResult.SUCCESS;
    }

    private static void basicMalloc() throws CheckFailed {
        long p = TeeApi.malloc(4, TeeApi.MALLOC_FILL_ZERO);
        check(p != 0, "TEE_Malloc(4, 0) returned NULL");
        TeeApi.free(p);
        TeeApi.free(0);

        long z = TeeApi.malloc(64, TeeApi.MALLOC_FILL_ZERO);
        check(z != 0, "TEE_Malloc(64, FILL_ZERO) returned NULL");
        check(allBytes(z, 64, 0), "TEE_Malloc(FILL_ZERO) block is not zeroed");
        TeeApi.memFill(z, 0x5A, 64);
        long grown = TeeApi.realloc(z, 256);
        check(grown != 0, "TEE_Realloc(64 → 256) returned NULL");
        check(allBytes(grown, 64, 0x5A), "TEE_Realloc lost the block's content");
        long zeroSized = TeeApi.realloc(grown, 0);
        check(zeroSized != 0, "TEE_Realloc(p, 0) returned NULL instead of the zero-size pointer");
        TeeApi.free(zeroSized);

        long zero = TeeApi.malloc(0, TeeApi.MALLOC_FILL_ZERO);
        check(zero != 0, "TEE_Malloc(0) returned NULL instead of the zero-size pointer");
        TeeApi.free(zero);
        long fromZero = TeeApi.realloc(TeeApi.malloc(0, TeeApi.MALLOC_FILL_ZERO), 32);
        check(fromZero != 0, "TEE_Realloc(zero-size pointer, 32) returned NULL");
        check(allBytes(fromZero, 32, 0), "TEE_Realloc(zero-size pointer, 32) block is not zeroed");
        TeeApi.free(fromZero);

        long noShare = TeeApi.malloc(16, TeeApi.MALLOC_NO_SHARE);
        check(noShare != 0, "TEE_Malloc(16, NO_SHARE) returned NULL");
        check(allBytes(noShare, 16, 0), "TEE_Malloc(NO_SHARE) block is not zeroed");
        TeeApi.free(noShare);
        long noShareNoFill = TeeApi.malloc(16, TeeApi.MALLOC_NO_SHARE | TeeApi.MALLOC_NO_FILL);
        check(noShareNoFill != 0, "TEE_Malloc(16, NO_SHARE|NO_FILL) returned NULL");
        TeeApi.free(noShareNoFill);

        check(TeeApi.malloc(16, 0x10) == 0, "TEE_Malloc with an unknown hint did not return NULL");
        check(TeeApi.malloc(2L * DATA_SIZE, TeeApi.MALLOC_FILL_ZERO) == 0,
                "TEE_Malloc larger than the heap did not return NULL");
    }

    private static void basicMemoryFunctions() throws CheckFailed {
        long a = TeeApi.malloc(64, TeeApi.MALLOC_FILL_ZERO);
        long b = TeeApi.malloc(64, TeeApi.MALLOC_FILL_ZERO);
        check(a != 0 && b != 0, "TEE_Malloc(64) returned NULL");
        TeeApi.memFill(a, 0xAB, 64);
        check(allBytes(a, 64, 0xAB), "TEE_MemFill did not fill");
        TeeApi.memMove(b, a, 64);
        check(TeeApi.memCompare(a, b, 64) == 0, "TEE_MemCompare of equal blocks is not 0");
        TeeApi.putByte(b + 10, (byte) 0xAC);
        check(TeeApi.memCompare(a, b, 64) < 0, "TEE_MemCompare(0xAB.., 0xAC..) is not negative");
        check(TeeApi.memCompare(b, a, 64) > 0, "TEE_MemCompare(0xAC.., 0xAB..) is not positive");
        check(TeeApi.memCompare(a, b, 10) == 0, "TEE_MemCompare of equal prefixes is not 0");
        check(TeeApi.memCompare(a, b, 0) == 0, "TEE_MemCompare of 0 bytes is not 0");
        for (int i = 0; i < 64; i++) {
            TeeApi.putByte(a + i, (byte) i);
        }
        TeeApi.memMove(a + 1, a, 32);
        for (int i = 0; i < 32; i++) {
            check(TeeApi.getByte(a + 1 + i) == i, "TEE_MemMove of overlapping regions (forward) is wrong at " + i);
        }
        for (int i = 0; i < 64; i++) {
            TeeApi.putByte(a + i, (byte) i);
        }
        TeeApi.memMove(a, a + 1, 32);
        for (int i = 0; i < 32; i++) {
            check(TeeApi.getByte(a + i) == i + 1, "TEE_MemMove of overlapping regions (backward) is wrong at " + i);
        }
        TeeApi.memFill(a, 0x1FF, 4);
        check(allBytes(a, 4, 0xFF), "TEE_MemFill does not use the low byte of x");
        TeeApi.free(a);
        TeeApi.free(b);
    }

    private static void basicProperties() throws CheckFailed {
        Set<String> seen = new HashSet<>();
        for (PropSet set : PropSet.values()) {
            for (String name : TeeApi.propertyNames(set)) {
                check(seen.add(set + "/" + name), "property " + name + " enumerated twice in " + set);
                checkStringForms(set, name);
            }
        }
        String[] required = {
            "CURRENT_TA/gpd.ta.appID", "CURRENT_TA/gpd.ta.singleInstance", "CURRENT_TA/gpd.ta.multiSession",
            "CURRENT_TA/gpd.ta.instanceKeepAlive", "CURRENT_TA/gpd.ta.dataSize", "CURRENT_TA/gpd.ta.stackSize",
            "CURRENT_TA/gpd.ta.version", "CURRENT_TA/gpd.ta.description",
            "CURRENT_CLIENT/gpd.client.identity",
            "TEE_IMPLEMENTATION/gpd.tee.apiversion", "TEE_IMPLEMENTATION/gpd.tee.description",
            "TEE_IMPLEMENTATION/gpd.tee.deviceID", "TEE_IMPLEMENTATION/gpd.tee.systemTime.protectionLevel",
            "TEE_IMPLEMENTATION/gpd.tee.TAPersistentTime.protectionLevel",
            "TEE_IMPLEMENTATION/gpd.tee.arith.maxBigIntSize", "TEE_IMPLEMENTATION/gpd.tee.cryptography.ecc",
            "TEE_IMPLEMENTATION/gpd.tee.trustedStorage.antiRollback.protectionLevel",
            "TEE_IMPLEMENTATION/gpd.tee.trustedos.implementation.version",
            "TEE_IMPLEMENTATION/gpd.tee.trustedos.implementation.binaryversion",
            "TEE_IMPLEMENTATION/gpd.tee.trustedos.manufacturer",
            "TEE_IMPLEMENTATION/gpd.tee.firmware.implementation.version",
            "TEE_IMPLEMENTATION/gpd.tee.firmware.implementation.binaryversion",
            "TEE_IMPLEMENTATION/gpd.tee.firmware.manufacturer",
            "CURRENT_TA/myprop.true", "CURRENT_TA/myprop.42", "CURRENT_TA/myprop.123", "CURRENT_TA/myprop.1234",
            "CURRENT_TA/myprop.hello", "CURRENT_TA/myprop.binaryblock",
        };
        for (String r : required) {
            check(seen.contains(r), "property " + r + " not enumerated");
        }

        PropSet ta = PropSet.CURRENT_TA;
        PropSet tee = PropSet.TEE_IMPLEMENTATION;
        check(MANIFEST.uuid().equals(TeeApi.getPropertyAsUuid(ta, "gpd.ta.appID")), "gpd.ta.appID is not the TA's UUID");
        check(!TeeApi.getPropertyAsBool(ta, "gpd.ta.singleInstance"), "gpd.ta.singleInstance is not false");
        check(!TeeApi.getPropertyAsBool(ta, "gpd.ta.multiSession"), "gpd.ta.multiSession is not false");
        check(!TeeApi.getPropertyAsBool(ta, "gpd.ta.instanceKeepAlive"), "gpd.ta.instanceKeepAlive is not false");
        check(TeeApi.getPropertyAsU32(ta, "gpd.ta.dataSize") == DATA_SIZE, "gpd.ta.dataSize is not TA_DATA_SIZE");
        check(TeeApi.getPropertyAsU32(ta, "gpd.ta.stackSize") == STACK_SIZE, "gpd.ta.stackSize is not TA_STACK_SIZE");
        check(MANIFEST.description().equals(TeeApi.getPropertyAsString(ta, "gpd.ta.description")),
                "gpd.ta.description is not the manifest's");
        TeeApi.getPropertyAsIdentity(PropSet.CURRENT_CLIENT, "gpd.client.identity");
        TeeApi.getPropertyAsString(tee, "gpd.tee.apiversion");
        TeeApi.getPropertyAsUuid(tee, "gpd.tee.deviceID");
        TeeApi.getPropertyAsU32(tee, "gpd.tee.systemTime.protectionLevel");
        TeeApi.getPropertyAsU32(tee, "gpd.tee.TAPersistentTime.protectionLevel");
        TeeApi.getPropertyAsU32(tee, "gpd.tee.arith.maxBigIntSize");
        TeeApi.getPropertyAsBool(tee, "gpd.tee.cryptography.ecc");
        TeeApi.getPropertyAsU32(tee, "gpd.tee.trustedStorage.antiRollback.protectionLevel");
        TeeApi.getPropertyAsU32(tee, "gpd.tee.trustedos.implementation.binaryversion");
        TeeApi.getPropertyAsU32(tee, "gpd.tee.firmware.implementation.binaryversion");

        check(TeeApi.getPropertyAsBool(ta, "myprop.true"), "myprop.true is not true");
        check("true".equals(TeeApi.getPropertyAsString(ta, "myprop.true")), "myprop.true as string is not \"true\"");
        check(TeeApi.getPropertyAsU32(ta, "myprop.42") == 42, "myprop.42 is not 42");
        check("42".equals(TeeApi.getPropertyAsString(ta, "myprop.42")), "myprop.42 as string is not \"42\"");
        check(PROP_UUID_123.equals(TeeApi.getPropertyAsUuid(ta, "myprop.123")), "myprop.123 is not {1, 2, 3}");
        check(PROP_IDENTITY_1234.equals(TeeApi.getPropertyAsIdentity(ta, "myprop.1234")), "myprop.1234 is not {1, {2, 3, 4}}");
        check(HELLO_PROPERTY.equals(TeeApi.getPropertyAsString(ta, "myprop.hello")), "myprop.hello is truncated or wrong");
        check(java.util.Arrays.equals("Hello world!".getBytes(StandardCharsets.US_ASCII),
                TeeApi.getPropertyAsBinaryBlock(ta, "myprop.binaryblock")), "myprop.binaryblock is not \"Hello world!\"");
        check("SGVsbG8gd29ybGQh".equals(TeeApi.getPropertyAsString(ta, "myprop.binaryblock")),
                "myprop.binaryblock as string is not its base64");
        for (int n = 1; n <= 4; n++) {
            checkBinaryBlock("myprop.binaryblock." + n + "byte-ones", ones(n));
        }
        checkBinaryBlock("myprop.binaryblock.empty", new byte[0]);

        for (PropSet set : PropSet.values()) {
            expectThrown(TeeResult.ITEM_NOT_FOUND, () -> TeeApi.getPropertyAsString(set, "jtee.no.such.property"),
                    "GetPropertyAsString of a missing property in " + set);
            long buf = TeeApi.malloc(16, TeeApi.MALLOC_FILL_ZERO);
            PropertyRead r = TeeApi.getPropertyAsString(set, "jtee.no.such.property", buf, 16);
            expect(TeeResult.ITEM_NOT_FOUND, r.result(), "GetPropertyAsString into memory of a missing property in " + set);
            TeeApi.free(buf);
        }
        expectThrown(TeeResult.BAD_FORMAT, () -> TeeApi.getPropertyAsU32(ta, "myprop.hello"), "GetPropertyAsU32 of a string");
        expectThrown(TeeResult.BAD_FORMAT, () -> TeeApi.getPropertyAsBool(ta, "myprop.42"), "GetPropertyAsBool of a u32");
        expectThrown(TeeResult.BAD_FORMAT, () -> TeeApi.getPropertyAsUuid(ta, "myprop.true"), "GetPropertyAsUUID of a bool");
        expectThrown(TeeResult.BAD_FORMAT, () -> TeeApi.getPropertyAsIdentity(ta, "myprop.42"), "GetPropertyAsIdentity of a u32");
        expectThrown(TeeResult.BAD_FORMAT, () -> TeeApi.getPropertyAsU64(ta, "myprop.42"), "GetPropertyAsU64 of a u32");
    }

    /** The string form in memory: SHORT_BUFFER with the needed length for 1 and needed-1 bytes, then exact. */
    private static void checkStringForms(PropSet set, String name) throws CheckFailed {
        String value = TeeApi.getPropertyAsString(set, name);
        byte[] expected = value.getBytes(StandardCharsets.UTF_8);
        int needed = expected.length + 1;
        long buf = TeeApi.malloc(needed, TeeApi.MALLOC_FILL_ZERO);
        check(buf != 0, "TEE_Malloc for property " + name + " returned NULL");
        if (needed > 2) {
            PropertyRead small = TeeApi.getPropertyAsString(set, name, buf, 1);
            expect(TeeResult.SHORT_BUFFER, small.result(), "GetPropertyAsString(" + name + ") into 1 byte");
            check(small.length() == needed, "GetPropertyAsString(" + name + ") into 1 byte reports " + small.length()
                    + ", needs " + needed);
        }
        PropertyRead almost = TeeApi.getPropertyAsString(set, name, buf, needed - 1);
        expect(TeeResult.SHORT_BUFFER, almost.result(), "GetPropertyAsString(" + name + ") one byte short");
        check(almost.length() == needed, "GetPropertyAsString(" + name + ") one byte short reports " + almost.length()
                + ", needs " + needed);
        PropertyRead exact = TeeApi.getPropertyAsString(set, name, buf, needed);
        expect(TeeResult.SUCCESS, exact.result(), "GetPropertyAsString(" + name + ") with the exact length");
        check(exact.length() == needed, "GetPropertyAsString(" + name + ") reports " + exact.length()
                + " instead of strlen + 1 = " + needed);
        byte[] got = new byte[needed];
        TeeApi.read(buf, got, 0, needed);
        check(got[needed - 1] == 0, "GetPropertyAsString(" + name + ") is not NUL-terminated");
        check(java.util.Arrays.equals(expected, java.util.Arrays.copyOf(got, expected.length)),
                "GetPropertyAsString(" + name + ") into memory differs from the Java form");
        TeeApi.free(buf);
    }

    private static void checkBinaryBlock(String name, byte[] expected) throws CheckFailed {
        PropSet ta = PropSet.CURRENT_TA;
        check(java.util.Arrays.equals(expected, TeeApi.getPropertyAsBinaryBlock(ta, name)), name + " has the wrong bytes");
        long buf = TeeApi.malloc(8, TeeApi.MALLOC_FILL_ZERO);
        if (expected.length > 0) {
            PropertyRead none = TeeApi.getPropertyAsBinaryBlock(ta, name, buf, 0);
            expect(TeeResult.SHORT_BUFFER, none.result(), "GetPropertyAsBinaryBlock(" + name + ") into 0 bytes");
            check(none.length() == expected.length, "GetPropertyAsBinaryBlock(" + name + ") into 0 bytes reports "
                    + none.length() + ", needs " + expected.length);
        }
        PropertyRead exact = TeeApi.getPropertyAsBinaryBlock(ta, name, buf, expected.length);
        expect(TeeResult.SUCCESS, exact.result(), "GetPropertyAsBinaryBlock(" + name + ") with the exact length");
        check(exact.length() == expected.length, "GetPropertyAsBinaryBlock(" + name + ") reports " + exact.length());
        byte[] got = new byte[expected.length];
        TeeApi.read(buf, got, 0, got.length);
        check(java.util.Arrays.equals(expected, got), "GetPropertyAsBinaryBlock(" + name + ") into memory has the wrong bytes");
        TeeApi.free(buf);
    }

    private interface Call {
        void run();
    }

    private static void expectThrown(TeeResult expected, Call call, String what) throws CheckFailed {
        try {
            call.run();
        } catch (TeeException e) {
            expect(expected, e.result(), what);
            return;
        }
        throw new CheckFailed(what + ": expected " + expected + ", got success");
    }

    private static void basicAccessRights(Memref input) throws CheckFailed {
        final int r = TeeApi.ACCESS_READ;
        final int w = TeeApi.ACCESS_WRITE;
        final int any = TeeApi.ACCESS_ANY_OWNER;
        check(input.size() > 0, "CMD_BASIC wants a non-empty MEMREF_INPUT in p0");
        expect(TeeResult.SUCCESS, TeeApi.checkMemoryAccessRights(r | any, input.address(), input.size()),
                "CheckMemoryAccessRights(READ|ANY_OWNER) on an input parameter");
        expect(TeeResult.ACCESS_DENIED, TeeApi.checkMemoryAccessRights(r, input.address(), input.size()),
                "CheckMemoryAccessRights(READ) on a parameter without ANY_OWNER");
        expect(TeeResult.ACCESS_DENIED, TeeApi.checkMemoryAccessRights(r | w | any, input.address(), input.size()),
                "CheckMemoryAccessRights(WRITE|ANY_OWNER) on an INPUT parameter");

        long block = TeeApi.malloc(64, TeeApi.MALLOC_FILL_ZERO);
        check(block != 0, "TEE_Malloc(64) returned NULL");
        expect(TeeResult.SUCCESS, TeeApi.checkMemoryAccessRights(r | w, block, 64),
                "CheckMemoryAccessRights(READ|WRITE) on a heap block");
        expect(TeeResult.SUCCESS, TeeApi.checkMemoryAccessRights(r | w, block + 8, 16),
                "CheckMemoryAccessRights(READ|WRITE) inside a heap block");
        expect(TeeResult.ACCESS_DENIED, TeeApi.checkMemoryAccessRights(r, block, 64 + 4096),
                "CheckMemoryAccessRights(READ) past a heap block");
        TeeApi.free(block);
        expect(TeeResult.ACCESS_DENIED, TeeApi.checkMemoryAccessRights(r, block, 64),
                "CheckMemoryAccessRights(READ) on a freed heap block");

        expect(TeeResult.ACCESS_DENIED, TeeApi.checkMemoryAccessRights(r, 0, 1),
                "CheckMemoryAccessRights(READ) on NULL");
        expect(TeeResult.SUCCESS, TeeApi.checkMemoryAccessRights(r | w, 0, 0),
                "CheckMemoryAccessRights of size 0");
    }

    private static void basicTime() throws CheckFailed {
        TeeTime t1 = TeeApi.getSystemTime();
        check(t1.millis() >= 0 && t1.millis() < 1000, "TEE_GetSystemTime millis out of range: " + t1.millis());
        expect(TeeResult.SUCCESS, TeeApi.waitFor(5), "TEE_Wait(5)");
        TeeTime t2 = TeeApi.getSystemTime();
        check(t2.millis() >= 0 && t2.millis() < 1000, "TEE_GetSystemTime millis out of range: " + t2.millis());
        check(t2.toMillis() >= t1.toMillis(), "TEE_GetSystemTime went backwards: " + t1 + " then " + t2);
    }

    private static void basicRandom() throws CheckFailed {
        long a = TeeApi.malloc(32, TeeApi.MALLOC_FILL_ZERO);
        long b = TeeApi.malloc(32, TeeApi.MALLOC_FILL_ZERO);
        check(a != 0 && b != 0, "TEE_Malloc(32) returned NULL");
        TeeApi.generateRandom(a, 32);
        TeeApi.generateRandom(b, 32);
        check(!allBytes(a, 32, 0), "TEE_GenerateRandom left 32 zero bytes");
        check(TeeApi.memCompare(a, b, 32) != 0, "TEE_GenerateRandom gave the same 32 bytes twice");
        TeeApi.generateRandom(a, 0);
        TeeApi.free(a);
        TeeApi.free(b);
    }

    /** The caller side of os_test's access-rights check: a heap buffer and a null memref to itself. */
    private static void basicTa2taAccessRights() throws CheckFailed {
        long buf = TeeApi.malloc(32, TeeApi.MALLOC_FILL_ZERO);
        check(buf != 0, "TEE_Malloc(32) returned NULL");
        TaSessionHandle self = open(MANIFEST.uuid(), "itself");
        try {
            TeeApi.invokeTACommand(self, TeeApi.TIMEOUT_INFINITE, CMD_PARAMS_ACCESS, TaParams.none()
                    .memref(0, ParamType.MEMREF_INPUT, buf, 32)
                    .memref(1, ParamType.MEMREF_INPUT, 0, 0));
        } catch (TeeException e) {
            throw new CheckFailed("PARAMS_ACCESS on itself (heap buffer, null memref): " + e.getMessage());
        } finally {
            TeeApi.closeTASession(self);
            TeeApi.free(buf);
        }
    }

    private static TaSessionHandle open(TeeUuid uuid, String what) throws CheckFailed {
        try {
            return TeeApi.openTASession(uuid, TeeApi.TIMEOUT_INFINITE, TaParams.none());
        } catch (TeeException e) {
            throw new CheckFailed("TEE_OpenTASession(" + what + "): " + e.getMessage());
        }
    }

    // ---- the callee sides

    private static TeeResult paramsAccess(Params params) {
        if (params.types() != T_IN_IN) {
            return TeeResult.BAD_PARAMETERS;
        }
        Memref p0 = params.memref(0);
        TeeResult res = TeeApi.checkMemoryAccessRights(TeeApi.ACCESS_READ | TeeApi.ACCESS_ANY_OWNER, p0.address(), p0.size());
        if (!res.isSuccess()) {
            return res;
        }
        if (!TeeResult.ACCESS_DENIED.equals(TeeApi.checkMemoryAccessRights(TeeApi.ACCESS_READ, p0.address(), p0.size()))) {
            return TeeResult.GENERIC;
        }
        Memref p1 = params.memref(1);
        if (p1.address() != 0 || p1.size() != 0) {
            return TeeResult.BAD_PARAMETERS;
        }
        return TeeResult.SUCCESS;
    }

    private static TeeResult memrefMix(Params params) {
        if (params.types() != T_MIX) {
            return TeeResult.BAD_PARAMETERS;
        }
        Memref in = params.memref(0);
        Memref inout = params.memref(1);
        Memref out = params.memref(2);
        int size = in.size();
        if (inout.size() != size || out.size() != size) {
            return TeeResult.BAD_PARAMETERS;
        }
        for (int i = 0; i < size; i++) {
            byte v = (byte) (inout.get(i) + 1);
            inout.put(i, v);
            out.put(i, (byte) (v + in.get(i)));
        }
        return TeeResult.SUCCESS;
    }

    private static TeeResult paramsAllSet(Params params) {
        if (params.types() != T_IN_IN_OUT_OUT) {
            return TeeResult.BAD_PARAMETERS;
        }
        for (int i = 0; i < ParamTypes.COUNT; i++) {
            if (params.memref(i).address() == 0 || params.memref(i).size() == 0) {
                return TeeResult.BAD_PARAMETERS;
            }
        }
        return TeeResult.SUCCESS;
    }

    private static TeeResult nullMemrefParams(Params params) {
        if (params.types() != T_IN_IN_OUT_OUT) {
            return TeeResult.BAD_PARAMETERS;
        }
        Memref p0 = params.memref(0);
        Memref p1 = params.memref(1);
        Memref p2 = params.memref(2);
        Memref p3 = params.memref(3);
        if (p0.address() == 0 || p0.size() != 0 || p1.address() != 0 || p1.size() != 0
                || p2.address() == 0 || p2.size() != 0 || p3.address() != 0 || p3.size() != 0) {
            return TeeResult.BAD_PARAMETERS;
        }
        return TeeResult.SUCCESS;
    }

    private static TeeResult clientIdentity(Params params) {
        if (params.types() != T_IDENTITY) {
            return TeeResult.BAD_PARAMETERS;
        }
        Memref out = params.memref(1);
        if (out.size() < 16) {
            out.size(16);
            return TeeResult.SHORT_BUFFER;
        }
        Identity id = TeeApi.getPropertyAsIdentity(PropSet.CURRENT_CLIENT, "gpd.client.identity");
        params.value(0).a(id.login().value());
        byte[] uuid = NativeUuid.toBytes(id.uuid());
        out.write(0, uuid, 0, uuid.length);
        out.size(uuid.length);
        return TeeResult.SUCCESS;
    }

    // ---- TA-to-TA

    private static TeeResult clientWithTimeout(Params params) {
        if (params.types() != T_VALUE_IN) {
            return TeeResult.BAD_PARAMETERS;
        }
        int millis = params.value(0).a();
        TaSessionHandle self;
        try {
            self = TeeApi.openTASession(MANIFEST.uuid(), TeeApi.TIMEOUT_INFINITE, TaParams.none());
        } catch (TeeException e) {
            return e.result();
        }
        TeeResult res;
        try {
            TeeApi.invokeTACommand(self, Integer.divideUnsigned(millis, 2), CMD_WAIT,
                    TaParams.none().value(0, ParamType.VALUE_INPUT, millis, 0));
            res = TeeResult.GENERIC;
        } catch (TeeException e) {
            res = e.result().equals(TeeResult.CANCEL) && e.origin() == Origin.TRUSTED_APP
                    ? TeeResult.SUCCESS : TeeResult.GENERIC;
        }
        TeeApi.closeTASession(self);
        return res;
    }

    private static void client(Params params) throws CheckFailed {
        // values: hello_world
        TaSessionHandle hello = open(TeeUuid.parse(HelloWorldTa.UUID), "hello_world");
        try {
            TaParams p = TaParams.none().value(0, ParamType.VALUE_INOUT, 42, 0);
            TeeApi.invokeTACommand(hello, TeeApi.TIMEOUT_INFINITE, HelloWorldTa.CMD_INC_VALUE, p);
            check(p.a(0) == 43, "hello_world INC_VALUE(42) gave " + p.a(0));
            TeeApi.invokeTACommand(hello, TeeApi.TIMEOUT_INFINITE, HelloWorldTa.CMD_DEC_VALUE, p);
            check(p.a(0) == 42, "hello_world DEC_VALUE(43) gave " + p.a(0));
        } catch (TeeException e) {
            throw new CheckFailed("hello_world: " + e.getMessage());
        } finally {
            TeeApi.closeTASession(hello);
        }

        // memrefs into this TA's heap: the concurrent TA's SHA-256 of "abc"
        long shm = TeeApi.malloc(ConcurrentTa.SHM_SIZE, TeeApi.MALLOC_FILL_ZERO);
        long in = TeeApi.malloc(ABC.length, TeeApi.MALLOC_FILL_ZERO);
        long out = TeeApi.malloc(64, TeeApi.MALLOC_FILL_ZERO);
        check(shm != 0 && in != 0 && out != 0, "TEE_Malloc returned NULL");
        TeeApi.write(in, ABC, 0, ABC.length);
        TaSessionHandle concurrent = open(TeeUuid.parse(ConcurrentTa.UUID), "concurrent");
        try {
            TaParams p = TaParams.none()
                    .memref(0, ParamType.MEMREF_INOUT, shm, ConcurrentTa.SHM_SIZE)
                    .value(1, ParamType.VALUE_INOUT, 1, 0)
                    .memref(2, ParamType.MEMREF_INPUT, in, ABC.length)
                    .memref(3, ParamType.MEMREF_OUTPUT, out, 64);
            TeeApi.invokeTACommand(concurrent, TeeApi.TIMEOUT_INFINITE, ConcurrentTa.CMD_SHA256, p);
            check(p.size(3) == ConcurrentTa.SHA256_SIZE, "SHA-256 output size written back is " + p.size(3));
            byte[] digest = new byte[ConcurrentTa.SHA256_SIZE];
            TeeApi.read(out, digest, 0, digest.length);
            check(java.util.Arrays.equals(SHA256_ABC, digest), "SHA-256(\"abc\") through TA-to-TA is wrong");
        } catch (TeeException e) {
            throw new CheckFailed("concurrent SHA-256: " + e.getMessage());
        } finally {
            TeeApi.closeTASession(concurrent);
            TeeApi.free(shm);
            TeeApi.free(in);
            TeeApi.free(out);
        }

        // the callee sees this TA as its client
        long uuid = TeeApi.malloc(16, TeeApi.MALLOC_FILL_ZERO);
        TaSessionHandle self = open(MANIFEST.uuid(), "itself");
        try {
            TaParams p = TaParams.none()
                    .value(0, ParamType.VALUE_OUTPUT, 0, 0)
                    .memref(1, ParamType.MEMREF_OUTPUT, uuid, 16);
            TeeApi.invokeTACommand(self, TeeApi.TIMEOUT_INFINITE, CMD_CLIENT_IDENTITY, p);
            check(p.a(0) == Login.TRUSTED_APP.value(), "a TA client's login is " + TeeResult.hex(p.a(0))
                    + ", not TEE_LOGIN_TRUSTED_APP");
            byte[] got = new byte[16];
            TeeApi.read(uuid, got, 0, 16);
            check(MANIFEST.uuid().equals(NativeUuid.fromBytes(got)), "a TA client's identity UUID is "
                    + NativeUuid.fromBytes(got) + ", not the calling TA's");
        } catch (TeeException e) {
            throw new CheckFailed("CLIENT_IDENTITY on itself: " + e.getMessage());
        } finally {
            TeeApi.closeTASession(self);
            TeeApi.free(uuid);
        }
    }

    private static final int TA2TA_BUF_SIZE = 2 * 1024;

    private static void ta2taMemref(Params params) throws CheckFailed {
        long in = TeeApi.malloc(TA2TA_BUF_SIZE, TeeApi.MALLOC_FILL_ZERO);
        long inout = TeeApi.malloc(TA2TA_BUF_SIZE, TeeApi.MALLOC_FILL_ZERO);
        long out = TeeApi.malloc(TA2TA_BUF_SIZE, TeeApi.MALLOC_FILL_ZERO);
        check(in != 0 && inout != 0 && out != 0, "TEE_Malloc(2 KiB) returned NULL");
        TeeApi.memFill(in, 5, TA2TA_BUF_SIZE);
        TeeApi.memFill(inout, 10, TA2TA_BUF_SIZE);
        TaSessionHandle self = open(MANIFEST.uuid(), "itself");
        try {
            TaParams p = TaParams.none()
                    .memref(0, ParamType.MEMREF_INPUT, in, TA2TA_BUF_SIZE)
                    .memref(1, ParamType.MEMREF_INOUT, inout, TA2TA_BUF_SIZE)
                    .memref(2, ParamType.MEMREF_OUTPUT, out, TA2TA_BUF_SIZE);
            // out = ++inout + in: 5, 11, 16; then all + 1: 6, 12, 17; then again: 6, 13, 19
            TeeApi.invokeTACommand(self, TeeApi.TIMEOUT_INFINITE, CMD_TA2TA_MEMREF_MIX, p);
            for (int i = 0; i < TA2TA_BUF_SIZE; i++) {
                TeeApi.putByte(in + i, (byte) (TeeApi.getByte(in + i) + 1));
                TeeApi.putByte(inout + i, (byte) (TeeApi.getByte(inout + i) + 1));
                TeeApi.putByte(out + i, (byte) (TeeApi.getByte(out + i) + 1));
            }
            TeeApi.invokeTACommand(self, TeeApi.TIMEOUT_INFINITE, CMD_TA2TA_MEMREF_MIX, p);
            for (int i = 0; i < TA2TA_BUF_SIZE; i++) {
                int a = TeeApi.getByte(in + i);
                int b = TeeApi.getByte(inout + i);
                int c = TeeApi.getByte(out + i);
                check(a == 6 && b == 13 && c == 19, "after two MIX calls byte " + i + " is in " + a + ", inout " + b
                        + ", out " + c + " instead of 6, 13, 19");
            }
        } catch (TeeException e) {
            throw new CheckFailed("MIX on itself: " + e.getMessage());
        } finally {
            TeeApi.closeTASession(self);
            TeeApi.free(in);
            TeeApi.free(inout);
            TeeApi.free(out);
        }
    }

    /** Forwards this TA's own parameters to another os_test instance's MIX. */
    private static TeeResult forwardMix(Params params) {
        TaSessionHandle self;
        try {
            self = TeeApi.openTASession(MANIFEST.uuid(), TeeApi.TIMEOUT_INFINITE, TaParams.none());
        } catch (TeeException e) {
            return e.result();
        }
        try {
            TeeApi.invokeTACommand(self, TeeApi.TIMEOUT_INFINITE, CMD_TA2TA_MEMREF_MIX, TaParams.none()
                    .memref(0, ParamType.MEMREF_INPUT, params.memref(0).address(), params.memref(0).size())
                    .memref(1, ParamType.MEMREF_INOUT, params.memref(1).address(), params.memref(1).size())
                    .memref(2, ParamType.MEMREF_OUTPUT, params.memref(2).address(), params.memref(2).size()));
            return TeeResult.SUCCESS;
        } catch (TeeException e) {
            return e.result();
        } finally {
            TeeApi.closeTASession(self);
        }
    }

    private static TeeResult ta2taMemrefSize0(Params params) {
        if (params.types() != T_MIX) {
            return TeeResult.BAD_PARAMETERS;
        }
        for (int i = 0; i < 3; i++) {
            if (params.memref(i).address() == 0 || params.memref(i).size() != 0) {
                return TeeResult.BAD_PARAMETERS;
            }
        }
        return forwardMix(params);
    }

    private static TeeResult ta2taMemrefParams(Params params) {
        if (params.types() != T_MIX) {
            return TeeResult.BAD_PARAMETERS;
        }
        return forwardMix(params);
    }

    private static TeeResult callPanickingTa(Params params) {
        if (params.types() != T_TWO_VALUES_OUT) {
            return TeeResult.BAD_PARAMETERS;
        }
        TaSessionHandle peer;
        try {
            peer = TeeApi.openTASession(MANIFEST.uuid(), TeeApi.TIMEOUT_INFINITE, TaParams.none());
        } catch (TeeException e) {
            return e.result();
        }
        reportInvoke(peer, CMD_PANIC, params.value(0));
        reportInvoke(peer, CMD_INIT, params.value(1));
        TeeApi.closeTASession(peer);
        return TeeResult.SUCCESS;
    }

    private static void reportInvoke(TaSessionHandle peer, int command, Value report) {
        try {
            TeeApi.invokeTACommand(peer, TeeApi.TIMEOUT_INFINITE, command, TaParams.none());
            report.a(TeeResult.SUCCESS.code());
            report.b(Origin.TRUSTED_APP.value());
        } catch (TeeException e) {
            report.a(e.result().code());
            report.b(e.origin().value());
        }
    }

    private static TeeResult openTaSession(Params params) {
        if (params.types() != T_UUID_REPORT || params.memref(0).size() != 16) {
            return TeeResult.BAD_PARAMETERS;
        }
        TeeUuid uuid = NativeUuid.fromBytes(params.memref(0).toByteArray());
        Value report = params.value(1);
        try {
            TaSessionHandle s = TeeApi.openTASession(uuid, TeeApi.TIMEOUT_INFINITE, TaParams.none());
            report.a(TeeResult.SUCCESS.code());
            report.b(Origin.TRUSTED_APP.value());
            TeeApi.closeTASession(s);
        } catch (TeeException e) {
            report.a(e.result().code());
            report.b(e.origin().value());
        }
        return TeeResult.SUCCESS;
    }

    // ---- parameters

    private static TeeResult echo(Params params) {
        int firstInput = -1;
        long sum = 0;
        long length = 0;
        for (int i = 0; i < ParamTypes.COUNT; i++) {
            ParamType t = params.type(i);
            if (t == null) {
                return TeeResult.BAD_PARAMETERS;
            }
            if (t == ParamType.MEMREF_INPUT || t == ParamType.MEMREF_INOUT) {
                Memref m = params.memref(i);
                for (int k = 0; k < m.size(); k++) {
                    sum += m.get(k) & 0xFF;
                }
                length += m.size();
                if (t == ParamType.MEMREF_INPUT && firstInput < 0) {
                    firstInput = i;
                }
            }
        }
        boolean shortBuffer = false;
        for (int i = 0; i < ParamTypes.COUNT; i++) {
            switch (params.type(i)) {
                case VALUE_INOUT -> {
                    Value v = params.value(i);
                    v.a(v.a() + 1);
                    v.b(v.b() + 1);
                }
                case VALUE_OUTPUT -> {
                    params.value(i).a((int) sum);
                    params.value(i).b((int) length);
                }
                case MEMREF_INOUT -> {
                    Memref m = params.memref(i);
                    for (int k = 0; k < m.size(); k++) {
                        m.put(k, (byte) (m.get(k) + 1));
                    }
                }
                case MEMREF_OUTPUT -> {
                    Memref out = params.memref(i);
                    if (firstInput < 0) {
                        for (int k = 0; k < out.size(); k++) {
                            out.put(k, (byte) (0xA0 + i));
                        }
                    } else {
                        byte[] src = params.memref(firstInput).toByteArray();
                        if (out.size() < src.length) {
                            out.size(src.length);
                            shortBuffer = true;
                        } else {
                            out.write(0, src, 0, src.length);
                            out.size(src.length);
                        }
                    }
                }
                default -> {
                }
            }
        }
        return shortBuffer ? TeeResult.SHORT_BUFFER : TeeResult.SUCCESS;
    }

    private static TeeResult shortBuffer(Params params) {
        if (params.types() != ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.MEMREF_OUTPUT, ParamType.NONE, ParamType.NONE)) {
            return TeeResult.BAD_PARAMETERS;
        }
        int needed = params.value(0).a();
        Memref out = params.memref(1);
        if (Integer.toUnsignedLong(out.size()) < Integer.toUnsignedLong(needed)) {
            out.size(Integer.toUnsignedLong(needed));
            return TeeResult.SHORT_BUFFER;
        }
        for (int i = 0; i < needed; i++) {
            out.put(i, (byte) i);
        }
        out.size(needed);
        return TeeResult.SUCCESS;
    }

    private static TeeResult waitMasked(Params params) {
        ParamType p1 = params.type(1);
        if (params.type(0) != ParamType.VALUE_INPUT || (p1 != ParamType.NONE && p1 != ParamType.VALUE_OUTPUT)
                || params.type(2) != ParamType.NONE || params.type(3) != ParamType.NONE) {
            return TeeResult.BAD_PARAMETERS;
        }
        TeeApi.maskCancellation();
        TeeResult res = TeeApi.waitFor(params.value(0).a());
        boolean whileMasked = TeeApi.getCancellationFlag();
        TeeApi.unmaskCancellation();
        boolean afterUnmask = TeeApi.getCancellationFlag();
        if (p1 == ParamType.VALUE_OUTPUT) {
            params.value(1).a(afterUnmask ? 1 : 0);
            params.value(1).b(whileMasked ? 1 : 0);
        }
        return res;
    }

    // ---- bad accesses (xtest 1010): none of these returns

    private static TeeResult badMemAccess(Params params) {
        ParamType p1 = params.type(1);
        if (params.type(0) != ParamType.VALUE_INPUT
                || (p1 != ParamType.NONE && p1 != ParamType.MEMREF_INPUT && p1 != ParamType.MEMREF_OUTPUT
                    && p1 != ParamType.MEMREF_INOUT)
                || params.type(2) != ParamType.NONE || params.type(3) != ParamType.NONE) {
            return TeeResult.BAD_PARAMETERS;
        }
        int variant = params.value(0).a();
        switch (variant) {
            case BAD_MEM_NULL_WRITE -> TeeApi.putByte(0, (byte) 0);
            case BAD_MEM_WILD_WRITE -> TeeApi.putByte(wildAddress(), (byte) 0);
            case BAD_MEM_NULL_CALL -> {
                Runnable function = nullFunction();
                function.run();
            }
            case BAD_MEM_WILD_JUMP, BAD_MEM_WILD_READ -> TeeApi.getByte(wildAddress());
            case BAD_MEM_UNDEF_INSTR -> {
                int zero = params.value(0).b() & 0;
                return TeeResult.of(variant / zero);
            }
            case BAD_MEM_ZERO_SIZE_READ -> TeeApi.getByte(TeeApi.malloc(0, TeeApi.MALLOC_FILL_ZERO));
            case BAD_MEM_ZERO_SIZE_WRITE -> TeeApi.putByte(TeeApi.malloc(0, TeeApi.MALLOC_FILL_ZERO), (byte) 0);
            case BAD_MEM_NULL_READ -> TeeApi.getByte(0);
            case BAD_MEM_READ_PAST_BLOCK -> TeeApi.getByte(block16() + 16);
            case BAD_MEM_WRITE_PAST_BLOCK -> TeeApi.putByte(block16() + 16, (byte) 0);
            case BAD_MEM_READ_AFTER_FREE -> {
                long b = block16();
                TeeApi.free(b);
                TeeApi.getByte(b);
            }
            case BAD_MEM_WRITE_AFTER_FREE -> {
                long b = block16();
                TeeApi.free(b);
                TeeApi.putByte(b, (byte) 1);
            }
            case BAD_MEM_WRITE_INPUT_MEMREF -> {
                if (p1 != ParamType.MEMREF_INPUT || params.memref(1).size() == 0) {
                    return TeeResult.BAD_PARAMETERS;
                }
                params.memref(1).put(0, (byte) 0x55);
            }
            case BAD_MEM_WRITE_PAST_MEMREF -> {
                if (p1 == ParamType.NONE) {
                    return TeeResult.BAD_PARAMETERS;
                }
                params.memref(1).put(params.memref(1).size(), (byte) 0x55);
            }
            case BAD_MEM_READ_PAST_MEMREF -> {
                if (p1 == ParamType.NONE) {
                    return TeeResult.BAD_PARAMETERS;
                }
                params.memref(1).get(params.memref(1).size());
            }
            case BAD_MEM_STACK_OVERFLOW -> recurse(0);
            case BAD_MEM_MEMMOVE_PAST_BLOCK -> {
                long src = TeeApi.malloc(32, TeeApi.MALLOC_FILL_ZERO);
                TeeApi.memMove(block16(), src, 32);
            }
            case BAD_MEM_DOUBLE_FREE -> {
                long b = block16();
                TeeApi.free(b);
                TeeApi.free(b);
            }
            case BAD_MEM_THROW -> throw new IllegalStateException("os_test: TA code throws on purpose");
            default -> {
                return TeeResult.SUCCESS;
            }
        }
        // Reached only if the access did not fault: the test sees SUCCESS instead of TARGET_DEAD.
        return TeeResult.SUCCESS;
    }

    /** Far from the heap, the stack and the parameters, like the C TA's {@code stack + 0x40000000}. */
    private static long wildAddress() {
        long b = block16();
        return b + 0x4000_0000L;
    }

    private static long block16() {
        long b = TeeApi.malloc(16, TeeApi.MALLOC_FILL_ZERO);
        if (b == 0) {
            throw TeeApi.panic(TeeResult.OUT_OF_MEMORY);
        }
        return b;
    }

    private static Runnable nullFunction() {
        return null;
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    // ---- helpers

    private static boolean allBytes(long address, int size, int value) {
        for (int i = 0; i < size; i++) {
            if (TeeApi.getByte(address + i) != (byte) value) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ones(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 0xFF);
        return b;
    }
}
