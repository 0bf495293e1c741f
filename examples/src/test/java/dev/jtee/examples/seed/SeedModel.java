package dev.jtee.examples.seed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/**
 * CMD_PROCESS as its documentation states it, computed in plain Java arrays: the test oracle for
 * one session. Independent of the TA's heap code, so both memory modes are checked against it.
 */
final class SeedModel {
    private long counter;
    private byte[] digest = new byte[32];

    /** The response to {@code request}, with the default work size. */
    byte[] process(byte[] request) {
        return process(request, SeedTa.workSize(request.length, counter));
    }

    byte[] process(byte[] request, int w) {
        int n = request.length;
        int t = SeedTa.keyStreamSize(n, counter);
        byte[] k = new byte[t];
        for (int j = 0; j < t; j++) {
            k[j] = (byte) (digest[j % 32] + 0x3B * j + counter);
        }
        byte[] work = new byte[w];
        for (int i = 0; i < w; i++) {
            int in = n == 0 ? 0 : request[i % n];
            work[i] = (byte) (in ^ k[i % t]);
            if (i > 0) {
                int p = work[i - 1] & 0xFF;
                work[i] = (byte) (work[i] + ((p << 3) | (p >>> 5)));
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(work);
        int checksum = (int) crc.getValue();
        ByteBuffer in = ByteBuffer.allocate(52).order(ByteOrder.LITTLE_ENDIAN)
                .put(digest).putLong(counter).putInt(w).putInt(checksum).putInt(n);
        digest = sha256(in.array());
        counter++;
        return ByteBuffer.allocate(SeedTa.RESPONSE_SIZE).order(ByteOrder.LITTLE_ENDIAN)
                .put(digest).putLong(counter).putInt(w).putInt(checksum).array();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
