package dev.jtee.storage;

import dev.jtee.ta.ShortBufferException;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * A block mode whose last block may be partial because it steals from the one before it (AES-XTS,
 * AES-CTS), with the buffering of OP-TEE's libutee ({@code buffer_two_blocks}): once more than a block
 * has been fed, an update keeps back the last 17..32 bytes — whole blocks go out only when the bytes
 * after them are more than two blocks — so the final call has a full block and the rest to work on.
 * A data unit shorter than one block cannot be processed (the caller panics).
 */
abstract class StealingMode {
    static final int BLOCK = 16;

    /** The bytes kept back; a full buffer goes out block by block as more arrives. */
    final byte[] pending = new byte[2 * BLOCK];
    int pendingLen;

    /** Processes one whole block that is not among the last two, in order. */
    abstract void block(byte[] in, int off, byte[] out, int outOff) throws GeneralSecurityException;

    /** The last {@code n} bytes (16..32) of {@code pending}, into {@code dst} at {@code out}. */
    abstract void finish(int n, byte[] dst, int out) throws GeneralSecurityException;

    /** libutee's TEE_CipherUpdate size for two buffered blocks: whole blocks beyond the last 17..32 bytes. */
    final int updateSize(int len) {
        int total = pendingLen + len;
        return total <= 2 * BLOCK ? 0 : (total - 2 * BLOCK + BLOCK - 1) / BLOCK * BLOCK;
    }

    final int update(byte[] src, byte[] dst) throws GeneralSecurityException {
        int need = updateSize(src.length);
        if (dst.length < need) {
            throw new ShortBufferException(need);
        }
        int out = 0;
        for (byte b : src) {
            if (pendingLen == pending.length) {
                block(pending, 0, dst, out);
                out += BLOCK;
                System.arraycopy(pending, BLOCK, pending, 0, BLOCK);
                pendingLen = BLOCK;
            }
            pending[pendingLen++] = b;
        }
        return out;
    }

    /** The whole rest; -1 when the data unit is shorter than one block. */
    final int finalSize(int len) {
        int total = pendingLen + len;
        return total < BLOCK ? -1 : total;
    }

    final int doFinal(byte[] src, byte[] dst) throws GeneralSecurityException {
        int need = finalSize(src.length);
        if (dst.length < need) {
            throw new ShortBufferException(need);
        }
        int out = update(src, dst);
        int n = pendingLen; // 16..32
        finish(n, dst, out);
        Arrays.fill(pending, (byte) 0);
        pendingLen = 0;
        return out + n;
    }

    /** Takes {@code o}'s place in the data (TEE_CopyOperation); {@code o} is of the same mode. */
    abstract void copyStateFrom(StealingMode o);

    void copyPendingFrom(StealingMode o) {
        System.arraycopy(o.pending, 0, pending, 0, pending.length);
        pendingLen = o.pendingLen;
    }
}
