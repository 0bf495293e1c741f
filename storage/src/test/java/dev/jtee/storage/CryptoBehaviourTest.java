package dev.jtee.storage;

import dev.jtee.ta.ShortBufferException;
import dev.jtee.ta.TeeDefines;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GP error behaviour and the asymmetric algorithms. */
class CryptoBehaviourTest {
    static void assertResult(TeeResult expected, Runnable r) {
        TeeException e = assertThrows(TeeException.class, r::run);
        assertEquals(expected, e.result(), e.getMessage());
    }

    static byte[] sha(String alg, byte[] m) throws Exception {
        return MessageDigest.getInstance(alg).digest(m);
    }

    @Test
    void unsupportedAlgorithmsModesAndSizes() {
        assertResult(TeeResult.NOT_SUPPORTED, () -> TeeOperation.allocate(0x12345678, TeeDefines.MODE_ENCRYPT, 128));
        assertResult(TeeResult.NOT_SUPPORTED, () -> TeeOperation.allocate(TeeDefines.ALG_AES_CBC_NOPAD, TeeDefines.MODE_SIGN, 128));
        assertResult(TeeResult.NOT_SUPPORTED, () -> TeeOperation.allocate(TeeDefines.ALG_ECDSA_SHA256, TeeDefines.MODE_SIGN, 384));
        assertResult(TeeResult.NOT_SUPPORTED, () -> TeeObject.allocateTransient(TeeDefines.TYPE_AES, 100));
        assertResult(TeeResult.NOT_SUPPORTED, () -> TeeObject.allocateTransient(0xA0001234, 128));
    }

    @Test
    void misorderedCallsPanic() {
        TeeOperation op = TeeOperation.allocate(TeeDefines.ALG_AES_CBC_NOPAD, TeeDefines.MODE_ENCRYPT, 128);
        // no key, no init, wrong class: GP panics (OP-TEE libutee: TEE_Panic)
        assertThrows(TaPanic.class, () -> op.cipherInit(new byte[16]));
        op.setKey(CryptoKnownAnswerTest.secret(TeeDefines.TYPE_AES, new byte[16]));
        assertThrows(TaPanic.class, () -> op.cipherUpdate(new byte[16], new byte[16]));
        assertThrows(TaPanic.class, () -> op.macInit(null));
        assertThrows(TaPanic.class, () -> op.cipherInit(new byte[8]), "bad IV length");
        op.cipherInit(new byte[16]);
        assertThrows(TaPanic.class, () -> op.setKey(null), "key change while active");
        assertThrows(TaPanic.class, () -> op.cipherDoFinal(new byte[15], new byte[16]), "unaligned NOPAD final");
        ShortBufferException sb = assertThrows(ShortBufferException.class, () -> op.cipherUpdate(new byte[40], new byte[16]));
        assertEquals(32, sb.required());
        op.reset();
        assertThrows(TaPanic.class, () -> op.cipherUpdate(new byte[16], new byte[16]), "reset needs a new init");
    }

    @Test
    void keyUsageAndTypeAreChecked() {
        TeeObject k = CryptoKnownAnswerTest.secret(TeeDefines.TYPE_AES, new byte[16]);
        k.restrictUsage(TeeDefines.USAGE_DECRYPT);
        TeeOperation enc = TeeOperation.allocate(TeeDefines.ALG_AES_ECB_NOPAD, TeeDefines.MODE_ENCRYPT, 128);
        assertThrows(TaPanic.class, () -> enc.setKey(k));
        TeeObject hmacKey = CryptoKnownAnswerTest.secret(TeeDefines.TYPE_HMAC_SHA256, new byte[32]);
        assertThrows(TaPanic.class, () -> enc.setKey(hmacKey));
        TeeObject big = CryptoKnownAnswerTest.secret(TeeDefines.TYPE_AES, new byte[32]);
        assertThrows(TaPanic.class, () -> enc.setKey(big), "key larger than maxKeySize");
    }

    /**
     * xtest 4010 and OP-TEE's tee_svc_cryp_obj_populate_type: a secret longer than its type's largest
     * key does not fit the object's buffer (SECURITY), one larger than the object's maximum is
     * BAD_STATE — neither is BAD_PARAMETERS, so libutee's TEE_PopulateTransientObject panics with it;
     * a size the type does not take stays BAD_PARAMETERS.
     */
    @Test
    void xtest4010PopulateWithATooLargeSecretPanics() {
        TeeObject hmac = TeeObject.allocateTransient(TeeDefines.TYPE_HMAC_SHA256, 1024);
        byte[] large = new byte[1024];
        large[0] = 1;
        TaPanic p = assertThrows(TaPanic.class, () -> hmac.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, large)));
        assertEquals(TeeResult.SECURITY.code(), p.code());
        TeeObject aes = TeeObject.allocateTransient(TeeDefines.TYPE_AES, 128);
        p = assertThrows(TaPanic.class, () -> aes.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, new byte[32])));
        assertEquals(TeeResult.BAD_STATE.code(), p.code(), "a 256-bit key for a 128-bit object");
        assertResult(TeeResult.BAD_PARAMETERS, () -> aes.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, new byte[5])));
        aes.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, new byte[16]));
    }

    @Test
    void transientObjectLifecycle() {
        TeeObject o = TeeObject.allocateTransient(TeeDefines.TYPE_AES, 256);
        assertEquals(0, o.info().handleFlags() & TeeDefines.HANDLE_FLAG_INITIALIZED);
        assertResult(TeeResult.BAD_PARAMETERS, () -> o.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, new byte[5])));
        assertResult(TeeResult.BAD_PARAMETERS, () -> o.populate(Attribute.ref(TeeDefines.ATTR_RSA_MODULUS, new byte[16])));
        o.generateKey(192);
        ObjectInfo info = o.info();
        assertEquals(TeeDefines.TYPE_AES, info.objectType());
        assertEquals(192, info.objectSize());
        assertEquals(256, info.maxObjectSize());
        assertEquals(TeeDefines.USAGE_DEFAULT, info.objectUsage());
        assertThrows(TaPanic.class, () -> o.generateKey(128), "already initialized");
        assertEquals(24, o.bufferAttribute(TeeDefines.ATTR_SECRET_VALUE).length);
        ShortBufferException sb = assertThrows(ShortBufferException.class,
                () -> o.getBufferAttribute(TeeDefines.ATTR_SECRET_VALUE, new byte[4]));
        assertEquals(24, sb.required());
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> o.bufferAttribute(TeeDefines.ATTR_RSA_MODULUS | TeeDefines.ATTR_FLAG_PUBLIC));

        TeeObject copy = TeeObject.allocateTransient(TeeDefines.TYPE_AES, 256);
        copy.copyAttributesFrom(o);
        assertArrayEquals(o.bufferAttribute(TeeDefines.ATTR_SECRET_VALUE), copy.bufferAttribute(TeeDefines.ATTR_SECRET_VALUE));
        assertThrows(TaPanic.class, () -> TeeObject.allocateTransient(TeeDefines.TYPE_HMAC_SHA256, 256).copyAttributesFrom(o));

        o.restrictUsage(~TeeDefines.USAGE_EXTRACTABLE);
        assertThrows(TaPanic.class, () -> o.bufferAttribute(TeeDefines.ATTR_SECRET_VALUE), "not extractable");
        o.reset();
        assertEquals(0, o.info().objectSize());
        assertEquals(TeeDefines.USAGE_DEFAULT, o.info().objectUsage());
        o.free();
        assertThrows(TaPanic.class, o::info);
    }

    static TeeObject rsaKey(int bits) {
        TeeObject k = TeeObject.allocateTransient(TeeDefines.TYPE_RSA_KEYPAIR, bits);
        k.generateKey(bits);
        return k;
    }

    /**
     * xtest 4006 (RSA NOPAD): OP-TEE's rsadorep strips the result's leading zero bytes, leaving one
     * when it is all zeros, and answers SHORT_BUFFER only for what is left.
     */
    @Test
    void xtest4006RsaNopadStripsLeadingZeros() {
        TeeObject k = rsaKey(1024);
        TeeOperation enc = TeeOperation.allocate(TeeDefines.ALG_RSA_NOPAD, TeeDefines.MODE_ENCRYPT, 1024);
        enc.setKey(k);
        TeeOperation dec = TeeOperation.allocate(TeeDefines.ALG_RSA_NOPAD, TeeDefines.MODE_DECRYPT, 1024);
        dec.setKey(k);
        byte[] one = new byte[128];
        one[127] = 1;
        byte[] out = new byte[128];
        assertEquals(1, enc.asymmetricEncrypt(null, one, out), "1^e mod n = 1: one byte");
        assertEquals(1, out[0]);
        assertEquals(1, enc.asymmetricEncrypt(null, new byte[128], out), "all zeros leave one zero");
        assertEquals(0, out[0]);
        assertEquals(1, enc.asymmetricEncrypt(null, one, new byte[1]), "a buffer of the stripped size is enough");
        // a message with 110 leading zero bytes decrypts to its 18 significant bytes
        byte[] msg = new byte[128];
        for (int i = 110; i < 128; i++) {
            msg[i] = (byte) (i - 109);
        }
        byte[] ct = new byte[128];
        int n = enc.asymmetricEncrypt(null, msg, ct);
        byte[] pt = new byte[128];
        assertEquals(18, dec.asymmetricDecrypt(null, Arrays.copyOf(ct, n), pt));
        assertArrayEquals(Arrays.copyOfRange(msg, 110, 128), Arrays.copyOf(pt, 18));
        ShortBufferException sb = assertThrows(ShortBufferException.class, () -> dec.asymmetricDecrypt(null, Arrays.copyOf(ct, n), new byte[17]));
        assertEquals(18, sb.required());
    }

    /** xtest 4005: GCM decryption's TEE_AEUpdate releases the plain text it takes, the final call the rest after the tag check. */
    @Test
    void xtest4005GcmDecryptUpdateReleasesPlainText() throws Exception {
        byte[] key = new byte[16];
        byte[] nonce = new byte[12];
        nonce[0] = 7;
        byte[] msg = "twenty-five bytes of text".getBytes();
        javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"), new javax.crypto.spec.GCMParameterSpec(128, nonce));
        byte[] sealed = jdk.doFinal(msg);
        byte[] ct = Arrays.copyOf(sealed, msg.length);
        byte[] tag = Arrays.copyOfRange(sealed, msg.length, sealed.length);
        TeeObject k = TeeObject.allocateTransient(TeeDefines.TYPE_AES, 128);
        k.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, key));
        for (boolean goodTag : new boolean[] {true, false}) {
            TeeOperation dec = TeeOperation.allocate(TeeDefines.ALG_AES_GCM, TeeDefines.MODE_DECRYPT, 128);
            dec.setKey(k);
            dec.aeInit(nonce, 128, 0, msg.length);
            byte[] out = new byte[64];
            assertEquals(9, dec.aeUpdate(Arrays.copyOf(ct, 9), out));
            assertArrayEquals(Arrays.copyOf(msg, 9), Arrays.copyOf(out, 9));
            byte[] rest = new byte[64];
            byte[] t = tag.clone();
            if (goodTag) {
                assertEquals(msg.length - 9, dec.aeDecryptFinal(Arrays.copyOfRange(ct, 9, ct.length), rest, t));
                assertArrayEquals(Arrays.copyOfRange(msg, 9, msg.length), Arrays.copyOf(rest, msg.length - 9));
            } else {
                t[0] ^= 1;
                assertResult(TeeResult.MAC_INVALID, () -> dec.aeDecryptFinal(Arrays.copyOfRange(ct, 9, ct.length), rest, t));
            }
        }
    }

    /**
     * xtest 4005/4017: GCM with a nonce that is not 96 bits streams too (J0 from GHASH), and CCM's
     * TEE_AEUpdate releases whole blocks as they arrive; both give the one-shot result.
     */
    @Test
    void xtest4017AeUpdatesReleaseWhatOpteeReleases() throws Exception {
        TeeObject k = TeeObject.allocateTransient(TeeDefines.TYPE_AES, 128);
        k.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, new byte[16]));
        byte[] msg = new byte[50];
        for (int i = 0; i < msg.length; i++) {
            msg[i] = (byte) (i + 1);
        }
        for (int alg : new int[] {TeeDefines.ALG_AES_GCM, TeeDefines.ALG_AES_CCM}) {
            byte[] nonce = new byte[alg == TeeDefines.ALG_AES_GCM ? 16 : 13];
            nonce[3] = 9;
            TeeOperation whole = TeeOperation.allocate(alg, TeeDefines.MODE_ENCRYPT, 128);
            whole.setKey(k);
            whole.aeInit(nonce, 128, 0, msg.length);
            byte[] ct = new byte[64];
            byte[] tag = new byte[16];
            whole.aeEncryptFinal(msg, ct, tag);
            if (alg == TeeDefines.ALG_AES_GCM) {
                javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
                jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(new byte[16], "AES"),
                        new javax.crypto.spec.GCMParameterSpec(128, nonce));
                assertArrayEquals(jdk.doFinal(msg), java.nio.ByteBuffer.allocate(66).put(ct, 0, 50).put(tag).array());
            }
            for (int mode : new int[] {TeeDefines.MODE_ENCRYPT, TeeDefines.MODE_DECRYPT}) {
                byte[] in = mode == TeeDefines.MODE_ENCRYPT ? msg : Arrays.copyOf(ct, 50);
                byte[] expected = mode == TeeDefines.MODE_ENCRYPT ? Arrays.copyOf(ct, 50) : msg;
                TeeOperation op = TeeOperation.allocate(alg, mode, 128);
                op.setKey(k);
                op.aeInit(nonce, 128, 0, msg.length);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                int fed = 0;
                for (int step : new int[] {1, 9, 6, 17}) {
                    byte[] d = new byte[64];
                    int n = op.aeUpdate(Arrays.copyOfRange(in, fed, fed + step), d);
                    fed += step;
                    assertEquals(alg == TeeDefines.ALG_AES_GCM ? fed : fed / 16 * 16, out.size() + n, "released after " + fed);
                    out.write(d, 0, n);
                }
                byte[] d = new byte[64];
                int n = mode == TeeDefines.MODE_ENCRYPT
                        ? op.aeEncryptFinal(Arrays.copyOfRange(in, fed, 50), d, new byte[16]).written()
                        : op.aeDecryptFinal(Arrays.copyOfRange(in, fed, 50), d, tag.clone());
                out.write(d, 0, n);
                assertArrayEquals(expected, out.toByteArray(), alg + " mode " + mode);
            }
        }
    }

        /** xtest 4002/4003: DES and 3DES with GP's legacy sizes (parity bits left out: 56, 112, 168), as OP-TEE takes them. */
    @Test
    void xtest4002DesWithLegacyKeySizes() throws Exception {
        byte[] key = HexFormat.of().parseHex("0123456789abcdef");
        byte[] block = HexFormat.of().parseHex("4e6f772069732074"); // "Now is t", FIPS 81's example
        TeeObject k = TeeObject.allocateTransient(TeeDefines.TYPE_DES, 56);
        k.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, key));
        assertEquals(56, k.info().objectSize());
        TeeOperation ecb = TeeOperation.allocate(TeeDefines.ALG_DES_ECB_NOPAD, TeeDefines.MODE_ENCRYPT, 56);
        ecb.setKey(k);
        ecb.cipherInit(null);
        byte[] out = new byte[8];
        assertEquals(8, ecb.cipherDoFinal(block, out));
        assertEquals("3fa40e8a984d4815", HexFormat.of().formatHex(out));
        TeeObject k3 = TeeObject.allocateTransient(TeeDefines.TYPE_DES3, 168);
        byte[] triple = new byte[24];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(key, 0, triple, 8 * i, 8);
        }
        k3.populate(Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, triple));
        assertEquals(168, k3.info().objectSize());
        TeeOperation mac = TeeOperation.allocate(TeeDefines.ALG_DES3_CBC_MAC_NOPAD, TeeDefines.MODE_MAC, 168);
        mac.setKey(k3);
        mac.macInit(new byte[8]);
        byte[] m = new byte[8];
        assertEquals(8, mac.macComputeFinal(block, m));
        assertEquals("3fa40e8a984d4815", HexFormat.of().formatHex(m), "3DES with K1=K2=K3 is DES; one block of CBC-MAC is its encryption");
        assertResult(TeeResult.NOT_SUPPORTED, () -> TeeObject.allocateTransient(TeeDefines.TYPE_DES, 57));
    }

    /** xtest 4006 case 52: RSA-OAEP with SHA-256 and TEE_ATTR_RSA_OAEP_MGF_HASH naming SHA-1 for MGF1. */
    @Test
    void xtest4006OaepWithAnotherMgf1Hash() throws Exception {
        TeeObject k = rsaKey(2048);
        javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("RSA/ECB/OAEPPadding");
        jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, KeyTypes.rsaPublic(k.attributes()), new javax.crypto.spec.OAEPParameterSpec("SHA-256",
                "MGF1", java.security.spec.MGF1ParameterSpec.SHA1, javax.crypto.spec.PSource.PSpecified.DEFAULT));
        byte[] msg = "mgf1 with sha-1".getBytes();
        byte[] ct = jdk.doFinal(msg);
        TeeOperation dec = TeeOperation.allocate(TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA256, TeeDefines.MODE_DECRYPT, 2048);
        dec.setKey(k);
        byte[] sha1Id = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(TeeDefines.ALG_SHA1).array();
        byte[] pt = new byte[256];
        int n = dec.asymmetricDecrypt(new Attribute[] {Attribute.ref(TeeDefines.ATTR_RSA_OAEP_MGF_HASH, sha1Id)}, ct, pt);
        assertArrayEquals(msg, Arrays.copyOf(pt, n));
        assertResult(TeeResult.BAD_PARAMETERS, () -> dec.asymmetricDecrypt(null, ct, new byte[256]));
    }

    @ParameterizedTest
    @ValueSource(ints = {TeeDefines.ALG_RSAES_PKCS1_V1_5, TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA1, TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA256,
            TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA512})
    void rsaEncryptDecrypt(int alg) {
        TeeObject k = rsaKey(2048);
        TeeObject pub = TeeObject.allocateTransient(TeeDefines.TYPE_RSA_PUBLIC_KEY, 2048);
        pub.copyAttributesFrom(k);
        TeeOperation enc = TeeOperation.allocate(alg, TeeDefines.MODE_ENCRYPT, 2048);
        enc.setKey(pub);
        byte[] msg = "the secret message".getBytes();
        ShortBufferException sb = assertThrows(ShortBufferException.class, () -> enc.asymmetricEncrypt(null, msg, new byte[10]));
        assertEquals(256, sb.required());
        byte[] ct = new byte[256];
        assertEquals(256, enc.asymmetricEncrypt(null, msg, ct));
        TeeOperation dec = TeeOperation.allocate(alg, TeeDefines.MODE_DECRYPT, 2048);
        dec.setKey(k);
        assertThrows(TaPanic.class, () -> TeeOperation.allocate(alg, TeeDefines.MODE_DECRYPT, 2048).setKey(pub), "decrypt needs the keypair");
        byte[] pt = new byte[256];
        int n = dec.asymmetricDecrypt(null, ct, pt);
        assertArrayEquals(msg, Arrays.copyOf(pt, n));
        ct[100] ^= 1;
        assertResult(TeeResult.BAD_PARAMETERS, () -> dec.asymmetricDecrypt(null, ct, new byte[256]));
    }

    @ParameterizedTest
    @ValueSource(ints = {TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA256, TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA256, TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA1,
            TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA512})
    void rsaSignVerifyInteroperatesWithTheJdk(int alg) throws Exception {
        boolean pss = (alg >>> 16 & 0xFF) != 0;
        String h = switch (alg) {
            case TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA1 -> "SHA-1";
            case TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA512 -> "SHA-512";
            default -> "SHA-256";
        };
        TeeObject k = rsaKey(2048);
        byte[] digest = sha(h, "message".getBytes());
        TeeOperation sign = TeeOperation.allocate(alg, TeeDefines.MODE_SIGN, 2048);
        sign.setKey(k);
        byte[] sig = new byte[256];
        assertEquals(256, sign.asymmetricSignDigest(null, digest, sig));
        assertThrows(TaPanic.class, () -> sign.asymmetricSignDigest(null, new byte[7], new byte[256]), "digest of the wrong size");

        // the JDK verifies what we signed
        java.security.PublicKey jdkPub = KeyTypes.rsaPublic(k.attributes());
        Signature v;
        if (pss) {
            v = Signature.getInstance("RSASSA-PSS");
            v.setParameter(new java.security.spec.PSSParameterSpec(h, "MGF1", new java.security.spec.MGF1ParameterSpec(h),
                    MessageDigest.getInstance(h).getDigestLength(), 1));
        } else {
            v = Signature.getInstance(h.replace("-", "") + "withRSA");
        }
        v.initVerify(jdkPub);
        v.update("message".getBytes());
        assertTrue(v.verify(sig));

        TeeOperation verify = TeeOperation.allocate(alg, TeeDefines.MODE_VERIFY, 2048);
        verify.setKey(k);
        verify.asymmetricVerifyDigest(null, digest, sig);
        sig[10] ^= 1;
        assertResult(TeeResult.SIGNATURE_INVALID, () -> verify.asymmetricVerifyDigest(null, digest, sig));
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 384, 521})
    void ecdsaRawSignatures(int bits) throws Exception {
        int alg = bits == 256 ? TeeDefines.ALG_ECDSA_P256 : bits == 384 ? TeeDefines.ALG_ECDSA_P384 : TeeDefines.ALG_ECDSA_P521;
        int curve = KeyTypes.curveForBits(bits);
        TeeObject k = TeeObject.allocateTransient(TeeDefines.TYPE_ECDSA_KEYPAIR, bits);
        k.generateKey(bits, Attribute.value(TeeDefines.ATTR_ECC_CURVE, curve, 0));
        byte[] digest = sha("SHA-256", "msg".getBytes());
        TeeOperation sign = TeeOperation.allocate(alg, TeeDefines.MODE_SIGN, bits);
        sign.setKey(k);
        int len = 2 * ((bits + 7) / 8);
        ShortBufferException sb = assertThrows(ShortBufferException.class, () -> sign.asymmetricSignDigest(null, digest, new byte[8]));
        assertEquals(len, sb.required());
        byte[] sig = new byte[len];
        assertEquals(len, sign.asymmetricSignDigest(null, digest, sig));

        // raw r||s: the JDK's P1363 format verifies it with the public coordinates only
        Signature v = Signature.getInstance("NONEwithECDSAinP1363Format");
        v.initVerify(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
                new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X)),
                new BigInteger(1, k.bufferAttribute(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y))), KeyTypes.curveSpec(curve))));
        v.update(digest);
        assertTrue(v.verify(sig));

        TeeObject pub = TeeObject.allocateTransient(TeeDefines.TYPE_ECDSA_PUBLIC_KEY, bits);
        pub.populate(Attribute.ref(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X, k.bufferAttribute(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X)),
                Attribute.ref(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y, k.bufferAttribute(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y)),
                Attribute.value(TeeDefines.ATTR_ECC_CURVE, curve, 0));
        TeeOperation verify = TeeOperation.allocate(alg, TeeDefines.MODE_VERIFY, bits);
        verify.setKey(pub);
        verify.asymmetricVerifyDigest(null, digest, sig);
        sig[len - 1] ^= 1;
        assertResult(TeeResult.SIGNATURE_INVALID, () -> verify.asymmetricVerifyDigest(null, digest, sig));
        assertResult(TeeResult.SIGNATURE_INVALID, () -> verify.asymmetricVerifyDigest(null, digest, new byte[5]));
    }

    @Test
    void ecdhBothSidesDeriveTheSameSecret() {
        TeeObject a = TeeObject.allocateTransient(TeeDefines.TYPE_ECDH_KEYPAIR, 384);
        a.generateKey(384, Attribute.value(TeeDefines.ATTR_ECC_CURVE, TeeDefines.ECC_CURVE_NIST_P384, 0));
        TeeObject b = TeeObject.allocateTransient(TeeDefines.TYPE_ECDH_KEYPAIR, 384);
        b.generateKey(384, Attribute.value(TeeDefines.ATTR_ECC_CURVE, TeeDefines.ECC_CURVE_NIST_P384, 0));
        byte[] ab = derive(a, b);
        byte[] ba = derive(b, a);
        assertEquals(48, ab.length);
        assertArrayEquals(ab, ba);
    }

    static byte[] derive(TeeObject mine, TeeObject peer) {
        TeeOperation op = TeeOperation.allocate(TeeDefines.ALG_ECDH_DERIVE_SHARED_SECRET, TeeDefines.MODE_DERIVE, 384);
        op.setKey(mine);
        TeeObject out = TeeObject.allocateTransient(TeeDefines.TYPE_GENERIC_SECRET, 384);
        op.deriveKey(new Attribute[] {
                Attribute.ref(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X, peer.bufferAttribute(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X)),
                Attribute.ref(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y, peer.bufferAttribute(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y))}, out);
        assertThrows(TaPanic.class, () -> op.deriveKey(new Attribute[0], TeeObject.allocateTransient(TeeDefines.TYPE_GENERIC_SECRET, 384)));
        return out.bufferAttribute(TeeDefines.ATTR_SECRET_VALUE);
    }

    @Test
    void aeShortTagAndAadAfterPayload() {
        TeeOperation op = TeeOperation.allocate(TeeDefines.ALG_AES_GCM, TeeDefines.MODE_ENCRYPT, 128);
        op.setKey(CryptoKnownAnswerTest.secret(TeeDefines.TYPE_AES, new byte[16]));
        assertResult(TeeResult.NOT_SUPPORTED, () -> op.aeInit(new byte[12], 64, 0, 0));
        op.aeInit(new byte[12], 128, 0, 0);
        op.aeUpdate(new byte[4], new byte[4]);
        assertThrows(TaPanic.class, () -> op.aeUpdateAad(new byte[1]));
        ShortBufferException sb = assertThrows(ShortBufferException.class, () -> op.aeEncryptFinal(new byte[0], new byte[0], new byte[8]));
        assertTrue(sb.forTag());
        assertEquals(16, sb.required());
    }

    /**
     * OP-TEE's TEE_AEUpdate of GCM encryption writes every byte it takes (xtest 4005 checks out_size ==
     * in_incr), where the JDK's GCM keeps back a partial block; the whole is still the JDK's one-shot GCM.
     */
    @ParameterizedTest
    @ValueSource(ints = {12, 16})
    void gcmEncryptionUpdatesWriteWhatTheyTake(int nonceLen) throws Exception {
        byte[] key = new byte[16];
        byte[] nonce = new byte[nonceLen];
        Arrays.fill(key, (byte) 7);
        Arrays.fill(nonce, (byte) 9);
        byte[] aad = "header".getBytes();
        byte[] plain = new byte[77];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i * 5);
        }
        javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, nonce));
        jdk.updateAAD(aad);
        byte[] expected = jdk.doFinal(plain);

        TeeOperation op = TeeOperation.allocate(TeeDefines.ALG_AES_GCM, TeeDefines.MODE_ENCRYPT, 128);
        op.setKey(CryptoKnownAnswerTest.secret(TeeDefines.TYPE_AES, key));
        op.aeInit(nonce, 128, aad.length, plain.length);
        op.aeUpdateAad(aad);
        byte[] out = new byte[plain.length + 16];
        int n = 0;
        for (int off = 0; off < 60; off += 17) { // 17, 17, 17, 9: never whole blocks
            int len = Math.min(17, 60 - off);
            byte[] o = new byte[len + 16];
            int w = op.aeUpdate(Arrays.copyOfRange(plain, off, off + len), o);
            if (nonceLen == 12) {
                assertEquals(len, w, "a 96-bit nonce streams every byte");
            }
            System.arraycopy(o, 0, out, n, w);
            n += w;
        }
        byte[] rest = new byte[plain.length];
        byte[] tag = new byte[16];
        TeeOperation.AeFinal f = op.aeEncryptFinal(Arrays.copyOfRange(plain, 60, plain.length), rest, tag);
        System.arraycopy(rest, 0, out, n, f.written());
        System.arraycopy(tag, 0, out, n + f.written(), 16);
        assertEquals(plain.length, n + f.written());
        assertArrayEquals(expected, out);
    }

    @Test
    void randomFillsTheBuffer() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        TeeOperation.generateRandom(a);
        TeeOperation.generateRandom(b);
        assertTrue(!Arrays.equals(a, b) && !Arrays.equals(a, new byte[32]));
    }
}
