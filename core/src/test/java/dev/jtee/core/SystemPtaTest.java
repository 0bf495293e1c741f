package dev.jtee.core;

import static dev.jtee.core.Client.assertResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.TaParams;
import dev.jtee.ta.TaSessionHandle;
import dev.jtee.ta.TeeApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OP-TEE's system pseudo-TA (core/pta/system.c; pta_system.h's UUID, commands and size limits):
 * TA unique keys from the HUK, RNG entropy, and what a TEE without ldelf answers.
 */
class SystemPtaTest {
    static final String A = "99999999-0000-0000-0000-00000000000a";
    static final String B = "99999999-0000-0000-0000-00000000000b";
    static final byte[] HUK = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    static final int CALL = 100;

    @TempDir
    Path dir;
    final ScriptTa.Script a = new ScriptTa.Script();
    final ScriptTa.Script b = new ScriptTa.Script();
    Client c;

    @BeforeEach
    void start() throws Exception {
        Files.write(dir.resolve("huk.bin"), HUK);
        Files.setPosixFilePermissions(dir.resolve("huk.bin"), PosixFilePermissions.fromString("rw-------"));
        c = startWorld();
    }

    private Client startWorld() {
        return Client.start(w -> w.threads(1).storageDir(dir)
                .ta(() -> a.newTa(TestTa.manifest(A, "a", 0)))
                .ta(() -> b.newTa(TestTa.manifest(B, "b", 0))));
    }

    @AfterEach
    void stop() {
        c.world.close();
    }

    /** OP-TEE's huk_subkey_derive(HUK_SUBKEY_UNIQUE_TA = 3, TEE_UUID ‖ extra): the expected key, computed here. */
    static byte[] expected(String ta, byte[] extra, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HUK, "HmacSHA256"));
        mac.update(new byte[] {3, 0, 0, 0});
        mac.update(uuidStruct(TeeUuid.parse(ta)));
        return Arrays.copyOf(mac.doFinal(extra), length);
    }

    /** A C TEE_UUID as it lies in a little-endian machine's memory. */
    static byte[] uuidStruct(TeeUuid u) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(u.timeLow()).putShort((short) u.timeMid()).putShort((short) u.timeHiAndVersion()).put(u.clockSeqAndNode());
        return b.array();
    }

    private void run(ScriptTa.Script script, String ta, ScriptTa.Body body) {
        script.on(CALL, body);
        int s = c.openOk(ta);
        CallFrame f = c.invoke(s, CALL);
        script.rethrow();
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        c.close(s);
    }

    private static TaSessionHandle openSystem() {
        return TeeApi.openTASession(TeeUuid.parse(SystemPta.UUID), TeeApi.TIMEOUT_INFINITE, TaParams.none());
    }

    /** DERIVE_TA_UNIQUE_KEY from the calling TA, extra data in its heap; the key or the error. */
    private static byte[] derive(TaSessionHandle h, byte[] extra, int keySize) {
        long in = TeeApi.malloc(Math.max(1, extra.length), TeeApi.MALLOC_FILL_ZERO);
        long out = TeeApi.malloc(Math.max(1, keySize), TeeApi.MALLOC_FILL_ZERO);
        try {
            TeeApi.write(in, extra, 0, extra.length);
            TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, SystemPta.DERIVE_TA_UNIQUE_KEY, TaParams.none()
                    .memref(0, ParamType.MEMREF_INPUT, in, extra.length)
                    .memref(1, ParamType.MEMREF_OUTPUT, out, keySize));
            byte[] key = new byte[keySize];
            TeeApi.read(out, key, 0, keySize);
            return key;
        } finally {
            TeeApi.free(in);
            TeeApi.free(out);
        }
    }

    private static TeeResult failure(Runnable r) {
        TeeException e = assertThrows(TeeException.class, r::run);
        assertEquals(Origin.TRUSTED_APP, e.origin(), "the pseudo-TA's own answer");
        return e.result();
    }

    @Test
    void aClientMayNotOpenIt() {
        CallFrame f = c.open(SystemPta.UUID);
        assertResult(TeeResult.ACCESS_DENIED, Origin.TRUSTED_APP, f);
    }

    @Test
    void theTaUniqueKeyIsTheHukSubkeyOfTheCallersUuidAndExtraData() throws Exception {
        byte[] extra = "xtest 4013".getBytes();
        AtomicReference<byte[]> fromA = new AtomicReference<>();
        run(a, A, (session, params) -> {
            TaSessionHandle h = openSystem();
            byte[] k32 = derive(h, extra, 32);
            assertArrayEquals(assertDoesNotThrowExpected(A, extra, 32), k32);
            assertArrayEquals(Arrays.copyOf(k32, 16), derive(h, extra, 16), "a shorter key is the same MAC cut shorter");
            assertArrayEquals(assertDoesNotThrowExpected(A, new byte[0], 32), derive(h, new byte[0], 32), "no extra data");
            assertFalse(Arrays.equals(k32, derive(h, "other".getBytes(), 32)));
            fromA.set(k32);
            TeeApi.closeTASession(h);
            return TeeResult.SUCCESS;
        });
        run(b, B, (session, params) -> {
            TaSessionHandle h = openSystem();
            byte[] k = derive(h, extra, 32);
            assertFalse(Arrays.equals(fromA.get(), k), "another TA gets another key");
            assertArrayEquals(assertDoesNotThrowExpected(B, extra, 32), k);
            TeeApi.closeTASession(h);
            return TeeResult.SUCCESS;
        });
        // a restart with the same HUK gives the TA the same key
        c.world.close();
        c = startWorld();
        run(a, A, (session, params) -> {
            TaSessionHandle h = openSystem();
            assertArrayEquals(fromA.get(), derive(h, extra, 32));
            TeeApi.closeTASession(h);
            return TeeResult.SUCCESS;
        });
    }

    private static byte[] assertDoesNotThrowExpected(String ta, byte[] extra, int length) {
        try {
            return expected(ta, extra, length);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sizesAndTypesOutsidePtaSystemHsLimitsAreBadParameters() {
        run(a, A, (session, params) -> {
            TaSessionHandle h = openSystem();
            assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> derive(h, new byte[0], SystemPta.KEY_MIN_SIZE - 1)));
            assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> derive(h, new byte[0], SystemPta.KEY_MAX_SIZE + 1)));
            assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> derive(h, new byte[SystemPta.EXTRA_DATA_MAX_SIZE + 1], 32)));
            derive(h, new byte[SystemPta.EXTRA_DATA_MAX_SIZE], 32); // the limit itself is fine
            assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE,
                    SystemPta.DERIVE_TA_UNIQUE_KEY, TaParams.none().value(0, ParamType.VALUE_INPUT, 1, 2))));
            TeeApi.closeTASession(h);
            return TeeResult.SUCCESS;
        });
    }

    /** xtest 4013's negative case: the crypt TA passes its client's output buffer on; OP-TEE answers SECURITY. */
    @Test
    void aKeyIsNeverWrittenIntoTheClientsSharedMemory() {
        a.on(CALL, (session, params) -> {
            TaSessionHandle h = openSystem();
            TaParams p = TaParams.none()
                    .memref(0, ParamType.MEMREF_INPUT, params.memref(0).address(), params.memref(0).size())
                    .memref(1, ParamType.MEMREF_OUTPUT, params.memref(1).address(), params.memref(1).size());
            TeeResult r = failure(() -> TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, SystemPta.DERIVE_TA_UNIQUE_KEY, p));
            // the client's input buffer is fine as extra data, as in OP-TEE: only the key's destination is checked
            long out = TeeApi.malloc(32, TeeApi.MALLOC_FILL_ZERO);
            TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, SystemPta.DERIVE_TA_UNIQUE_KEY, TaParams.none()
                    .memref(0, ParamType.MEMREF_INPUT, params.memref(0).address(), params.memref(0).size())
                    .memref(1, ParamType.MEMREF_OUTPUT, out, 32));
            TeeApi.free(out);
            TeeApi.closeTASession(h);
            return r;
        });
        int s = c.openOk(A);
        CallFrame f = new CallFrame();
        f.session = s;
        f.command = CALL;
        f.paramTypes = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT, ParamType.NONE, ParamType.NONE);
        f.buffer[0] = new byte[32];
        f.size[0] = 32;
        f.buffer[1] = new byte[32];
        f.size[1] = 32;
        assertEquals(SecureWorldPort.OK, c.world.invokeCommand(f));
        a.rethrow();
        assertResult(TeeResult.SECURITY, Origin.TRUSTED_APP, f);
        assertArrayEquals(new byte[32], f.buffer[1], "nothing written into the client's buffer");
    }

    @Test
    void entropyIsAcceptedAndAnEmptyBufferIsNot() {
        run(a, A, (session, params) -> {
            TaSessionHandle h = openSystem();
            long in = TeeApi.malloc(32, TeeApi.MALLOC_FILL_ZERO);
            TeeApi.memFill(in, 0x5a, 32);
            TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, SystemPta.ADD_RNG_ENTROPY,
                    TaParams.none().memref(0, ParamType.MEMREF_INPUT, in, 32));
            assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE,
                    SystemPta.ADD_RNG_ENTROPY, TaParams.none().memref(0, ParamType.MEMREF_INPUT, in, 0))));
            // the RNG still gives distinct output after the seeding
            long r1 = TeeApi.malloc(16, 0);
            long r2 = TeeApi.malloc(16, 0);
            TeeApi.generateRandom(r1, 16);
            TeeApi.generateRandom(r2, 16);
            assertEquals(false, TeeApi.memCompare(r1, r2, 16) == 0);
            TeeApi.free(in);
            TeeApi.free(r1);
            TeeApi.free(r2);
            TeeApi.closeTASession(h);
            return TeeResult.SUCCESS;
        });
    }

    @Test
    void whatNeedsLdelfATpmOrPluginsIsNotSupportedAndUnknownCommandsAreNotImplemented() {
        run(a, A, (session, params) -> {
            TaSessionHandle h = openSystem();
            long buf = TeeApi.malloc(16, TeeApi.MALLOC_FILL_ZERO);
            TaParams uuid = TaParams.none().memref(0, ParamType.MEMREF_INPUT, buf, 16).value(1, ParamType.VALUE_INPUT, 0, 0);
            assertEquals(TeeResult.NOT_SUPPORTED, failure(() -> TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, SystemPta.DLOPEN, uuid)));
            assertEquals(TeeResult.NOT_SUPPORTED, failure(() -> TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE,
                    SystemPta.GET_TPM_EVENT_LOG, TaParams.none().memref(0, ParamType.MEMREF_OUTPUT, buf, 16))));
            assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE,
                    SystemPta.GET_TPM_EVENT_LOG, TaParams.none())));
            assertEquals(TeeResult.NOT_IMPLEMENTED, failure(() -> TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, 99, TaParams.none())));
            TeeApi.free(buf);
            TeeApi.closeTASession(h);
            return TeeResult.SUCCESS;
        });
    }
}
