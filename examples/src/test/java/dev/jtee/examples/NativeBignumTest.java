package dev.jtee.examples;

import static dev.jtee.api.ParamType.MEMREF_TEMP_INPUT;
import static dev.jtee.api.ParamType.MEMREF_TEMP_OUTPUT;
import static dev.jtee.api.ParamType.VALUE_OUTPUT;
import static dev.jtee.examples.TaErrors.assertTaError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The TEE_BigInt API end to end: the project's C big-number TA (ta-native/ta/bignum) computes with the
 * TA host's GMP-backed arithmetic; every answer is checked against Java's BigInteger.
 */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeBignumTest {
    private static final TeeUuid UUID = TeeUuid.parse("5e1a9c3d-7b2f-4e8a-9d61-2c4b8f0a7e13");
    private static final int CMD_EXP_MOD = 0;
    private static final int CMD_INV_MOD = 1;
    private static final int CMD_IS_PRIME = 2;

    @Test
    void rsa2048EncryptsAndDecryptsAsBigInteger(Context ctx) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
        BigInteger n = key.getModulus();
        BigInteger m = new BigInteger(2040, new Random(17));
        try (Session s = ctx.openSession(UUID)) {
            BigInteger c = expMod(s, m, key.getPublicExponent(), n);
            assertEquals(m.modPow(key.getPublicExponent(), n), c);
            assertEquals(m, expMod(s, c, key.getPrivateExponent(), n), "decrypting gives the message back");
        }
    }

    @Test
    void expModMatchesBigIntegerFrom3To4096Bits(Context ctx) {
        Random rnd = new Random(4096);
        try (Session s = ctx.openSession(UUID)) {
            for (int bits : new int[] { 3, 31, 32, 33, 64, 255, 521, 1024, 3072, 4096 }) {
                BigInteger n = new BigInteger(bits, rnd).setBit(bits - 1).setBit(0).max(BigInteger.valueOf(3));
                BigInteger base = new BigInteger(Math.min(bits + 40, 4096), rnd); // larger than n: the TA reduces it
                BigInteger e = new BigInteger(bits, rnd);
                assertEquals(base.modPow(e, n), expMod(s, base, e, n), bits + "-bit modulus");
            }
            assertEquals(BigInteger.ONE, expMod(s, BigInteger.TEN, BigInteger.ZERO, BigInteger.valueOf(7)), "x^0 = 1");
        }
    }

    @Test
    void anEvenModulusIsNotSupportedAsOnOpTee(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            assertTaError(TeeResult.NOT_SUPPORTED, () -> expMod(s, BigInteger.TWO, BigInteger.TEN, BigInteger.valueOf(1L << 40)));
        }
    }

    @Test
    void aShortOutputBufferIsToldTheSize(Context ctx) {
        BigInteger n = BigInteger.ONE.shiftLeft(1023).add(BigInteger.valueOf(1155));
        BigInteger expected = BigInteger.valueOf(3).modPow(BigInteger.valueOf(65537), n);
        try (Session s = ctx.openSession(UUID)) {
            Operation op = expModOp(BigInteger.valueOf(3), BigInteger.valueOf(65537), n, new byte[4]);
            assertTaError(TeeResult.SHORT_BUFFER, () -> s.invoke(CMD_EXP_MOD, op));
            assertEquals(unsigned(expected).length, op.size(3));
        }
    }

    @Test
    void modularInverseMatchesBigInteger(Context ctx) {
        Random rnd = new Random(5);
        try (Session s = ctx.openSession(UUID)) {
            for (int bits : new int[] { 8, 160, 2048 }) {
                BigInteger n = BigInteger.probablePrime(bits, rnd);
                BigInteger v = new BigInteger(bits + 8, rnd);
                Operation op = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, unsigned(v))
                        .tempMemref(1, MEMREF_TEMP_INPUT, unsigned(n)).tempMemref(3, MEMREF_TEMP_OUTPUT, new byte[bits / 8 + 1]);
                s.invoke(CMD_INV_MOD, op);
                assertEquals(v.modInverse(n), result(op));
            }
            Operation none = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, new byte[] { 6 })
                    .tempMemref(1, MEMREF_TEMP_INPUT, new byte[] { 9 }).tempMemref(3, MEMREF_TEMP_OUTPUT, new byte[4]);
            assertTaError(TeeResult.NO_DATA, () -> s.invoke(CMD_INV_MOD, none));
        }
    }

    @Test
    void primesAreTold(Context ctx) {
        Random rnd = new Random(11);
        BigInteger p = BigInteger.probablePrime(1024, rnd);
        BigInteger q = BigInteger.probablePrime(1024, rnd);
        try (Session s = ctx.openSession(UUID)) {
            assertEquals(1, isPrime(s, p));
            assertEquals(0, isPrime(s, p.multiply(q)));
            assertEquals(0, isPrime(s, p.add(BigInteger.TWO).multiply(BigInteger.valueOf(3))));
        }
    }

    private static int isPrime(Session s, BigInteger v) {
        Operation op = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, unsigned(v)).value(1, VALUE_OUTPUT, 0, 0);
        s.invoke(CMD_IS_PRIME, op);
        return op.valueA(1);
    }

    private static BigInteger expMod(Session s, BigInteger base, BigInteger e, BigInteger n) {
        Operation op = expModOp(base, e, n, new byte[n.bitLength() / 8 + 1]);
        s.invoke(CMD_EXP_MOD, op);
        return result(op);
    }

    private static Operation expModOp(BigInteger base, BigInteger e, BigInteger n, byte[] out) {
        return Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, unsigned(base)).tempMemref(1, MEMREF_TEMP_INPUT, unsigned(e))
                .tempMemref(2, MEMREF_TEMP_INPUT, unsigned(n)).tempMemref(3, MEMREF_TEMP_OUTPUT, out);
    }

    /** The output's octets: the fewest that hold the value (none for 0), as TEE_BigIntConvertToOctetString. */
    private static BigInteger result(Operation op) {
        byte[] out = Arrays.copyOf(op.buffer(3), (int) op.size(3));
        assertArrayEquals(unsigned(new BigInteger(1, out)), out, "no leading zero octet");
        return new BigInteger(1, out);
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        int skip = 0;
        while (skip < b.length && b[skip] == 0) {
            skip++;
        }
        return Arrays.copyOfRange(b, skip, b.length);
    }
}
