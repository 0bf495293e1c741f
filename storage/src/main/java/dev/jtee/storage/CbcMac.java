package dev.jtee.storage;

import dev.jtee.ta.TeeDefines;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.macs.CBCBlockCipherMac;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * CBC-MAC for {@code TEE_ALG_{AES,DES,DES3}_CBC_MAC_{NOPAD,PKCS5}} (ISO/IEC 9797-1 algorithm 1, FIPS 113
 * for DES): the last cipher block of CBC encryption, a whole block long, from the IV of
 * {@code TEE_MACInit} (zero when none); PKCS5 pads the message first. BouncyCastle's, as the JDK has none.
 */
final class CbcMac {
    private CbcMac() {
    }

    static Mac create(int keyType, byte[] key, byte[] iv, boolean pkcs5) {
        BlockCipher engine = switch (keyType) {
            case TeeDefines.TYPE_DES -> new DESEngine();
            case TeeDefines.TYPE_DES3 -> new DESedeEngine();
            default -> AESEngine.newInstance();
        };
        int bits = engine.getBlockSize() * 8;
        Mac mac = pkcs5 ? new CBCBlockCipherMac(engine, bits, new PKCS7Padding()) : new CBCBlockCipherMac(engine, bits);
        if (iv != null && iv.length != engine.getBlockSize()) {
            throw Panics.panic(dev.jtee.api.TeeResult.BAD_PARAMETERS, "CBC-MAC needs a " + engine.getBlockSize() + "-byte IV");
        }
        mac.init(iv == null ? new KeyParameter(key) : new ParametersWithIV(new KeyParameter(key), iv));
        return mac;
    }
}
