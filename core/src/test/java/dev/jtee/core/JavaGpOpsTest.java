package dev.jtee.core;

import static dev.jtee.core.Client.assertResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.ObjectHandle;
import dev.jtee.ta.OperationHandle;
import dev.jtee.ta.OperationInfoMultiple;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TeeAttribute;
import dev.jtee.ta.TeeDefines;
import dev.jtee.ta.TeeTime;
import dev.jtee.ta.TimeOverflowException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java TA API's share of what the C gpops TA checks (NativeGpOpsTest): TEE_CopyOperation,
 * TEE_GetOperationInfoMultiple, TEE_IsAlgorithmSupported, the TA persistent time and SM2 key
 * exchange's CONFIRMATION_OUT, served by the same engine and clock as the C path.
 */
class JavaGpOpsTest {
    static final String TA = "99999999-0000-0000-0000-0000000000c0";
    static final String OTHER = "99999999-0000-0000-0000-0000000000c1";
    static final int CALL = 100;
    /** SHA-256("abc"), FIPS 180-2 appendix B.1. */
    static final byte[] SHA256_ABC = HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    final ScriptTa.Script script = new ScriptTa.Script();
    final ScriptTa.Script other = new ScriptTa.Script();
    final List<PanicReport> panics = new CopyOnWriteArrayList<>();
    Client c;

    @BeforeEach
    void start() {
        c = Client.start(b -> b.threads(1)
                .ta(() -> script.newTa(TestTa.manifest(TA, "gpops_java", 0)))
                .ta(() -> other.newTa(TestTa.manifest(OTHER, "other", 0))));
        c.world.onPanic(panics::add);
    }

    @AfterEach
    void stop() {
        c.world.close();
    }

    private CallFrame call(ScriptTa.Script s, String ta, ScriptTa.Body body) {
        s.on(CALL, body);
        int session = c.openOk(ta);
        CallFrame f = c.invoke(session, CALL);
        s.rethrow();
        return f;
    }

    private void passes(ScriptTa.Body body) {
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, call(script, TA, body));
    }

    private static long bytes(byte[] b) {
        long p = TeeApi.malloc(Math.max(1, b.length), TeeApi.MALLOC_FILL_ZERO);
        TeeApi.write(p, b, 0, b.length);
        return p;
    }

    private static byte[] read(long p, int n) {
        byte[] b = new byte[n];
        TeeApi.read(p, b, 0, n);
        return b;
    }

    @Test
    void copyOperationMidStreamGivesTheSameDigestFromBothCopies() {
        passes((session, params) -> {
            OperationHandle a = TeeApi.allocateOperation(TeeDefines.ALG_SHA256, TeeDefines.MODE_DIGEST, 0);
            OperationHandle b = TeeApi.allocateOperation(TeeDefines.ALG_SHA256, TeeDefines.MODE_DIGEST, 0);
            long in = bytes("abc".getBytes());
            long out = TeeApi.malloc(32, 0);
            TeeApi.digestUpdate(a, in, 1);
            TeeApi.copyOperation(b, a);
            assertEquals(TeeDefines.OPERATION_STATE_ACTIVE, TeeApi.getOperationInfoMultiple(b).operationState());
            assertEquals(32, TeeApi.digestDoFinal(a, in + 1, 2, out, 32));
            assertArrayEquals(SHA256_ABC, read(out, 32));
            assertEquals(32, TeeApi.digestDoFinal(b, in + 1, 2, out, 32), "the copy goes on from where the source was");
            assertArrayEquals(SHA256_ABC, read(out, 32));
            TeeApi.freeOperation(a);
            TeeApi.freeOperation(b);
            return TeeResult.SUCCESS;
        });
    }

    /** libutee's TEE_CopyOperation: TEE_Panic(0) between operations of different algorithms. */
    @Test
    void copyBetweenAlgorithmsPanics() {
        CallFrame f = call(script, TA, (session, params) -> {
            OperationHandle a = TeeApi.allocateOperation(TeeDefines.ALG_SHA256, TeeDefines.MODE_DIGEST, 0);
            OperationHandle b = TeeApi.allocateOperation(TeeDefines.ALG_SHA1, TeeDefines.MODE_DIGEST, 0);
            TeeApi.copyOperation(b, a);
            return TeeResult.SUCCESS;
        });
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, f);
        assertEquals(0, panics.get(0).code());
    }

    @Test
    void operationInfoMultipleListsEachKey() {
        passes((session, params) -> {
            OperationHandle digest = TeeApi.allocateOperation(TeeDefines.ALG_SHA256, TeeDefines.MODE_DIGEST, 0);
            OperationInfoMultiple d = TeeApi.getOperationInfoMultiple(digest);
            assertEquals(TeeDefines.ALG_SHA256, d.algorithm());
            assertEquals(TeeDefines.OPERATION_DIGEST, d.operationClass());
            assertEquals(32, d.digestLength());
            assertEquals(TeeDefines.OPERATION_STATE_INITIAL, d.operationState());
            assertEquals(List.of(), d.keyInformation(), "a digest takes no key");

            OperationHandle xts = TeeApi.allocateOperation(TeeDefines.ALG_AES_XTS, TeeDefines.MODE_ENCRYPT, 256);
            ObjectHandle k1 = aesKey((byte) 1);
            ObjectHandle k2 = aesKey((byte) 2);
            TeeApi.setOperationKey2(xts, k1, k2);
            OperationInfoMultiple x = TeeApi.getOperationInfoMultiple(xts);
            assertEquals(TeeDefines.OPERATION_CIPHER, x.operationClass());
            assertEquals(256, x.maxKeySize());
            assertTrue((x.handleState() & TeeDefines.HANDLE_FLAG_KEY_SET) != 0);
            assertEquals(List.of(new OperationInfoMultiple.KeyInformation(128, TeeDefines.USAGE_ENCRYPT),
                    new OperationInfoMultiple.KeyInformation(128, TeeDefines.USAGE_ENCRYPT)), x.keyInformation());
            return TeeResult.SUCCESS;
        });
    }

    private static ObjectHandle aesKey(byte fill) {
        ObjectHandle k = TeeApi.allocateTransientObject(TeeDefines.TYPE_AES, 128);
        byte[] v = new byte[16];
        java.util.Arrays.fill(v, fill);
        TeeApi.populateTransientObject(k, new TeeAttribute(TeeDefines.ATTR_SECRET_VALUE, v, 0, 0));
        return k;
    }

    @Test
    void isAlgorithmSupportedWithAndWithoutCurves() {
        passes((session, params) -> {
            assertTrue(TeeApi.isAlgorithmSupported(TeeDefines.ALG_SHA256, TeeDefines.CRYPTO_ELEMENT_NONE));
            assertTrue(TeeApi.isAlgorithmSupported(TeeDefines.ALG_AES_XTS, TeeDefines.CRYPTO_ELEMENT_NONE));
            assertTrue(TeeApi.isAlgorithmSupported(TeeDefines.ALG_ECDSA_P256, TeeDefines.ECC_CURVE_NIST_P256));
            assertFalse(TeeApi.isAlgorithmSupported(0x7fff_0000, TeeDefines.CRYPTO_ELEMENT_NONE));
            return TeeResult.SUCCESS;
        });
    }

    @Test
    void taPersistentTimeIsNotSetThenSetAndPerTa() {
        passes((session, params) -> {
            TeeException e = assertThrows(TeeException.class, TeeApi::getTAPersistentTime);
            assertEquals(TeeResult.TIME_NOT_SET, e.result());
            TeeApi.setTAPersistentTime(new TeeTime(1_000_000, 500));
            TeeTime t = TeeApi.getTAPersistentTime();
            // the time runs on from what was set: the TA's clock, not the system's
            assertTrue(t.seconds() >= 1_000_000 && t.seconds() < 1_000_000 + 600, t.toString());
            return TeeResult.SUCCESS;
        });
        // kept by the world for the TA, across its instances; another TA has none
        passes((session, params) -> {
            assertTrue(TeeApi.getTAPersistentTime().seconds() >= 1_000_000);
            return TeeResult.SUCCESS;
        });
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, call(other, OTHER, (session, params) -> {
            assertEquals(TeeResult.TIME_NOT_SET, assertThrows(TeeException.class, TeeApi::getTAPersistentTime).result());
            return TeeResult.SUCCESS;
        }));
    }

    /** OP-TEE: a TA time past 2^32 seconds is OVERFLOW with the wrapped value (as the C gpops TA's TIME_WRAP). */
    @Test
    void taPersistentTimeOverflowsWithTheWrappedValue() {
        passes((session, params) -> {
            TeeApi.setTAPersistentTime(new TeeTime(0xffff_ffffL, 999));
            TeeTime t = null;
            // the TA's clock passes 2^32 seconds at the next millisecond: waiting in the TA is what is tested
            for (int i = 0; i < 1000 && t == null; i++) {
                TeeApi.waitFor(2);
                try {
                    TeeApi.getTAPersistentTime();
                } catch (TimeOverflowException overflow) {
                    t = overflow.time();
                    assertEquals(TeeResult.OVERFLOW, overflow.result());
                }
            }
            assertTrue(t != null && t.seconds() < 60, "wrapped to a small time: " + t);
            return TeeResult.SUCCESS;
        });
    }

    /** libutee: TEE_SetTAPersistentTime lets only OUT_OF_MEMORY and STORAGE_NO_SPACE through; the core's BAD_PARAMETERS panics. */
    @Test
    void aTimeNotNormalisedPanics() {
        CallFrame f = call(script, TA, (session, params) -> {
            TeeApi.setTAPersistentTime(new TeeTime(5, 1000));
            return TeeResult.SUCCESS;
        });
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, f);
        assertEquals(TeeResult.BAD_PARAMETERS.code(), panics.get(0).code());
    }

    /** A generated SM2 key pair and its public point (32-byte X and Y). */
    private record Sm2Key(ObjectHandle pair, byte[] x, byte[] y) {
        static Sm2Key generate() {
            ObjectHandle k = TeeApi.allocateTransientObject(TeeDefines.TYPE_SM2_KEP_KEYPAIR, 256);
            TeeApi.generateKey(k, 256);
            return new Sm2Key(k, attribute(k, TeeDefines.ATTR_ECC_PUBLIC_VALUE_X), attribute(k, TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y));
        }

        private static byte[] attribute(ObjectHandle k, int id) {
            long p = TeeApi.malloc(32, 0);
            return read(p, TeeApi.getObjectBufferAttribute(k, id, p, 32));
        }
    }

    private static final byte[] SM2_ID = "1234567812345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int SM2_KEY_BYTES = 16;

    /** What one side of an SM2 key exchange got: the shared key, and the params array it passed. */
    private record Sm2Side(byte[] key, TeeAttribute[] params) {
        /** The CONFIRMATION_OUT entry, last in {@link #params}. */
        TeeAttribute confirmationOut() {
            return params[params.length - 1];
        }
    }

    /**
     * One side of an SM2 key exchange in a Java TA, as xtest 4014 runs it, with a 32-byte
     * CONFIRMATION_OUT last; {@code confirmationIn}, if not null, is the peer's, which must check
     * out or the TA panics.
     */
    private static Sm2Side sm2Derive(boolean initiator, Sm2Key own, Sm2Key ownEphemeral, Sm2Key peer, Sm2Key peerEphemeral,
                                     byte[] confirmationIn) {
        OperationHandle op = TeeApi.allocateOperation(TeeDefines.ALG_SM2_KEP, TeeDefines.MODE_DERIVE, 512);
        TeeApi.setOperationKey2(op, own.pair(), ownEphemeral.pair());
        List<TeeAttribute> ps = new java.util.ArrayList<>(List.of(
                TeeApi.initValueAttribute(TeeDefines.ATTR_SM2_KEP_USER, initiator ? 0 : 1, 0),
                TeeApi.initRefAttribute(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X, peer.x()),
                TeeApi.initRefAttribute(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y, peer.y()),
                TeeApi.initRefAttribute(TeeDefines.ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X, peerEphemeral.x()),
                TeeApi.initRefAttribute(TeeDefines.ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_Y, peerEphemeral.y()),
                TeeApi.initRefAttribute(TeeDefines.ATTR_SM2_ID_INITIATOR, SM2_ID),
                TeeApi.initRefAttribute(TeeDefines.ATTR_SM2_ID_RESPONDER, SM2_ID)));
        if (confirmationIn != null) {
            ps.add(TeeApi.initRefAttribute(TeeDefines.ATTR_SM2_KEP_CONFIRMATION_IN, confirmationIn));
        }
        ps.add(TeeApi.initRefAttribute(TeeDefines.ATTR_SM2_KEP_CONFIRMATION_OUT, new byte[32]));
        TeeAttribute[] params = ps.toArray(TeeAttribute[]::new);
        // OP-TEE reads the key length in bytes from the derived object's maximum size
        ObjectHandle secret = TeeApi.allocateTransientObject(TeeDefines.TYPE_GENERIC_SECRET, SM2_KEY_BYTES);
        TeeApi.deriveKey(op, params, secret);
        long out = TeeApi.malloc(SM2_KEY_BYTES, 0);
        return new Sm2Side(read(out, TeeApi.getObjectBufferAttribute(secret, TeeDefines.ATTR_SECRET_VALUE, out, SM2_KEY_BYTES)),
                params);
    }

    /**
     * OP-TEE's TEE_DeriveKey for TEE_ALG_SM2_KEP copies the confirmation out into the TA's
     * CONFIRMATION_OUT buffer (xtest 4014 passes it to the peer); a Java TA finds it in the params
     * array. Each side's confirmation is the one the other accepts (a wrong one panics, as storage's
     * Sm2KeyExchangeTest shows on GM/T 0003.5's vectors).
     */
    @Test
    void sm2KeyExchangeGivesAJavaTaItsConfirmation() {
        passes((session, params) -> {
            Sm2Key a = Sm2Key.generate();
            Sm2Key ea = Sm2Key.generate();
            Sm2Key b = Sm2Key.generate();
            Sm2Key eb = Sm2Key.generate();
            Sm2Side responder = sm2Derive(false, b, eb, a, ea, null);
            byte[] confB = responder.confirmationOut().buffer();
            assertEquals(TeeDefines.ATTR_SM2_KEP_CONFIRMATION_OUT, responder.confirmationOut().id());
            assertFalse(java.util.Arrays.equals(new byte[32], confB), "S_B written back");
            assertArrayEquals(SM2_ID, responder.params()[5].buffer(), "the other entries stay as they were");
            Sm2Side initiator = sm2Derive(true, a, ea, b, eb, confB);
            assertArrayEquals(responder.key(), initiator.key(), "A accepts S_B and derives B's key");
            Sm2Side again = sm2Derive(false, b, eb, a, ea, initiator.confirmationOut().buffer());
            assertArrayEquals(responder.key(), again.key(), "B accepts S_A");
            return TeeResult.SUCCESS;
        });
    }
}
