package dev.jtee.storage;

import java.security.AlgorithmParameters;
import java.security.Key;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * SM4 in CTR mode as a stream: every byte in gives a byte out at once, as OP-TEE's CTR does and
 * the JDK's AES/CTR does. BouncyCastle's JCE CTR keeps a partial block back until the next update,
 * which broke TEE_CopyOperation's replay of the key stream (xtest 4003's SM4-CTR cases), so the
 * engine uses its lightweight counter mode behind a {@link Cipher} of its own.
 */
final class StreamingCtr extends CipherSpi {
    private final SICBlockCipher ctr = new SICBlockCipher(new SM4Engine());
    private byte[] iv;

    private StreamingCtr() {
    }

    /** A {@code Cipher} for SM4/CTR/NoPadding that streams. */
    static Cipher sm4() {
        return new Cipher(new StreamingCtr(), Bc.provider(), "SM4/CTR/NoPadding") { };
    }

    @Override
    protected void engineSetMode(String mode) throws java.security.NoSuchAlgorithmException {
        if (!mode.equalsIgnoreCase("CTR")) {
            throw new java.security.NoSuchAlgorithmException("only CTR: " + mode);
        }
    }

    @Override
    protected void engineSetPadding(String padding) throws NoSuchPaddingException {
        if (!padding.equalsIgnoreCase("NoPadding")) {
            throw new NoSuchPaddingException("only NoPadding: " + padding);
        }
    }

    @Override
    protected int engineGetBlockSize() {
        return 16;
    }

    @Override
    protected int engineGetOutputSize(int inputLen) {
        return inputLen;
    }

    @Override
    protected byte[] engineGetIV() {
        return iv == null ? null : iv.clone();
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        return null;
    }

    @Override
    protected void engineInit(int opmode, Key key, SecureRandom random) throws java.security.InvalidKeyException {
        throw new java.security.InvalidKeyException("CTR needs an IV");
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random)
            throws java.security.InvalidAlgorithmParameterException {
        if (!(params instanceof IvParameterSpec p) || p.getIV().length != 16) {
            throw new java.security.InvalidAlgorithmParameterException("SM4-CTR needs a 16-byte IV");
        }
        iv = p.getIV();
        // encryption and decryption are the same key stream
        ctr.init(true, new ParametersWithIV(new KeyParameter(key.getEncoded()), iv));
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameters params, SecureRandom random)
            throws java.security.InvalidAlgorithmParameterException {
        throw new java.security.InvalidAlgorithmParameterException("pass an IvParameterSpec");
    }

    @Override
    protected byte[] engineUpdate(byte[] input, int inputOffset, int inputLen) {
        byte[] out = new byte[inputLen];
        ctr.processBytes(input, inputOffset, inputLen, out, 0);
        return out;
    }

    @Override
    protected int engineUpdate(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
            throws ShortBufferException {
        if (output.length - outputOffset < inputLen) {
            throw new ShortBufferException("need " + inputLen + " bytes");
        }
        return ctr.processBytes(input, inputOffset, inputLen, output, outputOffset);
    }

    @Override
    protected byte[] engineDoFinal(byte[] input, int inputOffset, int inputLen) {
        byte[] out = engineUpdate(input, inputOffset, inputLen);
        ctr.reset();
        return out;
    }

    @Override
    protected int engineDoFinal(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
            throws ShortBufferException {
        int n = engineUpdate(input, inputOffset, inputLen, output, outputOffset);
        ctr.reset();
        return n;
    }
}
