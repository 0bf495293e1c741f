package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rest of GP 6's operation functions, TA persistent time and asymmetric crypto from a C TA (issue 17):
 * the gpops test TA (ta-native/ta/gpops) runs known answers and GP error-code checks in the TA through the
 * real TA host, each call served by the world's engine; a failed check answers GENERIC with the TA source
 * line in p0.a. Panics are checked where libutee panics.
 */
class NativeGpOpsTest {
    static final String GPOPS = "9c0a17e0-0017-4e6e-8a7f-6a7b1e5c0d17";
    static final int KEY2 = 0;
    static final int COPY = 1;
    static final int EXTRACT = 2;
    static final int SUPPORTED = 3;
    static final int TIME_GET = 4;
    static final int TIME_SET = 5;
    static final int TIME_WRAP = 6;
    static final int PANIC_COPY = 7;
    static final int PANIC_TIME = 8;
    static final int PANIC_EXTRACT = 9;
    static final int PANIC_INFO = 10;
    static final int RSA = 11;
    static final int ECDSA = 12;
    static final int ECDH = 13;
    static final int ED25519 = 14;
    static final int X25519 = 15;
    static final int KDF = 16;
    static final int BENCH_GCM = 17;
    static final int BENCH_WRITE = 18;
    static final int SYSTEM_PTA = 19;
    static final int AE_SHORT = 20;
    static final int SM2_KEP = 21;

    static Client c;
    static final List<PanicReport> panics = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        c = world();
        c.world.onPanic(panics::add);
    }

    @AfterAll
    static void stop() {
        c.close();
    }

    private static Client world() {
        Path home = Path.of(System.getProperty(NativeRuntime.HOME_PROPERTY));
        List<String> console = new CopyOnWriteArrayList<>();
        return Client.of(Client.builder(console).taDir(home.resolve("ta")), console);
    }

    /** p0 value out, p1 value in/out (a, b). */
    private static CallFrame call(Client w, int session, int command, int a, int b) {
        CallFrame f = new CallFrame();
        f.session = session;
        f.command = command;
        f.paramTypes = ParamTypes.pack(ParamType.VALUE_OUTPUT, ParamType.VALUE_INOUT, ParamType.NONE, ParamType.NONE);
        f.valueA[1] = a;
        f.valueB[1] = b;
        w.world.invokeCommand(f);
        return f;
    }

    private static void passes(int command) {
        int s = c.openOk(GPOPS);
        CallFrame f = call(c, s, command, 0, 0);
        assertEquals(TeeResult.SUCCESS.code(), f.result,
                "command " + command + ": " + TeeResult.of(f.result) + " at line " + f.valueA[0] + "\n" + c.consoleText());
        c.close(s);
    }

    private static void panics(int command, TeeResult code, String line) {
        panics(command, code.code(), line);
    }

    private static void panics(int command, int code, String line) {
        int before = panics.size();
        int s = c.openOk(GPOPS);
        CallFrame f = call(c, s, command, 0, 0);
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, f);
        assertTrue(panics.size() > before, "a panic report");
        assertEquals(code, panics.get(panics.size() - 1).code(), c.consoleText());
        if (line != null) {
            assertTrue(c.consoleHas(line), c.consoleText());
        }
        c.close(s);
    }

    @Test
    void setOperationKey2AesXtsKatSecurityAndInfoMultiple() {
        passes(KEY2);
    }

    @Test
    void copyOperationMidStreamForDigestMacCipherAndAe() {
        passes(COPY);
    }

    @Test
    void digestExtractInPiecesOfAFixedDigestAndAnXof() {
        passes(EXTRACT);
    }

    @Test
    void isAlgorithmSupportedWithAndWithoutCurves() {
        passes(SUPPORTED);
    }

    /** libutee's TEE_CopyOperation: TEE_Panic(0) for operations of different algorithms or modes. */
    /** libutee's TEE_AEEncryptFinal writes back every length it finds short (xtest 4017's AE subcases). */
    @Test
    void aeEncryptFinalReportsBothShortLengths() {
        passes(AE_SHORT);
    }

    @Test
    void copyBetweenAlgorithmsPanics() {
        panics(PANIC_COPY, 0, "TEE_CopyOperation between operations of different algorithms");
    }

    /** libutee: TEE_SetTAPersistentTime lets only OUT_OF_MEMORY and STORAGE_NO_SPACE through; the core's BAD_PARAMETERS panics. */
    @Test
    void aTimeNotNormalisedPanics() {
        panics(PANIC_TIME, TeeResult.BAD_PARAMETERS, null);
    }

    /** libutee: TEE_DigestDoFinal with input in the extracting state is BAD_PARAMETERS, which it panics for. */
    @Test
    void inputAfterDigestExtractPanics() {
        panics(PANIC_EXTRACT, TeeResult.BAD_PARAMETERS, "TEE_DigestDoFinal with input after TEE_DigestExtract");
    }

    @Test
    void infoMultipleBelowTheFixedPartPanics() {
        panics(PANIC_INFO, TeeResult.BAD_PARAMETERS, "TEE_GetOperationInfoMultiple");
    }

    @Test
    void rsaOaepPkcs1EncryptDecryptPssPkcs1SignVerify() {
        passes(RSA);
    }

    @Test
    void ecdsaP256SignVerify() {
        passes(ECDSA);
    }

    @Test
    void ecdhP256Rfc5903() {
        passes(ECDH);
    }

    @Test
    void ed25519Rfc8032() {
        passes(ED25519);
    }

    @Test
    void x25519Rfc7748() {
        passes(X25519);
    }

    /** The confirmation TEE_DeriveKey computes reaches the C TA's CONFIRMATION_OUT buffer, as OP-TEE's syscall writes it. */
    @Test
    void sm2KeyExchangeGmt00035B2WithTheConfirmationWrittenBack() {
        passes(SM2_KEP);
    }

    @Test
    void hkdfRfc5869AndPbkdf2Rfc6070() {
        passes(KDF);
    }

    /**
     * OP-TEE (tee_time_generic.c): TIME_NOT_SET (time zeroed) until the TA sets it; then the time set plus
     * the time since, kept by the core per TA across the TA's instances.
     */
    @Test
    void taPersistentTimeIsNotSetThenKeptAcrossInstances() {
        try (Client w = world()) {
            int s = w.openOk(GPOPS);
            CallFrame f = call(w, s, TIME_GET, 0, 0);
            Client.assertResult(TeeResult.TIME_NOT_SET, Origin.TRUSTED_APP, f);
            assertEquals(0, f.valueA[1]);
            assertEquals(0, f.valueB[1]);
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, call(w, s, TIME_SET, 1_000_000, 250));
            w.close(s); // the single instance ends: the time stays with the world
            s = w.openOk(GPOPS);
            f = call(w, s, TIME_GET, 0, 0);
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
            long millis = f.valueA[1] * 1000L + f.valueB[1];
            assertTrue(millis >= 1_000_000_250L, "never before the time set: " + millis);
            assertTrue(f.valueB[1] < 1000);
            w.close(s);
        }
    }

    /** The bench's commands (bench/NativeCryptoBenchmark) do what they say: the JDK's AES-GCM, an overwritable object. */
    @Test
    void benchCommandsEncryptAsTheJdkAndOverwrite() throws Exception {
        byte[] plain = new byte[64 << 10];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i * 13);
        }
        int s = c.openOk(GPOPS);
        for (int round = 0; round < 2; round++) { // the second call reuses the TA's prepared operation
            CallFrame f = new CallFrame();
            f.session = s;
            f.command = BENCH_GCM;
            f.paramTypes = ParamTypes.pack(ParamType.VALUE_OUTPUT, ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT,
                    ParamType.MEMREF_INOUT);
            f.buffer[1] = plain;
            f.size[1] = plain.length;
            f.buffer[2] = new byte[plain.length];
            f.size[2] = plain.length;
            f.buffer[3] = new byte[16];
            f.size[3] = 16;
            c.world.invokeCommand(f);
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
            javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(new byte[16], "AES"),
                    new javax.crypto.spec.GCMParameterSpec(128, new byte[12]));
            byte[] expected = jdk.doFinal(plain);
            byte[] got = java.util.Arrays.copyOf(f.buffer[2], plain.length + 16);
            System.arraycopy(f.buffer[3], 0, got, plain.length, 16);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, got);
        }
        for (int round = 0; round < 2; round++) {
            CallFrame f = new CallFrame();
            f.session = s;
            f.command = BENCH_WRITE;
            f.paramTypes = ParamTypes.pack(ParamType.VALUE_OUTPUT, ParamType.MEMREF_INPUT, ParamType.MEMREF_INPUT,
                    ParamType.NONE);
            f.buffer[1] = "bench-object".getBytes();
            f.size[1] = f.buffer[1].length;
            f.buffer[2] = new byte[1024];
            f.size[2] = 1024;
            c.world.invokeCommand(f);
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        }
        c.close(s);
    }

    /** OP-TEE: a TA time past 2^32 seconds is OVERFLOW with the wrapped value. */
    @Test
    void taPersistentTimeOverflowsWithTheWrappedValue() {
        int s = c.openOk(GPOPS);
        CallFrame f = call(c, s, TIME_WRAP, 0, 0);
        assertEquals(TeeResult.SUCCESS.code(), f.result, "line " + f.valueA[0] + "\n" + c.consoleText());
        c.close(s);
    }

    /**
     * The system PTA from C (xtest 4012/4013 as the crypt TA drives it): the TA unique key is the HUK
     * subkey of the C TA's UUID and the client's extra data, never written into the client's buffer.
     */
    @Test
    void systemPtaTaUniqueKeyAndEntropyFromC(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.write(dir.resolve("huk.bin"), SystemPtaTest.HUK);
        java.nio.file.Files.setPosixFilePermissions(dir.resolve("huk.bin"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        List<String> console = new CopyOnWriteArrayList<>();
        Path home = Path.of(System.getProperty(NativeRuntime.HOME_PROPERTY));
        Client w = Client.of(Client.builder(console).taDir(home.resolve("ta")).storageDir(dir), console);
        try {
            int s = w.openOk(GPOPS);
            CallFrame f = new CallFrame();
            f.session = s;
            f.command = SYSTEM_PTA;
            f.paramTypes = ParamTypes.pack(ParamType.VALUE_OUTPUT, ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT, ParamType.NONE);
            byte[] extra = "extra data from the client".getBytes();
            f.buffer[1] = extra;
            f.size[1] = extra.length;
            f.buffer[2] = new byte[32];
            f.size[2] = 32;
            w.world.invokeCommand(f);
            assertEquals(TeeResult.SUCCESS.code(), f.result, "line " + f.valueA[0] + "\n" + w.consoleText());
            org.junit.jupiter.api.Assertions.assertArrayEquals(SystemPtaTest.expected(GPOPS, extra, 32), f.buffer[2]);
            w.close(s);
        } finally {
            w.world.close();
        }
    }
}
