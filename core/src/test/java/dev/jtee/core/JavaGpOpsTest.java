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

    // GM/T 0003.5 example B.2 (as storage's Sm2KeyExchangeTest and the C gpops TA)
    private static final HexFormat HEX = HexFormat.of();
    static final byte[] PRIVATE_A = HEX.parseHex("81EB26E941BB5AF16DF116495F90695272AE2CD63D6C4AE1678418BE48230029");
    static final byte[] XA = HEX.parseHex("160E12897DF4EDB61DD812FEB96748FBD3CCF4FFE26AA6F6DB9540AF49C94232");
    static final byte[] YA = HEX.parseHex("4A7DAD08BB9A459531694BEB20AA489D6649975E1BFCF8C4741B78B4B223007F");
    static final byte[] EPH_PRIVATE_A = HEX.parseHex("D4DE15474DB74D06491C440D305E012400990F3E390C7E87153C12DB2EA60BB3");
    static final byte[] EPH_XA = HEX.parseHex("64CED1BDBC99D590049B434D0FD73428CF608A5DB8FE5CE07F15026940BAE40E");
    static final byte[] EPH_YA = HEX.parseHex("376629C7AB21E7DB260922499DDB118F07CE8EAAE3E7720AFEF6A5CC062070C0");
    static final byte[] PRIVATE_B = HEX.parseHex("785129917D45A9EA5437A59356B82338EAADDA6CEB199088F14AE10DEFA229B5");
    static final byte[] XB = HEX.parseHex("6AE848C57C53C7B1B5FA99EB2286AF078BA64C64591B8B566F7357D576F16DFB");
    static final byte[] YB = HEX.parseHex("EE489D771621A27B36C5C7992062E9CD09A9264386F3FBEA54DFF69305621C4D");
    static final byte[] EPH_PRIVATE_B = HEX.parseHex("7E07124814B309489125EAED101113164EBF0F3458C5BD88335C1F9D596243D6");
    static final byte[] EPH_XB = HEX.parseHex("ACC27688A6F7B706098BC91FF3AD1BFF7DC2802CDB14CCCCDB0A90471F9BD707");
    static final byte[] EPH_YB = HEX.parseHex("2FEDAC0494B2FFC4D6853876C79B8F301C6573AD0AA50F39FC87181E1A1B46FE");
    static final byte[] SM2_ID = "1234567812345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] CONF_A = HEX.parseHex("18C7894B3816DF16CF07B05C5EC0BEF5D655D58F779CC1B400A4F3884644DB88");
    static final byte[] CONF_B = HEX.parseHex("D3A0FE15DEE185CEAE907A6B595CC32A266ED7B3367E9983A896DC32FA20F8EB");
    static final byte[] SM2_SHARED = HEX.parseHex("6C89347354DE2484C60B4AB1FDE4C6E5");

    private static ObjectHandle sm2KeyPair(byte[] x, byte[] y, byte[] d) {
        ObjectHandle k = TeeApi.allocateTransientObject(TeeDefines.TYPE_SM2_KEP_KEYPAIR, 256);
        TeeApi.populateTransientObject(k, TeeApi.initRefAttribute(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X, x),
                TeeApi.initRefAttribute(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y, y),
                TeeApi.initRefAttribute(TeeDefines.ATTR_ECC_PRIVATE_VALUE, d));
        return k;
    }

    /** One side of the exchange, in a Java TA: the shared key; {@code params}' last entry is CONFIRMATION_OUT. */
    private static byte[] sm2Derive(boolean initiator, TeeAttribute[] params) {
        OperationHandle op = TeeApi.allocateOperation(TeeDefines.ALG_SM2_KEP, TeeDefines.MODE_DERIVE, 512);
        TeeApi.setOperationKey2(op, initiator ? sm2KeyPair(XA, YA, PRIVATE_A) : sm2KeyPair(XB, YB, PRIVATE_B),
                initiator ? sm2KeyPair(EPH_XA, EPH_YA, EPH_PRIVATE_A) : sm2KeyPair(EPH_XB, EPH_YB, EPH_PRIVATE_B));
        params[0] = TeeApi.initValueAttribute(TeeDefines.ATTR_SM2_KEP_USER, initiator ? 0 : 1, 0);
        params[1] = TeeApi.initRefAttribute(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X, initiator ? XB : XA);
        params[2] = TeeApi.initRefAttribute(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y, initiator ? YB : YA);
        params[3] = TeeApi.initRefAttribute(TeeDefines.ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X, initiator ? EPH_XB : EPH_XA);
        params[4] = TeeApi.initRefAttribute(TeeDefines.ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_Y, initiator ? EPH_YB : EPH_YA);
        params[5] = TeeApi.initRefAttribute(TeeDefines.ATTR_SM2_ID_INITIATOR, SM2_ID);
        params[6] = TeeApi.initRefAttribute(TeeDefines.ATTR_SM2_ID_RESPONDER, SM2_ID);
        params[7] = TeeApi.initRefAttribute(TeeDefines.ATTR_SM2_KEP_CONFIRMATION_IN, initiator ? CONF_B : CONF_A);
        params[8] = TeeApi.initRefAttribute(TeeDefines.ATTR_SM2_KEP_CONFIRMATION_OUT, new byte[32]);
        ObjectHandle secret = TeeApi.allocateTransientObject(TeeDefines.TYPE_GENERIC_SECRET, SM2_SHARED.length); // OP-TEE reads the key length in bytes from it
        TeeApi.deriveKey(op, params, secret);
        long out = TeeApi.malloc(SM2_SHARED.length, 0);
        int n = TeeApi.getObjectBufferAttribute(secret, TeeDefines.ATTR_SECRET_VALUE, out, SM2_SHARED.length);
        return read(out, n);
    }

    /**
     * OP-TEE's TEE_DeriveKey for TEE_ALG_SM2_KEP copies the confirmation S out into the TA's
     * CONFIRMATION_OUT buffer (xtest 4014 reads it); a Java TA finds it in the params array.
     */
    @Test
    void sm2KeyExchangeGivesAJavaTaItsConfirmation() {
        passes((session, params) -> {
            TeeAttribute[] a = new TeeAttribute[9];
            assertArrayEquals(SM2_SHARED, sm2Derive(true, a), "the initiator's key, B's confirmation checked");
            assertArrayEquals(CONF_A, a[8].buffer(), "S_A in CONFIRMATION_OUT");
            assertEquals(TeeDefines.ATTR_SM2_KEP_CONFIRMATION_OUT, a[8].id());
            TeeAttribute[] b = new TeeAttribute[9];
            assertArrayEquals(SM2_SHARED, sm2Derive(false, b), "the responder's key, A's confirmation checked");
            assertArrayEquals(CONF_B, b[8].buffer(), "S_B in CONFIRMATION_OUT");
            assertArrayEquals(SM2_ID, b[5].buffer(), "the other entries stay as they were");
            return TeeResult.SUCCESS;
        });
    }
}
