package dev.jtee.examples;

import static dev.jtee.api.ParamType.MEMREF_TEMP_INOUT;
import static dev.jtee.api.ParamType.MEMREF_TEMP_INPUT;
import static dev.jtee.api.ParamType.MEMREF_TEMP_OUTPUT;
import static dev.jtee.api.ParamType.VALUE_INPUT;
import static dev.jtee.examples.TaErrors.assertTaError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** optee_examples aes, with NIST SP 800-38A vectors for ECB and CBC and the JDK as the GCM reference. */
@JteeTest
class AesTest {
    private static final TeeUuid UUID = TeeUuid.parse(AesTa.UUID);
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c");
    private static final byte[] PLAIN = HEX.parseHex("6bc1bee22e409f96e93d7e117393172a");

    private static void prepare(Session s, int algo, int keySize, int mode) {
        s.invoke(AesTa.CMD_PREPARE, Operation.create().value(0, VALUE_INPUT, algo, 0)
                .value(1, VALUE_INPUT, keySize, 0).value(2, VALUE_INPUT, mode, 0));
    }

    private static byte[] cipher(Session s, byte[] in) {
        byte[] out = new byte[in.length];
        s.invoke(AesTa.CMD_CIPHER, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, in)
                .tempMemref(1, MEMREF_TEMP_OUTPUT, out));
        return out;
    }

    @Test
    void ecbAndCbcMatchNistVectors(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            prepare(s, AesTa.ALGO_ECB, 16, AesTa.MODE_ENCODE);
            s.invoke(AesTa.CMD_SET_KEY, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, KEY));
            s.invoke(AesTa.CMD_SET_IV, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, new byte[16]));
            assertArrayEquals(HEX.parseHex("3ad77bb40d7a3660a89ecaf32466ef97"), cipher(s, PLAIN));

            prepare(s, AesTa.ALGO_CBC, 16, AesTa.MODE_ENCODE);
            s.invoke(AesTa.CMD_SET_KEY, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, KEY));
            s.invoke(AesTa.CMD_SET_IV, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT,
                    HEX.parseHex("000102030405060708090a0b0c0d0e0f")));
            byte[] ct = cipher(s, PLAIN);
            assertArrayEquals(HEX.parseHex("7649abac8119b246cee98e9b12e9197d"), ct);

            prepare(s, AesTa.ALGO_CBC, 16, AesTa.MODE_DECODE);
            s.invoke(AesTa.CMD_SET_KEY, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, KEY));
            s.invoke(AesTa.CMD_SET_IV, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT,
                    HEX.parseHex("000102030405060708090a0b0c0d0e0f")));
            assertArrayEquals(PLAIN, cipher(s, ct));
        }
    }

    @Test
    void ctrRoundTripsWith256BitKeys(Context ctx) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        byte[] plain = "counter mode needs no padding at all".getBytes();
        byte[] ct;
        try (Session s = ctx.openSession(UUID)) {
            prepare(s, AesTa.ALGO_CTR, 32, AesTa.MODE_ENCODE);
            s.invoke(AesTa.CMD_SET_KEY, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, key));
            s.invoke(AesTa.CMD_SET_IV, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, new byte[16]));
            ct = cipher(s, plain);
            prepare(s, AesTa.ALGO_CTR, 32, AesTa.MODE_DECODE);
            s.invoke(AesTa.CMD_SET_KEY, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, key));
            s.invoke(AesTa.CMD_SET_IV, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, new byte[16]));
            assertArrayEquals(plain, cipher(s, ct));
        }
    }

    @Test
    void gcmAuthencMatchesTheJdkAndRejectsAForgedTag(Context ctx) throws Exception {
        byte[] plain = "TestGCMMessage".getBytes();
        byte[] nonce = new byte[12];
        for (int i = 0; i < 12; i++) {
            nonce[i] = (byte) i;
        }
        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, nonce));
        byte[] expected = jdk.doFinal(plain);
        try (Session s = ctx.openSession(UUID)) {
            prepare(s, AesTa.ALGO_GCM, 16, AesTa.MODE_ENCODE);
            s.invoke(AesTa.CMD_SET_KEY, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, KEY));
            byte[] ct = new byte[64];
            byte[] tag = new byte[16];
            Operation enc = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, plain)
                    .tempMemref(1, MEMREF_TEMP_OUTPUT, ct).value(2, VALUE_INPUT, 1, 0)
                    .tempMemref(3, MEMREF_TEMP_INOUT, tag);
            s.invoke(AesTa.CMD_AUTHENC, enc);
            assertEquals(plain.length, enc.size(1));
            assertEquals(16, enc.size(3));
            byte[] got = Arrays.copyOf(ct, plain.length + 16);
            System.arraycopy(tag, 0, got, plain.length, 16);
            assertArrayEquals(expected, got);

            byte[] back = new byte[64];
            Operation dec = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, Arrays.copyOf(ct, plain.length))
                    .tempMemref(1, MEMREF_TEMP_OUTPUT, back).value(2, VALUE_INPUT, 0, 0)
                    .tempMemref(3, MEMREF_TEMP_INOUT, tag.clone());
            s.invoke(AesTa.CMD_AUTHENC, dec);
            assertArrayEquals(plain, Arrays.copyOf(back, (int) dec.size(1)));

            byte[] forged = tag.clone();
            forged[0] ^= 1;
            assertTaError(TeeResult.MAC_INVALID, () -> s.invoke(AesTa.CMD_AUTHENC, Operation.create()
                    .tempMemref(0, MEMREF_TEMP_INPUT, Arrays.copyOf(ct, plain.length))
                    .tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[64]).value(2, VALUE_INPUT, 0, 0)
                    .tempMemref(3, MEMREF_TEMP_INOUT, forged)));
        }
    }

    @Test
    void ccmAuthencRoundTrips(Context ctx) {
        byte[] plain = "TestCCMMessage".getBytes();
        try (Session s = ctx.openSession(UUID)) {
            prepare(s, AesTa.ALGO_CCM, 16, AesTa.MODE_ENCODE);
            s.invoke(AesTa.CMD_SET_KEY, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, KEY));
            byte[] ct = new byte[plain.length];
            byte[] tag = new byte[16];
            s.invoke(AesTa.CMD_AUTHENC, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, plain)
                    .tempMemref(1, MEMREF_TEMP_OUTPUT, ct).value(2, VALUE_INPUT, 1, 0)
                    .tempMemref(3, MEMREF_TEMP_INOUT, tag));
            byte[] back = new byte[plain.length];
            s.invoke(AesTa.CMD_AUTHENC, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, ct)
                    .tempMemref(1, MEMREF_TEMP_OUTPUT, back).value(2, VALUE_INPUT, 0, 0)
                    .tempMemref(3, MEMREF_TEMP_INOUT, tag));
            assertArrayEquals(plain, back);
        }
    }

    @Test
    void errorsAsTheCTa(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            assertTaError(TeeResult.BAD_STATE, () -> s.invoke(AesTa.CMD_CIPHER, Operation.create()
                    .tempMemref(0, MEMREF_TEMP_INPUT, new byte[16]).tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[16])));
            assertTaError(TeeResult.BAD_PARAMETERS, () -> prepare(s, AesTa.ALGO_ECB, 24, AesTa.MODE_ENCODE));
            prepare(s, AesTa.ALGO_ECB, 16, AesTa.MODE_ENCODE);
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(AesTa.CMD_CIPHER, Operation.create()
                    .tempMemref(0, MEMREF_TEMP_INPUT, new byte[32]).tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[16])));
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(AesTa.CMD_SET_KEY,
                    Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, new byte[8])));
            assertTaError(TeeResult.NOT_SUPPORTED, () -> s.invoke(9, Operation.create()));
        }
    }
}
