package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Crypt.hex;
import static dev.jtee.ta.TeeDefines.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.junit.JteeTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * xtest 4001 "Test TEE Internal API hash operations" for the digests the JDK lacks or that came
 * with BouncyCastle: FIPS 202's SHA-3 and SHAKE examples, GB/T 32905's SM3 "abc" example, RFC 1321's
 * MD5 "abc" (each also matches Python's hashlib and, for SM3, OpenSSL).
 */
@JteeTest
class Xtest4001HashTest {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    private static byte[] digest(Context ctx, int alg, byte[] msg, int outLen) {
        try (Crypt c = new Crypt(ctx)) {
            return c.allocate(alg, MODE_DIGEST, 0).digest(msg, outLen);
        }
    }

    @Test
    void sha3OfAbc(Context ctx) {
        assertArrayEquals(hex("e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf"), digest(ctx, ALG_SHA3_224, ABC, 64));
        assertArrayEquals(hex("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"), digest(ctx, ALG_SHA3_256, ABC, 64));
        assertArrayEquals(hex("ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25"),
                digest(ctx, ALG_SHA3_384, ABC, 64));
        assertArrayEquals(hex("b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057"
                + "340b4cf408d5a56592f8274eec53f0"), digest(ctx, ALG_SHA3_512, ABC, 64));
    }

    @Test
    void shakeWritesTheLengthAskedFor(Context ctx) {
        // an XOF: TEE_DigestDoFinal fills the whole output buffer (OP-TEE's _utee_hash_final with *hashLen)
        assertArrayEquals(hex("7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26"), digest(ctx, ALG_SHAKE128, new byte[0], 32));
        assertArrayEquals(hex("46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762fd75dc4ddd8c0f200cb05019d67b592f6"
                + "fc821c49479ab48640292eacb3b7c4be"), digest(ctx, ALG_SHAKE256, new byte[0], 64));
        assertArrayEquals(hex("7f9c2ba4e88f827d61604550760585"), digest(ctx, ALG_SHAKE128, new byte[0], 15));
    }

    @Test
    void digestExtractSqueezesShakeInPieces(Context ctx) {
        // GP 1.3.1 TEE_DigestExtract: the output in pieces of any size is the one-shot output (FIPS 202 SHAKE("")),
        // and 200 bytes of SHAKE128("abc") end as Python's hashlib.shake_128(b"abc").digest(200) does
        byte[] shake256 = hex("46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762fd75dc4ddd8c0f200cb05019d67b592f6"
                + "fc821c49479ab48640292eacb3b7c4be");
        try (Crypt c = new Crypt(ctx)) {
            for (int piece : new int[] {1, 7, 64}) {
                c.allocate(ALG_SHAKE256, MODE_DIGEST, 0);
                assertArrayEquals(shake256, c.extract(new byte[0], 64, piece), "pieces of " + piece);
            }
            c.allocate(ALG_SHAKE128, MODE_DIGEST, 0);
            byte[] out = c.extract(ABC, 200, 33);
            assertArrayEquals(hex("6aa01b3f5af057805f973ff8ecb8b226ac32ada6f01c1fcd4818cb006aa5b4cd"),
                    java.util.Arrays.copyOfRange(out, 168, 200));
        }
    }

    @Test
    void digestExtractOnAFixedLengthDigestIsAPanic(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_SHA256, MODE_DIGEST, 0);
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> c.extract(ABC, 32, 32));
        }
    }

    @Test
    void sm3AndMd5OfAbc(Context ctx) {
        assertArrayEquals(hex("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"), digest(ctx, ALG_SM3, ABC, 32));
        assertArrayEquals(hex("900150983cd24fb0d6963f7d28e17f72"), digest(ctx, ALG_MD5, ABC, 16));
    }

    @Test
    void shortBufferReportsTheDigestSize(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_SHA3_512, MODE_DIGEST, 0);
            assertEquals(64, c.digestSize(ABC, 63));
            c.allocate(ALG_SM3, MODE_DIGEST, 0);
            assertEquals(32, c.digestSize(ABC, 8));
        }
    }

    @Test
    void aDigestIdWithAnotherModeIsNotSupported(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            Xtest.assertTeeError(TeeResult.NOT_SUPPORTED, Origin.TRUSTED_APP, () -> c.allocate(ALG_SHA3_256, MODE_MAC, 0));
            Xtest.assertTeeError(TeeResult.NOT_SUPPORTED, Origin.TRUSTED_APP, () -> c.allocate(ALG_ILLEGAL_VALUE, MODE_DIGEST, 0));
        }
    }
}
