package dev.jtee.examples;

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
import org.junit.jupiter.api.Test;

/** optee_examples sha: FIPS 180 "abc" digests and RFC 4231 HMAC-SHA256 test case 4. */
@JteeTest
class ShaTest {
    private static final TeeUuid UUID = TeeUuid.parse(ShaTa.UUID);
    private static final HexFormat HEX = HexFormat.of();
    private static final int ALG_SHA1 = 0x50000002;
    private static final int ALG_SHA256 = 0x50000004;
    private static final int ALG_SHA512 = 0x50000006;
    private static final int ALG_HMAC_SHA256 = 0x30000004;

    private static byte[] digest(Session s, int alg, byte[] msg, int outLen) {
        byte[] out = new byte[outLen];
        Operation op = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, msg)
                .tempMemref(1, MEMREF_TEMP_OUTPUT, out).value(2, VALUE_INPUT, alg, 0);
        s.invoke(ShaTa.CMD_COMPUTE_DIGEST, op);
        return Arrays.copyOf(out, (int) op.size(1));
    }

    @Test
    void digestsOfAbc(Context ctx) {
        byte[] abc = "abc".getBytes();
        try (Session s = ctx.openSession(UUID)) {
            assertArrayEquals(HEX.parseHex("a9993e364706816aba3e25717850c26c9cd0d89d"), digest(s, ALG_SHA1, abc, 64));
            assertArrayEquals(HEX.parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                    digest(s, ALG_SHA256, abc, 64));
            assertArrayEquals(HEX.parseHex("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                    + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"), digest(s, ALG_SHA512, abc, 64));
            // SHA-3 (FIPS 202 "abc" examples), SM3 (GB/T 32905) and SHAKE128: NOT_SUPPORTED before BouncyCastle
            assertArrayEquals(HEX.parseHex("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"),
                    digest(s, 0x50000009, abc, 64));
            assertArrayEquals(HEX.parseHex("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
                    digest(s, 0x50000007, abc, 64));
            assertArrayEquals(HEX.parseHex("5881092dd818bf5cf8a3ddb793fbcba74097d5c526a6d35f97b83351940f2cc8"),
                    digest(s, 0x50000101, abc, 32));
            Operation small = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, abc)
                    .tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[16]).value(2, VALUE_INPUT, ALG_SHA256, 0);
            assertTaError(TeeResult.SHORT_BUFFER, () -> s.invoke(ShaTa.CMD_COMPUTE_DIGEST, small));
            assertEquals(32, small.size(1));
        }
    }

    @Test
    void hmacSha256MatchesRfc4231AndComparesInvalidMacs(Context ctx) {
        // RFC 4231 test case 4: a 25-byte key (OP-TEE's HMAC-SHA256 keys are 192..1024 bits)
        byte[] key = HEX.parseHex("0102030405060708090a0b0c0d0e0f10111213141516171819");
        byte[] msg = new byte[50];
        Arrays.fill(msg, (byte) 0xcd);
        byte[] expected = HEX.parseHex("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
        try (Session s = ctx.openSession(UUID)) {
            assertTaError(TeeResult.BAD_STATE, () -> s.invoke(ShaTa.CMD_COMPUTE_MAC, Operation.create()
                    .tempMemref(0, MEMREF_TEMP_INPUT, msg).tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[32])));
            s.invoke(ShaTa.CMD_PREPARE, Operation.create().value(0, VALUE_INPUT, ALG_HMAC_SHA256, 0)
                    .value(1, VALUE_INPUT, key.length, 0).value(2, VALUE_INPUT, ShaTa.OBJ_TYPE_HMAC_SHA256, 0));
            s.invoke(ShaTa.CMD_SET_KEY, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, key));
            byte[] mac = new byte[32];
            s.invoke(ShaTa.CMD_COMPUTE_MAC, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, msg)
                    .tempMemref(1, MEMREF_TEMP_OUTPUT, mac));
            assertArrayEquals(expected, mac);
            s.invoke(ShaTa.CMD_COMPARE_MAC, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, msg)
                    .tempMemref(1, MEMREF_TEMP_INPUT, expected));
            byte[] wrong = expected.clone();
            wrong[31] ^= 1;
            assertTaError(TeeResult.MAC_INVALID, () -> s.invoke(ShaTa.CMD_COMPARE_MAC, Operation.create()
                    .tempMemref(0, MEMREF_TEMP_INPUT, msg).tempMemref(1, MEMREF_TEMP_INPUT, wrong)));
            assertTaError(TeeResult.NOT_SUPPORTED, () -> s.invoke(ShaTa.CMD_PREPARE, Operation.create()
                    .value(0, VALUE_INPUT, 0x30000009, 0).value(1, VALUE_INPUT, 32, 0).value(2, VALUE_INPUT, 7, 0)));
        }
    }
}
