package dev.jtee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.ta.TeeDefines;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * SM2 key exchange (TEE_ALG_SM2_KEP, GB/T 32918.3) on GM/T 0003.5's example B.2, as xtest 4014 runs
 * it: each side's static and ephemeral key pairs set with TEE_SetOperationKey2 on an operation of 512
 * bits (both keys), the peer's points, both identities and the confirmations as TEE_DeriveKey's
 * parameters, 16 bytes of shared key (the derived object's maximum size, as OP-TEE reads it).
 */
class Sm2KeyExchangeTest {
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
    static final byte[] ID = "1234567812345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] CONF_A = HEX.parseHex("18C7894B3816DF16CF07B05C5EC0BEF5D655D58F779CC1B400A4F3884644DB88");
    static final byte[] CONF_B = HEX.parseHex("D3A0FE15DEE185CEAE907A6B595CC32A266ED7B3367E9983A896DC32FA20F8EB");
    static final byte[] SHARED = HEX.parseHex("6C89347354DE2484C60B4AB1FDE4C6E5");

    private static TeeObject keyPair(byte[] x, byte[] y, byte[] d) {
        TeeObject k = TeeObject.allocateTransient(TeeDefines.TYPE_SM2_KEP_KEYPAIR, 256);
        k.populate(Attribute.ref(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X, x), Attribute.ref(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y, y),
                Attribute.ref(TeeDefines.ATTR_ECC_PRIVATE_VALUE, d));
        return k;
    }

    /**
     * One side's derivation; the confirmation it produced is copied into {@code confOut} from the
     * CONFIRMATION_OUT attribute the engine wrote (its caller's job, as libutee's syscall layer).
     */
    private static byte[] derive(boolean initiator, byte[] confIn, byte[] confOut) {
        TeeOperation op = TeeOperation.allocate(TeeDefines.ALG_SM2_KEP, TeeDefines.MODE_DERIVE, 512);
        if (initiator) {
            op.setKey2(keyPair(XA, YA, PRIVATE_A), keyPair(EPH_XA, EPH_YA, EPH_PRIVATE_A));
        } else {
            op.setKey2(keyPair(XB, YB, PRIVATE_B), keyPair(EPH_XB, EPH_YB, EPH_PRIVATE_B));
        }
        TeeObject secret = TeeObject.allocateTransient(TeeDefines.TYPE_GENERIC_SECRET, SHARED.length);
        java.util.List<Attribute> ps = new java.util.ArrayList<>(java.util.List.of(
                Attribute.value(TeeDefines.ATTR_SM2_KEP_USER, initiator ? 0 : 1, 0),
                Attribute.ref(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X, initiator ? XB : XA),
                Attribute.ref(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y, initiator ? YB : YA),
                Attribute.ref(TeeDefines.ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X, initiator ? EPH_XB : EPH_XA),
                Attribute.ref(TeeDefines.ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_Y, initiator ? EPH_YB : EPH_YA),
                Attribute.ref(TeeDefines.ATTR_SM2_ID_INITIATOR, ID),
                Attribute.ref(TeeDefines.ATTR_SM2_ID_RESPONDER, ID)));
        if (confIn != null) {
            ps.add(Attribute.ref(TeeDefines.ATTR_SM2_KEP_CONFIRMATION_IN, confIn));
        }
        Attribute out = confOut == null ? null : Attribute.ref(TeeDefines.ATTR_SM2_KEP_CONFIRMATION_OUT, confOut);
        if (out != null) {
            ps.add(out);
        }
        op.deriveKey(ps.toArray(Attribute[]::new), secret);
        if (out != null) {
            System.arraycopy(out.buffer(), 0, confOut, 0, confOut.length);
        }
        return secret.bufferAttribute(TeeDefines.ATTR_SECRET_VALUE);
    }

    @Test
    void bothSidesOfGmt00035ExampleB2DeriveItsSharedKeyAndConfirmations() {
        assertTrue(TeeOperation.isAlgorithmSupported(TeeDefines.ALG_SM2_KEP, TeeDefines.ECC_CURVE_SM2));
        byte[] confA = new byte[32];
        assertArrayEquals(SHARED, derive(true, CONF_B, confA), "the initiator's key, after checking B's confirmation");
        assertArrayEquals(CONF_A, confA, "S_A");
        byte[] confB = new byte[32];
        assertArrayEquals(SHARED, derive(false, CONF_A, confB), "the responder's key, after checking A's confirmation");
        assertArrayEquals(CONF_B, confB, "S_B");
        assertArrayEquals(SHARED, derive(false, null, null), "without confirmations");
    }

    @Test
    void aConfirmationThatDoesNotMatchPanicsAndOneKeyIsNotEnough() {
        byte[] wrong = CONF_B.clone();
        wrong[0] ^= 1;
        TaPanic p = assertThrows(TaPanic.class, () -> derive(true, wrong, new byte[32]));
        assertEquals(dev.jtee.api.TeeResult.BAD_STATE.code(), p.code());
        TeeOperation op = TeeOperation.allocate(TeeDefines.ALG_SM2_KEP, TeeDefines.MODE_DERIVE, 512);
        assertThrows(TaPanic.class, () -> op.setKey(keyPair(XA, YA, PRIVATE_A)), "SM2 key exchange takes two keys");
        assertEquals(2, op.numberOfKeys());
    }
}
