package dev.jtee.storage;

import dev.jtee.ta.ShortBufferException;
import dev.jtee.ta.TeeDefines;
import dev.jtee.api.TeeResult;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.Xof;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * A GP {@code TEE_OperationHandle} on the JDK's providers, with OP-TEE's results: SHORT_BUFFER
 * ({@link ShortBufferException}, with the size needed), MAC_INVALID, SIGNATURE_INVALID,
 * BAD_PARAMETERS and NOT_SUPPORTED where libutee lets them through; everything GP calls a panic
 * (a call in the wrong state or class, no key, a key of the wrong type or usage, a bad IV, an
 * unaligned final for a NOPAD cipher) throws {@link TaPanic}. Used from one TA thread.
 */
public final class TeeOperation {
    /** GP {@code TEE_OperationInfo}. */
    public record Info(int algorithm, int operationClass, int mode, int digestLength, int maxKeySize,
                       int keySize, int requiredKeyUsage, int handleState) {
    }

    /** Result of {@code TEE_AEEncryptFinal}: bytes written to the output and the tag length. */
    public record AeFinal(int written, int tagLength) {
    }

    private final int algorithm;
    private final int opClass;
    private final int mode;
    private final int maxKeySize;
    private final int keyType;
    private final int requiredUsage;
    private final String hash;
    private int handleState;
    private int state = TeeDefines.OPERATION_STATE_INITIAL;
    private boolean freed;

    private TeeObject key;
    /** AES-XTS's second key (TEE_SetOperationKey2): the tweak's. */
    private TeeObject key2;
    private MessageDigest md;
    /** SHAKE128/256: the output length is the caller's (OP-TEE's TEE_DigestDoFinal on an XOF). */
    private Xof xof;
    private Mac mac;
    /** CBC-MAC (BouncyCastle's, as the JDK has none); {@code macBytes} counts the input for NOPAD's whole blocks. */
    private org.bouncycastle.crypto.Mac cbcMac;
    private long macBytes;
    /** SHAKE after TEE_DigestExtract: squeezing, no more input. */
    private boolean extracting;
    private Cipher cipher;
    private Xts xts;
    private int buffered;
    private int tagLen;
    private byte[] nonce;
    private boolean payloadStarted;
    private ByteArrayOutputStream aeAad;
    private ByteArrayOutputStream aeData;

    private TeeOperation(int algorithm, int opClass, int mode, int maxKeySize, int keyType, int usage, String hash) {
        this.algorithm = algorithm;
        this.opClass = opClass;
        this.mode = mode;
        this.maxKeySize = maxKeySize;
        this.keyType = keyType;
        this.requiredUsage = usage;
        this.hash = hash;
    }

    /** {@code TEE_GenerateRandom}. */
    public static void generateRandom(byte[] buffer) {
        KeyTypes.RANDOM.nextBytes(buffer);
    }

    /** {@code TEE_AllocateOperation}: NOT_SUPPORTED for an unknown algorithm, a wrong mode or key size. */
    public static TeeOperation allocate(int algorithm, int mode, int maxKeySize) {
        String h = hashOf(algorithm);
        int cls;
        int type;
        int usage;
        switch (algorithm) {
            case TeeDefines.ALG_MD5, TeeDefines.ALG_SHA1, TeeDefines.ALG_SHA224, TeeDefines.ALG_SHA256, TeeDefines.ALG_SHA384,
                 TeeDefines.ALG_SHA512, TeeDefines.ALG_SHA3_224, TeeDefines.ALG_SHA3_256, TeeDefines.ALG_SHA3_384, TeeDefines.ALG_SHA3_512,
                 TeeDefines.ALG_SM3, TeeDefines.ALG_SHAKE128, TeeDefines.ALG_SHAKE256 -> {
                need(mode == TeeDefines.MODE_DIGEST);
                TeeOperation op = new TeeOperation(algorithm, TeeDefines.OPERATION_DIGEST, mode, 0, 0, 0, h);
                if (algorithm == TeeDefines.ALG_SHAKE128 || algorithm == TeeDefines.ALG_SHAKE256) {
                    op.xof = new SHAKEDigest(algorithm == TeeDefines.ALG_SHAKE128 ? 128 : 256);
                } else {
                    op.md = digest(h);
                }
                op.handleState = TeeDefines.HANDLE_FLAG_INITIALIZED | TeeDefines.HANDLE_FLAG_KEY_SET;
                return op;
            }
            case TeeDefines.ALG_AES_ECB_NOPAD, TeeDefines.ALG_AES_CBC_NOPAD, TeeDefines.ALG_AES_CTR, TeeDefines.ALG_AES_CCM, TeeDefines.ALG_AES_GCM,
                 TeeDefines.ALG_AES_CTS, TeeDefines.ALG_AES_XTS,
                 TeeDefines.ALG_DES_ECB_NOPAD, TeeDefines.ALG_DES_CBC_NOPAD, TeeDefines.ALG_DES3_ECB_NOPAD, TeeDefines.ALG_DES3_CBC_NOPAD,
                 TeeDefines.ALG_SM4_ECB_NOPAD, TeeDefines.ALG_SM4_CBC_NOPAD, TeeDefines.ALG_SM4_CTR -> {
                need(mode == TeeDefines.MODE_ENCRYPT || mode == TeeDefines.MODE_DECRYPT);
                cls = algorithm == TeeDefines.ALG_AES_CCM || algorithm == TeeDefines.ALG_AES_GCM ? TeeDefines.OPERATION_AE : TeeDefines.OPERATION_CIPHER;
                type = keyTypeOfMainAlgorithm(algorithm);
                usage = mode == TeeDefines.MODE_ENCRYPT ? TeeDefines.USAGE_ENCRYPT : TeeDefines.USAGE_DECRYPT;
            }
            case TeeDefines.ALG_HMAC_MD5, TeeDefines.ALG_HMAC_SHA1, TeeDefines.ALG_HMAC_SHA224, TeeDefines.ALG_HMAC_SHA256, TeeDefines.ALG_HMAC_SHA384,
                 TeeDefines.ALG_HMAC_SHA512, TeeDefines.ALG_HMAC_SM3, TeeDefines.ALG_HMAC_SHA3_224, TeeDefines.ALG_HMAC_SHA3_256,
                 TeeDefines.ALG_HMAC_SHA3_384, TeeDefines.ALG_HMAC_SHA3_512 -> {
                need(mode == TeeDefines.MODE_MAC);
                cls = TeeDefines.OPERATION_MAC;
                // GP numbers each HMAC key type after its algorithm's low byte
                type = TeeDefines.TYPE_GENERIC_SECRET | (algorithm & 0xFF);
                usage = TeeDefines.USAGE_MAC;
            }
            case TeeDefines.ALG_AES_CMAC, TeeDefines.ALG_DES3_CMAC, TeeDefines.ALG_AES_CBC_MAC_NOPAD, TeeDefines.ALG_AES_CBC_MAC_PKCS5,
                 TeeDefines.ALG_DES_CBC_MAC_NOPAD, TeeDefines.ALG_DES_CBC_MAC_PKCS5, TeeDefines.ALG_DES3_CBC_MAC_NOPAD,
                 TeeDefines.ALG_DES3_CBC_MAC_PKCS5 -> {
                need(mode == TeeDefines.MODE_MAC);
                cls = TeeDefines.OPERATION_MAC;
                type = keyTypeOfMainAlgorithm(algorithm);
                usage = TeeDefines.USAGE_MAC;
            }
            case TeeDefines.ALG_RSAES_PKCS1_V1_5, TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA1, TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA224,
                 TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA256, TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA384,
                 TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA512, TeeDefines.ALG_RSA_NOPAD -> {
                need(mode == TeeDefines.MODE_ENCRYPT || mode == TeeDefines.MODE_DECRYPT);
                cls = TeeDefines.OPERATION_ASYMMETRIC_CIPHER;
                type = mode == TeeDefines.MODE_ENCRYPT ? TeeDefines.TYPE_RSA_PUBLIC_KEY : TeeDefines.TYPE_RSA_KEYPAIR;
                usage = mode == TeeDefines.MODE_ENCRYPT ? TeeDefines.USAGE_ENCRYPT : TeeDefines.USAGE_DECRYPT;
            }
            case TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA1, TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA224, TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA256,
                 TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA384, TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA512, TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA1,
                 TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA224, TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA256,
                 TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA384, TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA512 -> {
                need(mode == TeeDefines.MODE_SIGN || mode == TeeDefines.MODE_VERIFY);
                cls = TeeDefines.OPERATION_ASYMMETRIC_SIGNATURE;
                type = mode == TeeDefines.MODE_VERIFY ? TeeDefines.TYPE_RSA_PUBLIC_KEY : TeeDefines.TYPE_RSA_KEYPAIR;
                usage = mode == TeeDefines.MODE_SIGN ? TeeDefines.USAGE_SIGN : TeeDefines.USAGE_VERIFY;
            }
            case TeeDefines.ALG_ECDSA_SHA1, TeeDefines.ALG_ECDSA_SHA224, TeeDefines.ALG_ECDSA_SHA256, TeeDefines.ALG_ECDSA_SHA384,
                 TeeDefines.ALG_ECDSA_SHA512 -> {
                need(mode == TeeDefines.MODE_SIGN || mode == TeeDefines.MODE_VERIFY);
                // libutee ties each id to one curve (GP 1.1's P192..P521 names)
                int bits = switch (algorithm) {
                    case TeeDefines.ALG_ECDSA_SHA1 -> 192;
                    case TeeDefines.ALG_ECDSA_SHA224 -> 224;
                    case TeeDefines.ALG_ECDSA_SHA256 -> 256;
                    case TeeDefines.ALG_ECDSA_SHA384 -> 384;
                    default -> 521;
                };
                need(maxKeySize == bits);
                cls = TeeDefines.OPERATION_ASYMMETRIC_SIGNATURE;
                type = mode == TeeDefines.MODE_VERIFY ? TeeDefines.TYPE_ECDSA_PUBLIC_KEY : TeeDefines.TYPE_ECDSA_KEYPAIR;
                usage = mode == TeeDefines.MODE_SIGN ? TeeDefines.USAGE_SIGN : TeeDefines.USAGE_VERIFY;
            }
            case TeeDefines.ALG_SM2_DSA_SM3 -> {
                need(mode == TeeDefines.MODE_SIGN || mode == TeeDefines.MODE_VERIFY);
                need(maxKeySize == 256);
                cls = TeeDefines.OPERATION_ASYMMETRIC_SIGNATURE;
                type = mode == TeeDefines.MODE_VERIFY ? TeeDefines.TYPE_SM2_DSA_PUBLIC_KEY : TeeDefines.TYPE_SM2_DSA_KEYPAIR;
                usage = mode == TeeDefines.MODE_SIGN ? TeeDefines.USAGE_SIGN : TeeDefines.USAGE_VERIFY;
            }
            case TeeDefines.ALG_SM2_PKE -> {
                need(mode == TeeDefines.MODE_ENCRYPT || mode == TeeDefines.MODE_DECRYPT);
                need(maxKeySize == 256);
                cls = TeeDefines.OPERATION_ASYMMETRIC_CIPHER;
                type = mode == TeeDefines.MODE_ENCRYPT ? TeeDefines.TYPE_SM2_PKE_PUBLIC_KEY : TeeDefines.TYPE_SM2_PKE_KEYPAIR;
                usage = mode == TeeDefines.MODE_ENCRYPT ? TeeDefines.USAGE_ENCRYPT : TeeDefines.USAGE_DECRYPT;
            }
            case TeeDefines.ALG_ED25519 -> {
                need(mode == TeeDefines.MODE_SIGN || mode == TeeDefines.MODE_VERIFY);
                need(maxKeySize == 256);
                cls = TeeDefines.OPERATION_ASYMMETRIC_SIGNATURE;
                type = mode == TeeDefines.MODE_VERIFY ? TeeDefines.TYPE_ED25519_PUBLIC_KEY : TeeDefines.TYPE_ED25519_KEYPAIR;
                usage = mode == TeeDefines.MODE_SIGN ? TeeDefines.USAGE_SIGN : TeeDefines.USAGE_VERIFY;
            }
            case TeeDefines.ALG_DSA_SHA1, TeeDefines.ALG_DSA_SHA224, TeeDefines.ALG_DSA_SHA256 -> {
                need(mode == TeeDefines.MODE_SIGN || mode == TeeDefines.MODE_VERIFY);
                // libutee's sizes per DSA id (FIPS 186-4's L for each N)
                need(switch (algorithm) {
                    case TeeDefines.ALG_DSA_SHA1 -> maxKeySize >= 512 && maxKeySize <= 1024 && maxKeySize % 64 == 0;
                    case TeeDefines.ALG_DSA_SHA224 -> maxKeySize == 2048;
                    default -> maxKeySize == 2048 || maxKeySize == 3072;
                });
                cls = TeeDefines.OPERATION_ASYMMETRIC_SIGNATURE;
                type = mode == TeeDefines.MODE_VERIFY ? TeeDefines.TYPE_DSA_PUBLIC_KEY : TeeDefines.TYPE_DSA_KEYPAIR;
                usage = mode == TeeDefines.MODE_SIGN ? TeeDefines.USAGE_SIGN : TeeDefines.USAGE_VERIFY;
            }
            case TeeDefines.ALG_ECDH_DERIVE_SHARED_SECRET, TeeDefines.ALG_DH_DERIVE_SHARED_SECRET, TeeDefines.ALG_X25519, TeeDefines.ALG_X448 -> {
                need(mode == TeeDefines.MODE_DERIVE);
                need(algorithm != TeeDefines.ALG_X25519 || maxKeySize == 256);
                need(algorithm != TeeDefines.ALG_X448 || maxKeySize == 448);
                cls = TeeDefines.OPERATION_KEY_DERIVATION;
                type = switch (algorithm) {
                    case TeeDefines.ALG_ECDH_DERIVE_SHARED_SECRET -> TeeDefines.TYPE_ECDH_KEYPAIR;
                    case TeeDefines.ALG_DH_DERIVE_SHARED_SECRET -> TeeDefines.TYPE_DH_KEYPAIR;
                    case TeeDefines.ALG_X448 -> TeeDefines.TYPE_X448_KEYPAIR;
                    default -> TeeDefines.TYPE_X25519_KEYPAIR;
                };
                usage = TeeDefines.USAGE_DERIVE;
            }
            case TeeDefines.ALG_HKDF_SHA1_DERIVE_KEY, TeeDefines.ALG_HKDF_SHA224_DERIVE_KEY, TeeDefines.ALG_HKDF_SHA256_DERIVE_KEY,
                 TeeDefines.ALG_HKDF_SHA384_DERIVE_KEY, TeeDefines.ALG_HKDF_SHA512_DERIVE_KEY, TeeDefines.ALG_HKDF_MD5_DERIVE_KEY,
                 TeeDefines.ALG_CONCAT_KDF_SHA1_DERIVE_KEY, TeeDefines.ALG_CONCAT_KDF_SHA224_DERIVE_KEY, TeeDefines.ALG_CONCAT_KDF_SHA256_DERIVE_KEY,
                 TeeDefines.ALG_CONCAT_KDF_SHA384_DERIVE_KEY, TeeDefines.ALG_CONCAT_KDF_SHA512_DERIVE_KEY,
                 TeeDefines.ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY, TeeDefines.ALG_PBKDF2_HMAC_SHA224_DERIVE_KEY, TeeDefines.ALG_PBKDF2_HMAC_SHA256_DERIVE_KEY,
                 TeeDefines.ALG_PBKDF2_HMAC_SHA384_DERIVE_KEY, TeeDefines.ALG_PBKDF2_HMAC_SHA512_DERIVE_KEY,
                 TeeDefines.ALG_PBKDF2_HMAC_SM3_DERIVE_KEY -> {
                need(mode == TeeDefines.MODE_DERIVE);
                cls = TeeDefines.OPERATION_KEY_DERIVATION;
                // the low byte names the KDF: C0 HKDF, C1 concat KDF, C2 PBKDF2
                type = switch (algorithm & 0xFF) {
                    case 0xC0 -> TeeDefines.TYPE_HKDF_IKM;
                    case 0xC1 -> TeeDefines.TYPE_CONCAT_KDF_Z;
                    default -> TeeDefines.TYPE_PBKDF2_PASSWORD;
                };
                usage = TeeDefines.USAGE_DERIVE;
            }
            default -> throw Panics.fail(TeeResult.NOT_SUPPORTED, "algorithm 0x" + Integer.toHexString(algorithm));
        }
        need(KeyTypes.validSize(type, maxKeySize) || (type == TeeDefines.TYPE_AES && maxKeySize > 0 && maxKeySize <= 256)
                || (type == TeeDefines.TYPE_ECDH_KEYPAIR && maxKeySize > 0 && maxKeySize <= 521));
        return new TeeOperation(algorithm, cls, mode, maxKeySize, type, usage, h);
    }

    /** The key type of a block cipher algorithm, from its main-algorithm byte. */
    private static int keyTypeOfMainAlgorithm(int algorithm) {
        return switch (algorithm & 0xFF) {
            case 0x10 -> TeeDefines.TYPE_AES;
            case 0x11 -> TeeDefines.TYPE_DES;
            case 0x13 -> TeeDefines.TYPE_DES3;
            default -> TeeDefines.TYPE_SM4;
        };
    }

    private static void need(boolean ok) {
        if (!ok) {
            throw Panics.fail(TeeResult.NOT_SUPPORTED, "mode or key size not supported for this algorithm");
        }
    }

    private static String hashOf(int algorithm) {
        switch (algorithm) {
            case TeeDefines.ALG_SHAKE128, TeeDefines.ALG_SHAKE256 -> {
                return null;
            }
            case TeeDefines.ALG_MD5, TeeDefines.ALG_HMAC_MD5, TeeDefines.ALG_HKDF_MD5_DERIVE_KEY -> {
                return "MD5";
            }
            case TeeDefines.ALG_SM3, TeeDefines.ALG_HMAC_SM3, TeeDefines.ALG_PBKDF2_HMAC_SM3_DERIVE_KEY -> {
                return "SM3";
            }
            case TeeDefines.ALG_ECDSA_SHA1 -> {
                return "SHA-1";
            }
            case TeeDefines.ALG_ECDSA_SHA224 -> {
                return "SHA-224";
            }
            case TeeDefines.ALG_ECDSA_SHA256 -> {
                return "SHA-256";
            }
            case TeeDefines.ALG_ECDSA_SHA384 -> {
                return "SHA-384";
            }
            case TeeDefines.ALG_ECDSA_SHA512 -> {
                return "SHA-512";
            }
            default -> {
            }
        }
        int cls = algorithm >>> 28;
        // digest, HMAC and the KDF extensions keep the digest id in bits 0..7 or 12..15 (GP 1.3.1 table 6-12)
        int id = cls == 0x5 || cls == 0x3 ? algorithm & 0xFF : (algorithm >>> 12) & 0xF;
        if (cls == 0x6 && (algorithm & 0xFF) == 0x30 && ((algorithm >>> 8) & 0xF) == 2) {
            id = (algorithm >>> 20) & 0xF; // OAEP: the MGF1 hash
        }
        return switch (id) {
            case 2 -> "SHA-1";
            case 3 -> "SHA-224";
            case 4 -> "SHA-256";
            case 5 -> "SHA-384";
            case 6 -> "SHA-512";
            case 8 -> "SHA3-224";
            case 9 -> "SHA3-256";
            case 0xA -> "SHA3-384";
            case 0xB -> "SHA3-512";
            default -> null;
        };
    }

    private boolean isPss() {
        return switch (algorithm) {
            case TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA1, TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA224, TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA256,
                 TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA384, TeeDefines.ALG_RSASSA_PKCS1_PSS_MGF1_SHA512 -> true;
            default -> false;
        };
    }

    /** The JDK's digest where it has one (faster), else BouncyCastle's (SM3). */
    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (GeneralSecurityException e) {
            try {
                return MessageDigest.getInstance(name, Bc.provider());
            } catch (GeneralSecurityException e2) {
                throw Panics.fail(TeeResult.NOT_SUPPORTED, name);
            }
        }
    }

    private static int hashLen(String h) {
        return digest(h).getDigestLength();
    }

    // ---------------------------------------------------------------- common

    private void live(int cls) {
        if (freed) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "operation already freed");
        }
        if (opClass != cls) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "wrong operation class for this call");
        }
    }

    private void active(int cls) {
        live(cls);
        if ((handleState & TeeDefines.HANDLE_FLAG_INITIALIZED) == 0 || state != TeeDefines.OPERATION_STATE_ACTIVE) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "operation not initialized");
        }
    }

    private void keyed(int cls) {
        live(cls);
        if (key == null || (algorithm == TeeDefines.ALG_AES_XTS && key2 == null)) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "operation has no key");
        }
    }

    private void finished() {
        state = TeeDefines.OPERATION_STATE_INITIAL;
        handleState &= ~TeeDefines.HANDLE_FLAG_INITIALIZED;
    }

    public int algorithm() {
        return algorithm;
    }

    /** {@code TEE_GetOperationInfo}. */
    public Info info() {
        int digestLength = switch (opClass) {
            case TeeDefines.OPERATION_DIGEST -> md == null ? 0 : md.getDigestLength();
            case TeeDefines.OPERATION_MAC -> hash == null ? blockSize() : hashLen(hash);
            case TeeDefines.OPERATION_AE -> tagLen;
            default -> 0;
        };
        return new Info(algorithm, opClass, mode, digestLength, maxKeySize, key == null ? 0 : key.objectSize,
                requiredUsage, handleState);
    }

    /**
     * {@code TEE_SetOperationKey}: copies the key; null clears it. Panics in a non-initial state,
     * for a digest, an uninitialized key, a key of the wrong type, usage or size.
     */
    public void setKey(TeeObject k) {
        checkKeyable("TEE_SetOperationKey");
        if (algorithm == TeeDefines.ALG_AES_XTS) {
            throw Panics.panic("TEE_SetOperationKey on AES-XTS, which takes two keys (TEE_SetOperationKey2)");
        }
        if (k == null) {
            key = null;
            handleState &= ~(TeeDefines.HANDLE_FLAG_KEY_SET | TeeDefines.HANDLE_FLAG_INITIALIZED);
            return;
        }
        key = checkedCopy(k, "TEE_SetOperationKey");
        handleState |= TeeDefines.HANDLE_FLAG_KEY_SET;
        if (opClass == TeeDefines.OPERATION_ASYMMETRIC_CIPHER || opClass == TeeDefines.OPERATION_ASYMMETRIC_SIGNATURE
                || opClass == TeeDefines.OPERATION_KEY_DERIVATION) {
            handleState |= TeeDefines.HANDLE_FLAG_INITIALIZED;
        }
    }

    /**
     * {@code TEE_SetOperationKey2}: AES-XTS's data key and tweak key, both or neither (null, null clears
     * them); the same checks as {@link #setKey} for each, and any other algorithm panics (GP).
     */
    public void setKey2(TeeObject k1, TeeObject k2) {
        checkKeyable("TEE_SetOperationKey2");
        if (algorithm != TeeDefines.ALG_AES_XTS) {
            throw Panics.panic("TEE_SetOperationKey2 on an algorithm with one key");
        }
        if (k1 == null && k2 == null) {
            key = null;
            key2 = null;
            handleState &= ~(TeeDefines.HANDLE_FLAG_KEY_SET | TeeDefines.HANDLE_FLAG_INITIALIZED);
            return;
        }
        if (k1 == null || k2 == null) {
            throw Panics.panic("TEE_SetOperationKey2 with one key missing");
        }
        TeeObject c1 = checkedCopy(k1, "TEE_SetOperationKey2");
        TeeObject c2 = checkedCopy(k2, "TEE_SetOperationKey2");
        if (c1.objectSize != c2.objectSize) {
            throw Panics.panic("TEE_SetOperationKey2 with keys of different sizes");
        }
        key = c1;
        key2 = c2;
        handleState |= TeeDefines.HANDLE_FLAG_KEY_SET;
    }

    private void checkKeyable(String call) {
        if (freed || opClass == TeeDefines.OPERATION_DIGEST) {
            throw Panics.panic(call + " on a digest or freed operation");
        }
        if (state != TeeDefines.OPERATION_STATE_INITIAL) {
            throw Panics.panic(call + " on an active operation");
        }
    }

    /** The operation's own copy of a key, after GP's checks of its state, type, usage and size. */
    private TeeObject checkedCopy(TeeObject k, String call) {
        k.checkLive();
        if (!k.isInitialized()) {
            throw Panics.panic(call + " with an uninitialized key");
        }
        // a keypair serves where its public key is asked for (verify, encrypt)
        boolean typeOk = k.type() == keyType || KeyTypes.publicOf(k.type()) == keyType;
        if (!typeOk) {
            throw Panics.panic(call + " with a key of the wrong type");
        }
        if ((k.objectUsage() & requiredUsage) != requiredUsage) {
            throw Panics.panic(call + " with a key whose usage forbids this operation");
        }
        if (k.objectSize > maxKeySize) {
            throw Panics.panic(call + " with a key larger than the operation's maximum");
        }
        TeeObject copy = new TeeObject(k.type(), k.maxObjectSize(), null);
        copy.attrs = new LinkedHashMap<>(k.attrs);
        copy.objectSize = k.objectSize;
        copy.usage = k.objectUsage();
        copy.handleFlags = TeeDefines.HANDLE_FLAG_INITIALIZED;
        return copy;
    }

    /** {@code TEE_ResetOperation}: back to the initial state, key kept. */
    public void reset() {
        if (freed) {
            throw Panics.panic("operation already freed");
        }
        state = TeeDefines.OPERATION_STATE_INITIAL;
        if (opClass == TeeDefines.OPERATION_DIGEST) {
            if (md != null) {
                md.reset();
            } else {
                xof.reset();
                extracting = false;
            }
        } else if (opClass == TeeDefines.OPERATION_CIPHER || opClass == TeeDefines.OPERATION_MAC || opClass == TeeDefines.OPERATION_AE) {
            handleState &= ~TeeDefines.HANDLE_FLAG_INITIALIZED;
        }
    }

    /** {@code TEE_FreeOperation}. */
    public void free() {
        freed = true;
        key = null;
        key2 = null;
    }

    private byte[] secret() {
        return key.attrs.get(KeyTypes.secretAttr(key.type())).raw();
    }

    private static int put(byte[] out, byte[] dst) {
        if (dst.length < out.length) {
            throw new ShortBufferException(out.length);
        }
        System.arraycopy(out, 0, dst, 0, out.length);
        return out.length;
    }

    // ---------------------------------------------------------------- digest

    /** {@code TEE_DigestUpdate}. */
    public void digestUpdate(byte[] chunk) {
        live(TeeDefines.OPERATION_DIGEST);
        notExtracting("TEE_DigestUpdate");
        if (md != null) {
            md.update(chunk);
        } else {
            xof.update(chunk, 0, chunk.length);
        }
        state = TeeDefines.OPERATION_STATE_ACTIVE;
    }

    /** {@code TEE_DigestDoFinal}: SHORT_BUFFER (state kept) if {@code hash} is too small; else the length. */
    public int digestDoFinal(byte[] chunk, byte[] hashOut) {
        live(TeeDefines.OPERATION_DIGEST);
        notExtracting("TEE_DigestDoFinal");
        if (xof != null) {
            // an XOF writes as many bytes as the caller asks for
            xof.update(chunk, 0, chunk.length);
            int n = xof.doFinal(hashOut, 0, hashOut.length);
            state = TeeDefines.OPERATION_STATE_INITIAL;
            return n;
        }
        int n = md.getDigestLength();
        if (hashOut.length < n) {
            throw new ShortBufferException(n);
        }
        md.update(chunk);
        byte[] d = md.digest();
        state = TeeDefines.OPERATION_STATE_INITIAL;
        return put(d, hashOut);
    }

    /**
     * {@code TEE_DigestExtract} (GP 1.3.1, SHAKE128/256 only): writes the next {@code out.length} bytes of
     * the output; the input ends at the first call, so a later update or final panics until a reset.
     * Any other digest panics (GP: the algorithm is not extendable).
     */
    public void digestExtract(byte[] out) {
        live(TeeDefines.OPERATION_DIGEST);
        if (xof == null) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "TEE_DigestExtract on a digest without extendable output");
        }
        xof.doOutput(out, 0, out.length);
        extracting = true;
        state = TeeDefines.OPERATION_STATE_EXTRACTING;
    }

    private void notExtracting(String call) {
        if (extracting) {
            throw Panics.panic(TeeResult.BAD_STATE, call + " after TEE_DigestExtract (reset the operation first)");
        }
    }

    // ---------------------------------------------------------------- symmetric cipher

    /** {@code TEE_CipherInit}: CBC and CTR need a 16-byte IV (else a panic); ECB ignores it. */
    public void cipherInit(byte[] iv) {
        keyed(TeeDefines.OPERATION_CIPHER);
        try {
            cipher = null;
            xts = null;
            if (algorithm == TeeDefines.ALG_AES_XTS) {
                // the tweak: the data unit's number, 16 bytes
                if (iv == null || iv.length != 16) {
                    throw Panics.panic(TeeResult.BAD_PARAMETERS, "XTS needs a 16-byte tweak as its IV");
                }
                xts = new Xts(secret(), key2.attrs.get(KeyTypes.secretAttr(key2.type())).raw(), iv, mode == TeeDefines.MODE_ENCRYPT);
                buffered = 0;
                state = TeeDefines.OPERATION_STATE_ACTIVE;
                handleState |= TeeDefines.HANDLE_FLAG_INITIALIZED;
                return;
            }
            String name = cipherName();
            SecretKeySpec k = new SecretKeySpec(cipherKey(), name);
            int m = mode == TeeDefines.MODE_ENCRYPT ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
            // the JDK for AES and DES, BouncyCastle for SM4
            String chain = switch ((algorithm >>> 8) & 0xF) {
                case 0 -> "ECB";
                case 1 -> "CBC";
                case 3 -> "CTS";
                default -> "CTR";
            };
            String transformation = name + "/" + chain + "/NoPadding";
            // CTS: BouncyCastle's, which is CBC-CS3 (RFC 3962's, OP-TEE's); the JDK has none
            cipher = name.equals("SM4") || chain.equals("CTS") ? Cipher.getInstance(transformation, Bc.provider())
                    : Cipher.getInstance(transformation);
            if (chain.equals("ECB")) {
                cipher.init(m, k);
            } else {
                if (iv == null || iv.length != blockSize()) {
                    throw Panics.panic(TeeResult.BAD_PARAMETERS, chain + " needs a " + blockSize() + "-byte IV");
                }
                cipher.init(m, k, new IvParameterSpec(iv));
            }
        } catch (GeneralSecurityException e) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
        }
        buffered = 0;
        state = TeeDefines.OPERATION_STATE_ACTIVE;
        handleState |= TeeDefines.HANDLE_FLAG_INITIALIZED;
    }

    private String cipherName() {
        return switch (keyType) {
            case TeeDefines.TYPE_DES -> "DES";
            case TeeDefines.TYPE_DES3 -> "DESede";
            case TeeDefines.TYPE_SM4 -> "SM4";
            default -> "AES";
        };
    }

    /** The key as the provider takes it: a two-key triple DES key K1‖K2 becomes K1‖K2‖K1. */
    private byte[] cipherKey() {
        byte[] k = secret();
        if (keyType == TeeDefines.TYPE_DES3 && k.length == 16) {
            byte[] k3 = Arrays.copyOf(k, 24);
            System.arraycopy(k, 0, k3, 16, 8);
            return k3;
        }
        return k;
    }

    private int blockSize() {
        return keyType == TeeDefines.TYPE_DES || keyType == TeeDefines.TYPE_DES3 ? 8 : 16;
    }

    /** ECB and CBC without padding: whole blocks only (CTR is a stream). */
    private boolean blockMode() {
        return ((algorithm >>> 8) & 0xF) <= 1;
    }

    /** {@code TEE_CipherUpdate}: SHORT_BUFFER with the size of the whole blocks this call completes. */
    public int cipherUpdate(byte[] src, byte[] dst) {
        active(TeeDefines.OPERATION_CIPHER);
        if (xts != null) {
            try {
                return xts.update(src, dst);
            } catch (GeneralSecurityException e) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
            }
        }
        int bs = blockSize();
        int need = blockMode() ? (buffered + src.length) / bs * bs : src.length;
        if (algorithm == TeeDefines.ALG_AES_CTS) {
            // CTS keeps back its last two blocks (or the partial ones) for the final call's stealing
            int total = buffered + src.length;
            int left = total % (2 * bs);
            need = left == 0 ? Math.max(0, total - 2 * bs) : total - left;
        }
        if (dst.length < need) {
            throw new ShortBufferException(need);
        }
        try {
            int n = cipher.update(src, 0, src.length, dst, 0);
            buffered = algorithm == TeeDefines.ALG_AES_CTS ? buffered + src.length - n
                    : blockMode() ? (buffered + src.length) % bs : 0;
            return n;
        } catch (GeneralSecurityException e) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
        }
    }

    /** {@code TEE_CipherDoFinal}: a NOPAD block mode whose total is not whole blocks panics (OP-TEE). */
    public int cipherDoFinal(byte[] src, byte[] dst) {
        active(TeeDefines.OPERATION_CIPHER);
        if (xts != null) {
            if (xts.finalSize(src.length) < 0) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, "XTS data shorter than one block");
            }
            try {
                int n = xts.doFinal(src, dst);
                finished();
                return n;
            } catch (GeneralSecurityException e) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
            }
        }
        int total = buffered + src.length;
        if (algorithm == TeeDefines.ALG_AES_CTS && total < blockSize()) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "CTS needs at least one block");
        }
        if (blockMode() && total % blockSize() != 0) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "input is not a multiple of the block size");
        }
        if (dst.length < total) {
            throw new ShortBufferException(total);
        }
        try {
            int n = cipher.doFinal(src, 0, src.length, dst, 0);
            finished();
            return n;
        } catch (GeneralSecurityException e) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
        }
    }

    // ---------------------------------------------------------------- MAC

    /** {@code TEE_MACInit} (the IV is unused by HMAC). */
    public void macInit(byte[] iv) {
        keyed(TeeDefines.OPERATION_MAC);
        try {
            mac = null;
            cbcMac = null;
            if (isCbcMac()) {
                cbcMac = CbcMac.create(keyType, cipherKey(), iv, (algorithm & 0x00000F00) == 0x500);
                macBytes = 0;
            } else if (hash == null) {
                // CMAC (NIST SP 800-38B) is BouncyCastle's; the JDK has none
                String name = algorithm == TeeDefines.ALG_AES_CMAC ? "AESCMAC" : "DESEDECMAC";
                mac = Mac.getInstance(name, Bc.provider());
                mac.init(new SecretKeySpec(algorithm == TeeDefines.ALG_AES_CMAC ? secret() : cipherKey(), name));
            } else {
                // the JDK's names: HmacSHA256 but HmacSHA3-256
                String name = "Hmac" + (hash.startsWith("SHA3") ? hash : hash.replace("-", ""));
                mac = hash.equals("SM3") ? Mac.getInstance("HMACSM3", Bc.provider()) : Mac.getInstance(name);
                mac.init(new SecretKeySpec(secret(), name));
            }
        } catch (GeneralSecurityException e) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
        }
        state = TeeDefines.OPERATION_STATE_ACTIVE;
        handleState |= TeeDefines.HANDLE_FLAG_INITIALIZED;
    }

    /** {@code TEE_MACUpdate}. */
    public void macUpdate(byte[] chunk) {
        active(TeeDefines.OPERATION_MAC);
        if (cbcMac != null) {
            cbcMac.update(chunk, 0, chunk.length);
            macBytes += chunk.length;
        } else {
            mac.update(chunk);
        }
    }

    private boolean isCbcMac() {
        return (algorithm & 0xF0000F00) == 0x30000100 || (algorithm & 0xF0000F00) == 0x30000500;
    }

    /** The MAC of everything fed so far and {@code message}; CBC-MAC NOPAD panics on a partial block (OP-TEE). */
    private byte[] macFinal(byte[] message) {
        if (cbcMac == null) {
            return mac.doFinal(message);
        }
        boolean pad = (algorithm & 0x00000F00) == 0x500;
        if (!pad && (macBytes + message.length) % blockSize() != 0) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "CBC-MAC without padding: the input is not whole blocks");
        }
        cbcMac.update(message, 0, message.length);
        byte[] m = new byte[cbcMac.getMacSize()];
        cbcMac.doFinal(m, 0);
        return m;
    }

    private int macLength() {
        return cbcMac != null ? cbcMac.getMacSize() : mac.getMacLength();
    }

    /** {@code TEE_MACComputeFinal}: SHORT_BUFFER with the MAC length. */
    public int macComputeFinal(byte[] message, byte[] macOut) {
        active(TeeDefines.OPERATION_MAC);
        if (macOut.length < macLength()) {
            throw new ShortBufferException(macLength());
        }
        byte[] m = macFinal(message);
        finished();
        return put(m, macOut);
    }

    /** {@code TEE_MACCompareFinal}: MAC_INVALID if {@code expected} differs (constant-time). */
    public void macCompareFinal(byte[] message, byte[] expected) {
        active(TeeDefines.OPERATION_MAC);
        byte[] m = macFinal(message);
        finished();
        if (!MessageDigest.isEqual(m, expected)) {
            throw Panics.fail(TeeResult.MAC_INVALID, "MAC does not match");
        }
    }

    // ---------------------------------------------------------------- authenticated encryption

    /**
     * {@code TEE_AEInit}: NOT_SUPPORTED for a tag length the mode does not have (GCM 96..128,
     * CCM 32..128 bits, in steps of 8 and 16). CCM needs its nonce of 7..13 bytes.
     */
    public void aeInit(byte[] nonceIn, int tagLenBits, int aadLen, int payloadLen) {
        keyed(TeeDefines.OPERATION_AE);
        boolean gcm = algorithm == TeeDefines.ALG_AES_GCM;
        boolean tagOk = gcm ? tagLenBits >= 96 && tagLenBits <= 128 && tagLenBits % 8 == 0
                : tagLenBits >= 32 && tagLenBits <= 128 && tagLenBits % 16 == 0;
        if (!tagOk) {
            throw Panics.fail(TeeResult.NOT_SUPPORTED, "tag length " + tagLenBits);
        }
        if (nonceIn == null || (gcm ? nonceIn.length == 0 : nonceIn.length < 7 || nonceIn.length > 13)) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "nonce length");
        }
        tagLen = tagLenBits / 8;
        nonce = nonceIn.clone();
        payloadStarted = false;
        aeAad = new ByteArrayOutputStream();
        aeData = new ByteArrayOutputStream();
        if (gcm) {
            try {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(mode == TeeDefines.MODE_ENCRYPT ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
                        new SecretKeySpec(secret(), "AES"), new GCMParameterSpec(tagLenBits, nonce));
            } catch (GeneralSecurityException e) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
            }
        }
        state = TeeDefines.OPERATION_STATE_ACTIVE;
        handleState |= TeeDefines.HANDLE_FLAG_INITIALIZED;
    }

    /** {@code TEE_AEUpdateAAD}: panics once payload has been fed. */
    public void aeUpdateAad(byte[] aad) {
        active(TeeDefines.OPERATION_AE);
        if (payloadStarted) {
            throw Panics.panic(TeeResult.BAD_STATE, "AAD after payload");
        }
        if (cipher != null && algorithm == TeeDefines.ALG_AES_GCM) {
            cipher.updateAAD(aad);
        } else {
            aeAad.writeBytes(aad);
        }
    }

    /**
     * {@code TEE_AEUpdate}: GCM encryption streams; GCM decryption and CCM release their output at
     * the final call only (never unauthenticated plain text), which GP allows.
     */
    public int aeUpdate(byte[] src, byte[] dst) {
        active(TeeDefines.OPERATION_AE);
        payloadStarted = true;
        if (algorithm == TeeDefines.ALG_AES_GCM && mode == TeeDefines.MODE_ENCRYPT) {
            if (dst.length < src.length) {
                throw new ShortBufferException(src.length);
            }
            try {
                return cipher.update(src, 0, src.length, dst, 0);
            } catch (GeneralSecurityException e) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
            }
        }
        aeData.writeBytes(src);
        return 0;
    }

    /** {@code TEE_AEEncryptFinal}: SHORT_BUFFER for the output, then for the tag ({@link ShortBufferException#forTag()}). */
    public AeFinal aeEncryptFinal(byte[] src, byte[] dst, byte[] tag) {
        active(TeeDefines.OPERATION_AE);
        if (mode != TeeDefines.MODE_ENCRYPT) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "TEE_AEEncryptFinal on a decrypt operation");
        }
        int pending = algorithm == TeeDefines.ALG_AES_GCM ? src.length : aeData.size() + src.length;
        if (dst.length < pending) {
            throw new ShortBufferException(pending);
        }
        if (tag.length < tagLen) {
            throw new ShortBufferException(tagLen, true);
        }
        byte[] out;
        if (algorithm == TeeDefines.ALG_AES_GCM) {
            try {
                out = cipher.doFinal(src);
            } catch (GeneralSecurityException e) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
            }
        } else {
            aeData.writeBytes(src);
            out = Ccm.encrypt(secret(), nonce, tagLen, aeAad.toByteArray(), aeData.toByteArray());
        }
        int body = out.length - tagLen;
        System.arraycopy(out, 0, dst, 0, body);
        System.arraycopy(out, body, tag, 0, tagLen);
        finished();
        return new AeFinal(body, tagLen);
    }

    /** {@code TEE_AEDecryptFinal}: MAC_INVALID (nothing written) if the tag does not match. */
    public int aeDecryptFinal(byte[] src, byte[] dst, byte[] tag) {
        active(TeeDefines.OPERATION_AE);
        if (mode != TeeDefines.MODE_DECRYPT) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "TEE_AEDecryptFinal on an encrypt operation");
        }
        int pending = aeData.size() + src.length;
        if (dst.length < pending) {
            throw new ShortBufferException(pending);
        }
        aeData.writeBytes(src);
        byte[] body = aeData.toByteArray();
        byte[] plain;
        if (tag.length != tagLen) {
            finished();
            throw Panics.fail(TeeResult.MAC_INVALID, "tag length differs from the one initialised");
        }
        if (algorithm == TeeDefines.ALG_AES_GCM) {
            try {
                cipher.update(body);
                plain = cipher.doFinal(tag);
            } catch (AEADBadTagException e) {
                plain = null;
            } catch (GeneralSecurityException e) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
            }
        } else {
            plain = Ccm.decrypt(secret(), nonce, aeAad.toByteArray(), body, tag);
        }
        finished();
        if (plain == null) {
            throw Panics.fail(TeeResult.MAC_INVALID, "tag does not match");
        }
        System.arraycopy(plain, 0, dst, 0, plain.length);
        return plain.length;
    }

    // ---------------------------------------------------------------- asymmetric

    private Map<Integer, Attribute> params(Attribute[] ps) {
        Map<Integer, Attribute> m = new LinkedHashMap<>();
        if (ps != null) {
            for (Attribute a : ps) {
                m.put(a.id(), a);
            }
        }
        return m;
    }

    private int modulusBytes() {
        return (KeyTypes.big(key.attrs.get(TeeDefines.ATTR_RSA_MODULUS)).bitLength() + 7) / 8;
    }

    private Cipher rsaCipher(int jceMode, Key k, Map<Integer, Attribute> ps) throws GeneralSecurityException {
        if (algorithm == TeeDefines.ALG_RSAES_PKCS1_V1_5) {
            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(jceMode, k);
            return c;
        }
        if (algorithm == TeeDefines.ALG_RSA_NOPAD) {
            Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
            c.init(jceMode, k);
            return c;
        }
        Attribute label = ps.get(TeeDefines.ATTR_RSA_OAEP_LABEL);
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(jceMode, k, new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                label == null ? PSource.PSpecified.DEFAULT : new PSource.PSpecified(label.raw())));
        return c;
    }

    /** {@code TEE_AsymmetricEncrypt}: SHORT_BUFFER with the modulus size; BAD_PARAMETERS for a message too long. */
    public int asymmetricEncrypt(Attribute[] params, byte[] src, byte[] dst) {
        keyed(TeeDefines.OPERATION_ASYMMETRIC_CIPHER);
        if (mode != TeeDefines.MODE_ENCRYPT) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "TEE_AsymmetricEncrypt on a decrypt operation");
        }
        if (algorithm == TeeDefines.ALG_SM2_PKE) {
            int need = src.length + Sm2.PKE_OVERHEAD;
            if (dst.length < need) {
                throw new ShortBufferException(need);
            }
            return put(Sm2.encrypt(key.attrs, src), dst);
        }
        int k = modulusBytes();
        if (dst.length < k) {
            throw new ShortBufferException(k);
        }
        try {
            return put(rsaCipher(Cipher.ENCRYPT_MODE, KeyTypes.rsaPublic(key.attrs), params(params)).doFinal(src), dst);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, e.toString());
        }
    }

    /** {@code TEE_AsymmetricDecrypt}: BAD_PARAMETERS for a cipher text that does not decode; SHORT_BUFFER with the plain size. */
    public int asymmetricDecrypt(Attribute[] params, byte[] src, byte[] dst) {
        keyed(TeeDefines.OPERATION_ASYMMETRIC_CIPHER);
        if (mode != TeeDefines.MODE_DECRYPT) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "TEE_AsymmetricDecrypt on an encrypt operation");
        }
        if (algorithm == TeeDefines.ALG_SM2_PKE) {
            return put(Sm2.decrypt(key.attrs, src), dst);
        }
        byte[] plain;
        try {
            plain = rsaCipher(Cipher.DECRYPT_MODE, KeyTypes.rsaPrivate(key.attrs), params(params)).doFinal(src);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, "cipher text does not decrypt");
        }
        return put(plain, dst);
    }

    private int sigLen() {
        return switch (KeyTypes.kind(key.type())) {
            case RSA -> modulusBytes();
            case DSA -> Ffc.dsaSignatureBytes(key.attrs);
            case ED25519 -> Curve25519.SIGNATURE_BYTES;
            case SM2 -> Sm2.SIGNATURE_BYTES;
            default -> 2 * ((key.objectSize + 7) / 8);
        };
    }

    private boolean bcCurve() {
        return KeyTypes.kind(key.type()) == KeyTypes.Kind.ECC && BcEcc.handles(key.attrs.get(TeeDefines.ATTR_ECC_CURVE).a());
    }

    /** {@code TEE_AsymmetricSignDigest}: SHORT_BUFFER with the signature size; ECDSA signatures are raw r‖s. */
    public int asymmetricSignDigest(Attribute[] params, byte[] digestIn, byte[] signature) {
        keyed(TeeDefines.OPERATION_ASYMMETRIC_SIGNATURE);
        if (mode != TeeDefines.MODE_SIGN) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "TEE_AsymmetricSignDigest on a verify operation");
        }
        int n = sigLen();
        if (signature.length < n) {
            throw new ShortBufferException(n);
        }
        try {
            byte[] sig;
            if (KeyTypes.kind(key.type()) == KeyTypes.Kind.ED25519) {
                sig = Curve25519.sign(key.attrs, params(params), digestIn);
            } else if (KeyTypes.kind(key.type()) == KeyTypes.Kind.SM2) {
                sig = Sm2.sign(key.attrs, digestIn);
            } else if (KeyTypes.kind(key.type()) == KeyTypes.Kind.DSA) {
                sig = Ffc.dsaSign(key.attrs, digestIn);
            } else if (bcCurve()) {
                sig = BcEcc.sign(key.attrs, digestIn, n / 2);
            } else if (KeyTypes.kind(key.type()) == KeyTypes.Kind.ECC) {
                Signature s = Signature.getInstance("NONEwithECDSAinP1363Format");
                s.initSign(KeyTypes.ecPrivate(key.attrs), KeyTypes.RANDOM);
                s.update(digestIn);
                sig = s.sign();
            } else {
                checkDigestLength(digestIn);
                PrivateKey pk = KeyTypes.rsaPrivate(key.attrs);
                if (isPss()) {
                    int bits = KeyTypes.big(key.attrs.get(TeeDefines.ATTR_RSA_MODULUS)).bitLength();
                    byte[] em = Pss.encode(hash, digestIn, saltLen(params), bits - 1);
                    Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
                    c.init(Cipher.ENCRYPT_MODE, pk);
                    sig = c.doFinal(em);
                } else {
                    Signature s = Signature.getInstance("NONEwithRSA");
                    s.initSign(pk);
                    s.update(Pss.digestInfo(hash, digestIn));
                    sig = s.sign();
                }
            }
            return put(sig, signature);
        } catch (GeneralSecurityException e) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
        }
    }

    /** {@code TEE_AsymmetricVerifyDigest}: SIGNATURE_INVALID when it does not verify. */
    public void asymmetricVerifyDigest(Attribute[] params, byte[] digestIn, byte[] signature) {
        keyed(TeeDefines.OPERATION_ASYMMETRIC_SIGNATURE);
        if (mode != TeeDefines.MODE_VERIFY) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "TEE_AsymmetricVerifyDigest on a sign operation");
        }
        boolean ok;
        try {
            if (KeyTypes.kind(key.type()) == KeyTypes.Kind.ED25519) {
                ok = Curve25519.verify(key.attrs, params(params), digestIn, signature);
            } else if (KeyTypes.kind(key.type()) == KeyTypes.Kind.SM2) {
                ok = Sm2.verify(key.attrs, digestIn, signature);
            } else if (KeyTypes.kind(key.type()) == KeyTypes.Kind.DSA) {
                ok = Ffc.dsaVerify(key.attrs, digestIn, signature);
            } else if (bcCurve()) {
                ok = BcEcc.verify(key.attrs, digestIn, signature, sigLen() / 2);
            } else if (KeyTypes.kind(key.type()) == KeyTypes.Kind.ECC) {
                Signature s = Signature.getInstance("NONEwithECDSAinP1363Format");
                s.initVerify(KeyTypes.ecPublic(key.attrs));
                s.update(digestIn);
                ok = signature.length == sigLen() && s.verify(signature);
            } else {
                checkDigestLength(digestIn);
                PublicKey pk = KeyTypes.rsaPublic(key.attrs);
                if (isPss()) {
                    int k = modulusBytes();
                    if (signature.length != k) {
                        ok = false;
                    } else {
                        Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
                        c.init(Cipher.DECRYPT_MODE, pk);
                        byte[] em = c.doFinal(signature);
                        int bits = ((RSAKey) pk).getModulus().bitLength();
                        ok = Pss.verify(hash, digestIn, em, saltLen(params), bits - 1);
                    }
                } else {
                    Signature s = Signature.getInstance("NONEwithRSA");
                    s.initVerify(pk);
                    s.update(Pss.digestInfo(hash, digestIn));
                    ok = s.verify(signature);
                }
            }
        } catch (SignatureException | javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
            ok = false;
        } catch (GeneralSecurityException e) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
        }
        if (!ok) {
            throw Panics.fail(TeeResult.SIGNATURE_INVALID, "signature does not verify");
        }
    }

    private void checkDigestLength(byte[] d) {
        if (d.length != hashLen(hash)) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "digest length " + d.length + " for " + hash);
        }
    }

    private int saltLen(Attribute[] ps) {
        Attribute s = params(ps).get(TeeDefines.ATTR_RSA_PSS_SALT_LENGTH);
        return s == null ? hashLen(hash) : s.a();
    }

    // ---------------------------------------------------------------- derivation

    /**
     * {@code TEE_DeriveKey} into {@code derived} (a transient, uninitialized GENERIC_SECRET large
     * enough): ECDH with the peer's {@code ECC_PUBLIC_VALUE_X/Y}, or HKDF with OP-TEE's salt, info
     * and OKM length attributes. Every failure is a panic, as the GP function returns nothing.
     */
    public void deriveKey(Attribute[] params, TeeObject derived) {
        keyed(TeeDefines.OPERATION_KEY_DERIVATION);
        derived.checkLive();
        if (derived.isPersistent() || derived.isInitialized() || derived.type() != TeeDefines.TYPE_GENERIC_SECRET) {
            throw Panics.panic("TEE_DeriveKey needs an uninitialized transient GENERIC_SECRET");
        }
        Map<Integer, Attribute> ps = params(params);
        byte[] secret;
        if (algorithm == TeeDefines.ALG_ECDH_DERIVE_SHARED_SECRET) {
            Attribute x = ps.get(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X);
            Attribute y = ps.get(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y);
            if (x == null || y == null) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, "ECDH needs the peer's public value");
            }
            if (bcCurve()) {
                secret = BcEcc.agree(key.attrs, x, y, (key.objectSize + 7) / 8);
            } else try {
                KeyAgreement ka = KeyAgreement.getInstance("ECDH");
                ka.init(KeyTypes.ecPrivate(key.attrs));
                ka.doPhase(KeyTypes.ecPublic(key.attrs.get(TeeDefines.ATTR_ECC_CURVE).a(), x, y), true);
                secret = ka.generateSecret();
            } catch (GeneralSecurityException | dev.jtee.api.TeeException e) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
            }
        } else if (algorithm == TeeDefines.ALG_DH_DERIVE_SHARED_SECRET) {
            Attribute peer = ps.get(TeeDefines.ATTR_DH_PUBLIC_VALUE);
            if (peer == null) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, "DH needs the peer's TEE_ATTR_DH_PUBLIC_VALUE");
            }
            secret = Ffc.dhAgree(key.attrs, peer);
        } else if (algorithm == TeeDefines.ALG_X25519) {
            Attribute peer = ps.get(TeeDefines.ATTR_X25519_PUBLIC_VALUE);
            if (peer == null) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, "X25519 needs the peer's TEE_ATTR_X25519_PUBLIC_VALUE");
            }
            secret = Curve25519.agree(key.attrs, peer.raw());
        } else if (algorithm == TeeDefines.ALG_X448) {
            Attribute peer = ps.get(TeeDefines.ATTR_X448_PUBLIC_VALUE);
            if (peer == null) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, "X448 needs the peer's TEE_ATTR_X448_PUBLIC_VALUE");
            }
            secret = Curve448.agree(key.attrs, peer.raw());
        } else if ((algorithm & 0xFF) == 0xC1) {
            Attribute len = ps.get(TeeDefines.ATTR_CONCAT_KDF_DKM_LENGTH);
            if (len == null || len.a() <= 0 || len.a() > 4096 / 8) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, "concat KDF needs TEE_ATTR_CONCAT_KDF_DKM_LENGTH in 1..512");
            }
            Attribute other = ps.get(TeeDefines.ATTR_CONCAT_KDF_OTHER_INFO);
            secret = Kdf.concat(hash, secret(), other == null ? new byte[0] : other.raw(), len.a());
        } else if ((algorithm & 0xFF) == 0xC2) {
            Attribute len = ps.get(TeeDefines.ATTR_PBKDF2_DKM_LENGTH);
            Attribute count = ps.get(TeeDefines.ATTR_PBKDF2_ITERATION_COUNT);
            if (len == null || len.a() <= 0 || len.a() > 4096 / 8 || count == null || count.a() <= 0) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, "PBKDF2 needs TEE_ATTR_PBKDF2_DKM_LENGTH in 1..512 and an iteration count");
            }
            Attribute salt = ps.get(TeeDefines.ATTR_PBKDF2_SALT);
            secret = Kdf.pbkdf2(hash, secret(), salt == null ? new byte[0] : salt.raw(), count.a(), len.a());
        } else {
            Attribute len = ps.get(TeeDefines.ATTR_HKDF_OKM_LENGTH);
            if (len == null || len.a() <= 0 || len.a() > 255 * hashLen(hash)) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, "HKDF needs TEE_ATTR_HKDF_OKM_LENGTH in 1..255*HashLen");
            }
            Attribute salt = ps.get(TeeDefines.ATTR_HKDF_SALT);
            Attribute infoAttr = ps.get(TeeDefines.ATTR_HKDF_INFO);
            secret = Hkdf.derive(hash, salt == null ? new byte[0] : salt.raw(), secret(),
                    infoAttr == null ? new byte[0] : infoAttr.raw(), len.a());
        }
        if (secret.length * 8 > derived.maxObjectSize()) {
            throw Panics.panic("TEE_DeriveKey: derived object too small for " + secret.length + " bytes");
        }
        derived.attrs = new LinkedHashMap<>(Map.of(TeeDefines.ATTR_SECRET_VALUE, Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, secret)));
        derived.objectSize = secret.length * 8;
        derived.handleFlags |= TeeDefines.HANDLE_FLAG_INITIALIZED;
        Arrays.fill(secret, (byte) 0);
    }
}
