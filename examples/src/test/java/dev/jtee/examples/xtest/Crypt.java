package dev.jtee.examples.xtest;

import static dev.jtee.api.ParamType.MEMREF_TEMP_INPUT;
import static dev.jtee.api.ParamType.MEMREF_TEMP_OUTPUT;
import static dev.jtee.api.ParamType.VALUE_INPUT;

import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/** The client side of {@link CryptTa}: one session, one operation and key, GP calls one command each. */
final class Crypt implements AutoCloseable {
    static final TeeUuid UUID = TeeUuid.parse(CryptTa.UUID);
    private static final int ATTR_FLAG_VALUE = 1 << 29;
    private final Session session;

    Crypt(Context ctx) {
        session = ctx.openSession(UUID);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** Attributes packed as the crypt TA reads them: pairs of (id, byte[]) or (id, int[] {a, b}). */
    static byte[] attrs(Object... idValue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < idValue.length; i += 2) {
            int id = (Integer) idValue[i];
            ByteBuffer b;
            if ((id & ATTR_FLAG_VALUE) != 0) {
                int[] ab = (int[]) idValue[i + 1];
                b = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putInt(id).putInt(ab[0]).putInt(ab.length > 1 ? ab[1] : 0);
            } else {
                byte[] v = (byte[]) idValue[i + 1];
                b = ByteBuffer.allocate(8 + v.length).order(ByteOrder.nativeOrder()).putInt(id).putInt(v.length).put(v);
            }
            out.writeBytes(b.array());
        }
        return out.toByteArray();
    }

    static int[] value(int a) {
        return new int[] {a, 0};
    }

    Crypt allocate(int algorithm, int mode, int maxKeySize) {
        session.invoke(CryptTa.CMD_ALLOCATE, Operation.create().value(0, VALUE_INPUT, algorithm, mode).value(1, VALUE_INPUT, maxKeySize, 0));
        return this;
    }

    Crypt key(int type, int maxSize, byte[] packedAttributes) {
        session.invoke(CryptTa.CMD_SET_KEY, Operation.create().value(0, VALUE_INPUT, type, maxSize)
                .tempMemref(1, MEMREF_TEMP_INPUT, packedAttributes));
        return this;
    }

    Crypt generate(int type, int bits, byte[] packedParams) {
        session.invoke(CryptTa.CMD_SET_KEY, Operation.create().value(0, VALUE_INPUT, type, bits)
                .tempMemref(1, MEMREF_TEMP_INPUT, packedParams).value(2, VALUE_INPUT, 1, bits));
        return this;
    }

    private byte[] out(int command, Operation op, int index, byte[] buffer) {
        session.invoke(command, op);
        return Arrays.copyOf(buffer, (int) op.size(index));
    }

    byte[] digest(byte[] in, int outLen) {
        byte[] o = new byte[outLen];
        return out(CryptTa.CMD_DIGEST, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, in).tempMemref(1, MEMREF_TEMP_OUTPUT, o), 1, o);
    }

    /** The size the TA reported with SHORT_BUFFER or success. */
    long digestSize(byte[] in, int outLen) {
        Operation op = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, in).tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[outLen]);
        try {
            session.invoke(CryptTa.CMD_DIGEST, op);
        } catch (dev.jtee.api.TeeException e) {
            if (e.result() != dev.jtee.api.TeeResult.SHORT_BUFFER) {
                throw e;
            }
        }
        return op.size(1);
    }

    byte[] cipher(byte[] iv, byte[] in) {
        byte[] o = new byte[in.length + 32];
        return out(CryptTa.CMD_CIPHER, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, iv).tempMemref(1, MEMREF_TEMP_INPUT, in)
                .tempMemref(2, MEMREF_TEMP_OUTPUT, o), 2, o);
    }

    Crypt key2(int type, int maxSize, byte[] packedKey1, byte[] packedKey2) {
        session.invoke(CryptTa.CMD_SET_KEY2, Operation.create().value(0, VALUE_INPUT, type, maxSize)
                .tempMemref(1, MEMREF_TEMP_INPUT, packedKey1).tempMemref(2, MEMREF_TEMP_INPUT, packedKey2));
        return this;
    }

    /** TEE_DigestUpdate(in), then TEE_DigestExtract of outLen bytes in pieces. */
    byte[] extract(byte[] in, int outLen, int piece) {
        byte[] o = new byte[outLen];
        return out(CryptTa.CMD_DIGEST_EXTRACT, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, in)
                .tempMemref(1, MEMREF_TEMP_OUTPUT, o).value(2, VALUE_INPUT, piece, 0), 1, o);
    }

    /** TEE_CipherInit, TEE_CipherUpdate in pieces, TEE_CipherDoFinal. */
    byte[] cipherInPieces(byte[] iv, byte[] in, int piece) {
        byte[] o = new byte[in.length + 32];
        return out(CryptTa.CMD_CIPHER_PIECES, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, iv).tempMemref(1, MEMREF_TEMP_INPUT, in)
                .tempMemref(2, MEMREF_TEMP_OUTPUT, o).value(3, VALUE_INPUT, piece, 0), 2, o);
    }

    byte[] mac(byte[] iv, byte[] in, int outLen) {
        byte[] o = new byte[outLen];
        return out(CryptTa.CMD_MAC, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, in).tempMemref(1, MEMREF_TEMP_OUTPUT, o)
                .tempMemref(2, MEMREF_TEMP_INPUT, iv), 1, o);
    }

    byte[] mac(byte[] in, int outLen) {
        byte[] o = new byte[outLen];
        return out(CryptTa.CMD_MAC, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, in).tempMemref(1, MEMREF_TEMP_OUTPUT, o), 1, o);
    }

    void macCompare(byte[] in, byte[] mac) {
        session.invoke(CryptTa.CMD_MAC_COMPARE, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, in).tempMemref(1, MEMREF_TEMP_INPUT, mac));
    }

    byte[] sign(byte[] params, byte[] digest, int outLen) {
        byte[] o = new byte[outLen];
        return out(CryptTa.CMD_SIGN, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, params).tempMemref(1, MEMREF_TEMP_INPUT, digest)
                .tempMemref(2, MEMREF_TEMP_OUTPUT, o), 2, o);
    }

    void verify(byte[] params, byte[] digest, byte[] signature) {
        session.invoke(CryptTa.CMD_VERIFY, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, params)
                .tempMemref(1, MEMREF_TEMP_INPUT, digest).tempMemref(2, MEMREF_TEMP_INPUT, signature));
    }

    byte[] encrypt(byte[] params, byte[] in, int outLen) {
        byte[] o = new byte[outLen];
        return out(CryptTa.CMD_ENCRYPT, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, params).tempMemref(1, MEMREF_TEMP_INPUT, in)
                .tempMemref(2, MEMREF_TEMP_OUTPUT, o), 2, o);
    }

    byte[] decrypt(byte[] params, byte[] in, int outLen) {
        byte[] o = new byte[outLen];
        return out(CryptTa.CMD_DECRYPT, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, params).tempMemref(1, MEMREF_TEMP_INPUT, in)
                .tempMemref(2, MEMREF_TEMP_OUTPUT, o), 2, o);
    }

    byte[] derive(byte[] params, int derivedBits) {
        byte[] o = new byte[derivedBits / 8];
        return out(CryptTa.CMD_DERIVE, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, params).value(1, VALUE_INPUT, derivedBits, 0)
                .tempMemref(2, MEMREF_TEMP_OUTPUT, o), 2, o);
    }

    byte[] attribute(int id) {
        byte[] o = new byte[1024];
        return out(CryptTa.CMD_GET_ATTRIBUTE, Operation.create().value(0, VALUE_INPUT, id, 0).tempMemref(1, MEMREF_TEMP_OUTPUT, o), 1, o);
    }

    @Override
    public void close() {
        session.close();
    }
}
