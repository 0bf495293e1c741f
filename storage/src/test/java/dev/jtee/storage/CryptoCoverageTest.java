package dev.jtee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.TeeDefines;
import java.math.BigInteger;
import javax.crypto.interfaces.DHPublicKey;
import org.junit.jupiter.api.Test;

/** The engine's rules for the object types and algorithms that came with BouncyCastle. */
class CryptoCoverageTest {
    private static byte[] u(BigInteger v) {
        return KeyTypes.unsigned(v);
    }

    @Test
    void dhKeypairGeneratedInAGivenGroup() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("DH");
        g.initialize(2048);
        var params = ((DHPublicKey) g.generateKeyPair().getPublic()).getParams();
        TeeObject k = TeeObject.allocateTransient(TeeDefines.TYPE_DH_KEYPAIR, 2048);
        k.generateKey(2048, Attribute.ref(TeeDefines.ATTR_DH_PRIME, u(params.getP())), Attribute.ref(TeeDefines.ATTR_DH_BASE, u(params.getG())));
        BigInteger y = new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_DH_PUBLIC_VALUE));
        BigInteger x = new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_DH_PRIVATE_VALUE));
        assertEquals(params.getG().modPow(x, params.getP()), y);
    }

    @Test
    void newTypesRefuseWrongAttributeSets() {
        TeeObject ed = TeeObject.allocateTransient(TeeDefines.TYPE_ED25519_PUBLIC_KEY, 256);
        TeeException e = assertThrows(TeeException.class, () -> ed.populate(Attribute.ref(TeeDefines.ATTR_ED25519_PUBLIC_VALUE, new byte[31])));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
        TeeObject x = TeeObject.allocateTransient(TeeDefines.TYPE_X25519_KEYPAIR, 256);
        e = assertThrows(TeeException.class, () -> x.populate(Attribute.ref(TeeDefines.ATTR_X25519_PUBLIC_VALUE, new byte[32])));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
        // OP-TEE has no X25519 public-key object (no type properties for it)
        e = assertThrows(TeeException.class, () -> TeeObject.allocateTransient(TeeDefines.TYPE_X25519_PUBLIC_KEY, 256));
        assertEquals(TeeResult.NOT_SUPPORTED, e.result());
        e = assertThrows(TeeException.class, () -> TeeObject.allocateTransient(TeeDefines.TYPE_DSA_KEYPAIR, 1000));
        assertEquals(TeeResult.NOT_SUPPORTED, e.result());
    }

    @Test
    void shakeDigestUpdatesThenExtracts() {
        TeeOperation op = TeeOperation.allocate(TeeDefines.ALG_SHAKE256, TeeDefines.MODE_DIGEST, 0);
        op.digestUpdate(new byte[0]);
        byte[] out = new byte[8];
        assertEquals(8, op.digestDoFinal(new byte[0], out));
        // FIPS 202: SHAKE256("") begins 46b9dd2b0ba88d13
        assertArrayEquals(CryptoKnownAnswerTest.hex("46b9dd2b0ba88d13"), out);
        assertEquals(0, op.info().digestLength());
    }

    @Test
    void cmacInfoReportsTheBlockSizedMac() {
        TeeOperation op = TeeOperation.allocate(TeeDefines.ALG_AES_CMAC, TeeDefines.MODE_MAC, 128);
        assertEquals(16, op.info().digestLength());
        assertEquals(TeeDefines.OPERATION_MAC, op.info().operationClass());
    }
}
