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
    private Cipher cipher;
    /**
     * GCM encryption with a 96-bit nonce after its first TEE_AEUpdate: the AES-CTR stream GCM encrypts
     * with (from counter 2), so an update writes every byte as OP-TEE's does (the JDK's GCM keeps back a
     * partial block); the JDK's GCM then makes the tag over the kept input at the final call.
     */
    private Cipher gcmStream;
    /** CCM: payload bytes whose output TEE_AEUpdate released (whole blocks). */
    private int ccmReleased;
    /** AES-XTS or AES-CTS: the modes that steal for a partial last block, with libutee's buffering. */
    private StealingMode stealing;
    private int buffered;
    private int tagLen;
    private byte[] nonce;
    private boolean payloadStarted;
    private ByteArrayOutputStream aeAad;
    private ByteArrayOutputStream aeData;

    // what TEE_CopyOperation needs of a cipher's state, which the providers do not copy
    /** The IV of TEE_CipherInit (XTS: the tweak) or TEE_MACInit. */
    private byte[] iv;
    /** Bytes fed to the cipher since TEE_CipherInit. */
    private long fed;
    /** The last bytes fed (up to 3 blocks: what is kept back and the cipher text block before it). */
    private byte[] tail;
    /** CBC encryption: the last cipher text block written (the chaining value). */
    private byte[] chain;
    /** A MAC whose provider cannot clone it (BouncyCastle's): its input since TEE_MACInit, replayed by a copy. */
    private ByteArrayOutputStream macJournal;
    /** A non-XOF digest after TEE_DigestExtract: its hash, and how much of it went out. */
    private byte[] extracted;
    private int extractedOffset;

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
            case TeeDefines.ALG_RSASSA_PKCS1_V1_5, TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA1, TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA224,
                 TeeDefines.ALG_RSASSA_PKCS1_V1_5_SHA256,
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
            case TeeDefines.ALG_SM2_KEP -> {
                need(mode == TeeDefines.MODE_DERIVE);
                need(maxKeySize == 256 || maxKeySize == 512); // 512: both keys' bits, as xtest allocates it
                cls = TeeDefines.OPERATION_KEY_DERIVATION;
                type = TeeDefines.TYPE_SM2_KEP_KEYPAIR;
                usage = TeeDefines.USAGE_DERIVE;
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
        need(KeyTypes.validSize(type, maxKeySize) || KeyTypes.legacyDesSize(type, maxKeySize) || (type == TeeDefines.TYPE_AES && maxKeySize > 0
                        && maxKeySize <= (algorithm == TeeDefines.ALG_AES_XTS ? 512 : 256)) // XTS: both keys' bits, as xtest counts them
                || (type == TeeDefines.TYPE_ECDH_KEYPAIR && maxKeySize > 0 && maxKeySize <= 521)
                || algorithm == TeeDefines.ALG_SM2_KEP);
        TeeOperation op = new TeeOperation(algorithm, cls, mode, maxKeySize, type, usage, h);
        if (twoKeys(algorithm)) {
            op.handleState |= TeeDefines.HANDLE_FLAG_EXPECT_TWO_KEYS; // libutee's flag for XTS and SM2 key exchange
        }
        return op;
    }

    /** GP's TEE_CRYPTO_ELEMENT_NONE. */
    private static final int ELEMENT_NONE = 0;

    /** Key sizes {@link #isAlgorithmSupported} tries: one of them fits every algorithm the engine has. */
    private static final int[] PROBE_SIZES = {0, 128, 256, 64, 192, 1024, 2048, 512, 3072};

    /**
     * {@code TEE_IsAlgorithmSupported}: whether {@link #allocate} takes {@code algorithm} in some mode and key
     * size. As OP-TEE's libutee, an ECC algorithm needs its curve as {@code element} (ECDSA the curve its id
     * names, ECDH any NIST curve, X25519 and Ed25519 curve 25519, SM2 the SM2 curve) and every other
     * algorithm {@code TEE_CRYPTO_ELEMENT_NONE}; OP-TEE's own ECDSA/ECDH ids per curve count too.
     */
    public static boolean isAlgorithmSupported(int algorithm, int element) {
        int curveBits = switch (element) {
            case TeeDefines.ECC_CURVE_NIST_P192 -> 192;
            case TeeDefines.ECC_CURVE_NIST_P224 -> 224;
            case TeeDefines.ECC_CURVE_NIST_P256, TeeDefines.ECC_CURVE_25519, TeeDefines.ECC_CURVE_SM2 -> 256;
            case TeeDefines.ECC_CURVE_NIST_P384 -> 384;
            case TeeDefines.ECC_CURVE_NIST_P521 -> 521;
            default -> 0;
        };
        // OP-TEE's __OPTEE_ALG_ECDSA_P192..P521 (0x7000n041) and __OPTEE_ALG_ECDH_P192..P521 (0x8000n042)
        if ((algorithm & 0xFFFF0FFF) == 0x70000041 && ((algorithm >>> 12) & 0xF) >= 1 && ((algorithm >>> 12) & 0xF) <= 5) {
            algorithm = ecdsaOfCurve((algorithm >>> 12) & 0xF);
        } else if ((algorithm & 0xFFFF0FFF) == 0x80000042 && ((algorithm >>> 12) & 0xF) >= 1 && ((algorithm >>> 12) & 0xF) <= 5) {
            if (element != ((algorithm >>> 12) & 0xF)) {
                return false;
            }
            algorithm = TeeDefines.ALG_ECDH_DERIVE_SHARED_SECRET;
        }
        int mode;
        switch (algorithm) {
            case TeeDefines.ALG_ECDSA_SHA1, TeeDefines.ALG_ECDSA_SHA224, TeeDefines.ALG_ECDSA_SHA256, TeeDefines.ALG_ECDSA_SHA384,
                 TeeDefines.ALG_ECDSA_SHA512 -> {
                if (element != ecdsaCurve(algorithm)) {
                    return false;
                }
                return allocates(algorithm, TeeDefines.MODE_SIGN, curveBits);
            }
            case TeeDefines.ALG_ECDH_DERIVE_SHARED_SECRET -> {
                return element >= TeeDefines.ECC_CURVE_NIST_P192 && element <= TeeDefines.ECC_CURVE_NIST_P521
                        && allocates(algorithm, TeeDefines.MODE_DERIVE, curveBits);
            }
            case TeeDefines.ALG_X25519, TeeDefines.ALG_ED25519 -> {
                return element == TeeDefines.ECC_CURVE_25519
                        && allocates(algorithm, algorithm == TeeDefines.ALG_X25519 ? TeeDefines.MODE_DERIVE : TeeDefines.MODE_SIGN, 256);
            }
            case TeeDefines.ALG_SM2_DSA_SM3, TeeDefines.ALG_SM2_PKE, TeeDefines.ALG_SM2_KEP -> {
                return element == TeeDefines.ECC_CURVE_SM2
                        && allocates(algorithm, switch (algorithm) {
                            case TeeDefines.ALG_SM2_DSA_SM3 -> TeeDefines.MODE_SIGN;
                            case TeeDefines.ALG_SM2_KEP -> TeeDefines.MODE_DERIVE;
                            default -> TeeDefines.MODE_ENCRYPT;
                        }, 256);
            }
            case TeeDefines.ALG_RSASSA_PKCS1_V1_5 -> { // OP-TEE's extension id: class 0xF says nothing of the mode
                return element == ELEMENT_NONE && allocates(algorithm, TeeDefines.MODE_SIGN, 1024);
            }
            default -> mode = switch (algorithm >>> 28) {
                case 0x1, 0x4, 0x6 -> TeeDefines.MODE_ENCRYPT;
                case 0x3 -> TeeDefines.MODE_MAC;
                case 0x5 -> TeeDefines.MODE_DIGEST;
                case 0x7 -> TeeDefines.MODE_SIGN;
                case 0x8 -> TeeDefines.MODE_DERIVE;
                default -> -1;
            };
        }
        if (element != ELEMENT_NONE || mode < 0) {
            return false;
        }
        for (int size : PROBE_SIZES) {
            if (allocates(algorithm, mode, size)) {
                return true;
            }
        }
        return false;
    }

    private static int ecdsaCurve(int algorithm) {
        return switch (algorithm) {
            case TeeDefines.ALG_ECDSA_SHA1 -> TeeDefines.ECC_CURVE_NIST_P192;
            case TeeDefines.ALG_ECDSA_SHA224 -> TeeDefines.ECC_CURVE_NIST_P224;
            case TeeDefines.ALG_ECDSA_SHA256 -> TeeDefines.ECC_CURVE_NIST_P256;
            case TeeDefines.ALG_ECDSA_SHA384 -> TeeDefines.ECC_CURVE_NIST_P384;
            default -> TeeDefines.ECC_CURVE_NIST_P521;
        };
    }

    private static int ecdsaOfCurve(int curve) {
        return switch (curve) {
            case TeeDefines.ECC_CURVE_NIST_P192 -> TeeDefines.ALG_ECDSA_SHA1;
            case TeeDefines.ECC_CURVE_NIST_P224 -> TeeDefines.ALG_ECDSA_SHA224;
            case TeeDefines.ECC_CURVE_NIST_P256 -> TeeDefines.ALG_ECDSA_SHA256;
            case TeeDefines.ECC_CURVE_NIST_P384 -> TeeDefines.ALG_ECDSA_SHA384;
            default -> TeeDefines.ALG_ECDSA_SHA512;
        };
    }

    private static boolean allocates(int algorithm, int mode, int maxKeySize) {
        try {
            allocate(algorithm, mode, maxKeySize);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
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
        if (key == null || (twoKeys(algorithm) && key2 == null)) {
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

    /** AES-XTS (data and tweak key) and SM2 key exchange (static and ephemeral key pair) take two keys. */
    private static boolean twoKeys(int algorithm) {
        return algorithm == TeeDefines.ALG_AES_XTS || algorithm == TeeDefines.ALG_SM2_KEP;
    }

    /** {@code TEE_GetOperationInfo}. */
    public Info info() {
        int digestLength = switch (opClass) {
            case TeeDefines.OPERATION_DIGEST -> md == null ? 0 : md.getDigestLength();
            case TeeDefines.OPERATION_MAC -> hash == null ? blockSize() : hashLen(hash);
            case TeeDefines.OPERATION_AE -> tagLen;
            default -> 0;
        };
        // libutee: a two-key operation shows neither size nor usage here (TEE_GetOperationInfoMultiple does)
        boolean two = (handleState & TeeDefines.HANDLE_FLAG_EXPECT_TWO_KEYS) != 0;
        return new Info(algorithm, opClass, mode, digestLength, maxKeySize, two || key == null ? 0 : key.objectSize,
                two ? 0 : requiredUsage, handleState);
    }

    /** GP's operationState of {@code TEE_GetOperationInfoMultiple}: initial, active or extracting. */
    public int operationState() {
        return state;
    }

    /** The usage a key of this operation needs. */
    public int requiredKeyUsage() {
        return requiredUsage;
    }

    /** {@code TEE_GetOperationInfoMultiple}'s keys: none for a digest, two for AES-XTS, else one. */
    public int numberOfKeys() {
        return opClass == TeeDefines.OPERATION_DIGEST ? 0 : (handleState & TeeDefines.HANDLE_FLAG_EXPECT_TWO_KEYS) != 0 ? 2 : 1;
    }

    /** The size in bits of key 1 or 2 as set (0 when none is). */
    public int keySize(int which) {
        TeeObject k = which == 1 ? key : key2;
        return k == null ? 0 : k.objectSize;
    }

    /**
     * {@code TEE_SetOperationKey}: copies the key; null clears it. Panics in a non-initial state,
     * for a digest, an uninitialized key, a key of the wrong type, usage or size.
     */
    public void setKey(TeeObject k) {
        checkKeyable("TEE_SetOperationKey");
        if (twoKeys(algorithm)) {
            throw Panics.panic("TEE_SetOperationKey on an algorithm that takes two keys (TEE_SetOperationKey2)");
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
        if (!twoKeys(algorithm)) {
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
        if (opClass == TeeDefines.OPERATION_KEY_DERIVATION) {
            handleState |= TeeDefines.HANDLE_FLAG_INITIALIZED; // nothing to init before TEE_DeriveKey
        }
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

    /**
     * {@code TEE_CopyOperation} into this operation: {@code src}'s key(s), handle and operation state and the
     * state of its digest, cipher, MAC or AE computation, so both go on independently. Panics (GP) when either
     * is freed, the algorithms or modes differ, or the source's key is larger than this operation's maximum.
     */
    public void copyFrom(TeeOperation src) {
        if (freed || src.freed) {
            throw Panics.panic("TEE_CopyOperation with a freed operation");
        }
        if (src == this) {
            return;
        }
        if (algorithm != src.algorithm || mode != src.mode) {
            throw Panics.panic("TEE_CopyOperation between operations of different algorithms or modes");
        }
        if (src.key != null && src.key.objectSize > maxKeySize) {
            throw Panics.panic("TEE_CopyOperation of a key larger than the destination's maximum");
        }
        key = src.key; // an operation's key is its own copy and never changes: both may hold it
        key2 = src.key2;
        boolean active = src.state != TeeDefines.OPERATION_STATE_INITIAL;
        switch (opClass) {
            case TeeDefines.OPERATION_DIGEST -> {
                try {
                    md = src.md == null ? null : (MessageDigest) src.md.clone();
                } catch (CloneNotSupportedException e) {
                    throw Panics.panic(TeeResult.NOT_SUPPORTED, "TEE_CopyOperation: the digest does not copy");
                }
                xof = src.xof == null ? null : new SHAKEDigest((SHAKEDigest) src.xof);
                extracted = src.extracted == null ? null : src.extracted.clone();
                extractedOffset = src.extractedOffset;
            }
            case TeeDefines.OPERATION_CIPHER -> {
                if (active && src.stealing != null) {
                    cipherInit(src.iv);
                    stealing.copyStateFrom(src.stealing);
                } else if (active) {
                    cipherCopy(src);
                } else {
                    cipher = null;
                    stealing = null;
                }
            }
            case TeeDefines.OPERATION_MAC -> {
                if (active && src.macJournal == null) {
                    macInit(src.iv);
                    try {
                        mac = (Mac) src.mac.clone();
                    } catch (CloneNotSupportedException e) {
                        throw Panics.panic(TeeResult.NOT_SUPPORTED, "TEE_CopyOperation: the MAC does not copy");
                    }
                } else if (active) {
                    macInit(src.iv);
                    byte[] fedSoFar = src.macJournal.toByteArray();
                    macUpdate(fedSoFar);
                }
            }
            case TeeDefines.OPERATION_AE -> {
                if (active) {
                    aeInit(src.nonce, src.tagLen * 8, 0, 0);
                    byte[] aad = src.aeAad.toByteArray();
                    byte[] data = src.aeData.toByteArray();
                    aeAad.writeBytes(aad);
                    aeData.writeBytes(data);
                    ccmReleased = src.ccmReleased;
                    if (cipher != null) {
                        cipher.updateAAD(aad);
                        if (src.gcmStream != null) { // GCM payload went through the stream (and only there)
                            try {
                                gcmStream = gcmStreamAt(data.length);
                            } catch (GeneralSecurityException e) {
                                throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
                            }
                        }
                    }
                    payloadStarted = src.payloadStarted;
                }
            }
            default -> {
            }
        }
        handleState = src.handleState;
        state = src.state;
    }

    /** {@code TEE_ResetOperation}: back to the initial state, key kept. */
    public void reset() {
        if (freed) {
            throw Panics.panic("operation already freed");
        }
        state = TeeDefines.OPERATION_STATE_INITIAL;
        if (opClass == TeeDefines.OPERATION_DIGEST) {
            restartDigest();
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

    /**
     * {@code TEE_DigestDoFinal}: SHORT_BUFFER (state kept) if {@code hash} is too small; else the length.
     * After TEE_DigestExtract (libutee): no more input (a panic), the rest of the output goes.
     */
    public int digestDoFinal(byte[] chunk, byte[] hashOut) {
        live(TeeDefines.OPERATION_DIGEST);
        if (state == TeeDefines.OPERATION_STATE_EXTRACTING) {
            if (chunk.length > 0) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, "TEE_DigestDoFinal with input after TEE_DigestExtract");
            }
            int n = xof != null ? xof.doFinal(hashOut, 0, hashOut.length)
                    : put(Arrays.copyOfRange(extracted, extractedOffset,
                            extractedOffset + Math.min(extracted.length - extractedOffset, hashOut.length)), hashOut);
            restartDigest();
            return n;
        }
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

    private void restartDigest() {
        if (md != null) {
            md.reset();
        } else {
            xof.reset();
        }
        extracted = null;
        extractedOffset = 0;
        handleState &= ~TeeDefines.HANDLE_FLAG_EXTRACTING;
        state = TeeDefines.OPERATION_STATE_INITIAL;
    }

    /**
     * {@code TEE_DigestExtract} (GP 1.3.1): ends the input at the first call and writes the next bytes of the
     * output: as many as asked of an XOF (SHAKE128/256), of another digest at most what is left of its hash
     * (libutee's). Returns the bytes written; an update or a final with input then panics until a reset.
     */
    public int digestExtract(byte[] out) {
        live(TeeDefines.OPERATION_DIGEST);
        if (xof != null) {
            xof.doOutput(out, 0, out.length);
            handleState |= TeeDefines.HANDLE_FLAG_EXTRACTING;
            state = TeeDefines.OPERATION_STATE_EXTRACTING;
            return out.length;
        }
        if (state != TeeDefines.OPERATION_STATE_EXTRACTING) {
            extracted = md.digest();
            extractedOffset = 0;
            handleState |= TeeDefines.HANDLE_FLAG_EXTRACTING;
            state = TeeDefines.OPERATION_STATE_EXTRACTING;
        }
        int n = Math.min(extracted.length - extractedOffset, out.length);
        System.arraycopy(extracted, extractedOffset, out, 0, n);
        extractedOffset += n;
        return n;
    }

    private void notExtracting(String call) {
        if (state == TeeDefines.OPERATION_STATE_EXTRACTING) {
            throw Panics.panic(TeeResult.BAD_STATE, call + " after TEE_DigestExtract (reset the operation first)");
        }
    }

    // ---------------------------------------------------------------- symmetric cipher

    /** {@code TEE_CipherInit}: CBC and CTR need a 16-byte IV (else a panic); ECB ignores it. */
    public void cipherInit(byte[] iv) {
        keyed(TeeDefines.OPERATION_CIPHER);
        try {
            cipher = null;
            stealing = null;
            if (algorithm == TeeDefines.ALG_AES_XTS || algorithm == TeeDefines.ALG_AES_CTS) {
                // the tweak: the data unit's number, 16 bytes
                boolean xts = algorithm == TeeDefines.ALG_AES_XTS;
                if (iv == null || iv.length != 16) {
                    throw Panics.panic(TeeResult.BAD_PARAMETERS, xts ? "XTS needs a 16-byte tweak as its IV" : "CTS needs a 16-byte IV");
                }
                boolean enc = mode == TeeDefines.MODE_ENCRYPT;
                stealing = xts ? new Xts(secret(), key2.attrs.get(KeyTypes.secretAttr(key2.type())).raw(), iv, enc)
                        : new Cts(secret(), iv, enc);
                this.iv = iv.clone();
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
                default -> "CTR";
            };
            String transformation = name + "/" + chain + "/NoPadding";
            cipher = !name.equals("SM4") ? Cipher.getInstance(transformation)
                    : chain.equals("CTR") ? StreamingCtr.sm4() : Cipher.getInstance(transformation, Bc.provider());
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
        this.iv = iv == null ? null : iv.clone();
        fed = 0;
        if (tail == null) {
            tail = new byte[3 * blockSize()];
            chain = new byte[blockSize()];
        }
        state = TeeDefines.OPERATION_STATE_ACTIVE;
        handleState |= TeeDefines.HANDLE_FLAG_INITIALIZED;
    }

    /** Keeps what a copy needs of an update: the count, the last input bytes, CBC/CTS's chaining block. */
    private void track(byte[] src, byte[] dst, int written) {
        int keep = Math.min(src.length, tail.length);
        System.arraycopy(tail, keep, tail, 0, tail.length - keep);
        System.arraycopy(src, src.length - keep, tail, tail.length - keep, keep);
        fed += src.length;
        int bs = blockSize();
        if (mode == TeeDefines.MODE_ENCRYPT && written >= bs) {
            System.arraycopy(dst, written - bs, chain, 0, bs);
        }
    }

    /**
     * A fresh provider cipher in the state of {@code src}'s (TEE_CopyOperation): ECB, CBC and CTS start again
     * from the chaining block (CBC/CTS encryption: the last cipher text written; decryption: the last cipher
     * text block consumed) and take the bytes {@code src} keeps back; CTR starts at its counter block and
     * skips the used part of its key stream.
     */
    private void cipherCopy(TeeOperation src) {
        int bs = blockSize();
        long done = src.fed - src.buffered; // bytes the provider turned into output
        int chaining = (algorithm >>> 8) & 0xF;
        byte[] start;
        byte[] replay;
        if (chaining == 2) { // CTR: the counter block after the whole blocks used
            start = src.iv.clone();
            long blocks = src.fed / bs;
            for (int i = start.length - 1; i >= 0 && blocks != 0; i--) {
                long sum = (start[i] & 0xFF) + (blocks & 0xFF);
                start[i] = (byte) sum;
                blocks = (blocks >>> 8) + (sum >>> 8);
            }
            replay = new byte[(int) (src.fed % bs)];
        } else {
            replay = Arrays.copyOfRange(src.tail, src.tail.length - src.buffered, src.tail.length);
            if (done == 0 || chaining == 0) {
                start = src.iv;
            } else if (mode == TeeDefines.MODE_ENCRYPT) {
                start = src.chain.clone();
            } else {
                int end = src.tail.length - src.buffered;
                start = Arrays.copyOfRange(src.tail, end - bs, end);
            }
        }
        cipherInit(start);
        try {
            cipher.update(replay, 0, replay.length, new byte[replay.length + 2 * bs], 0);
        } catch (GeneralSecurityException e) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
        }
        iv = src.iv == null ? null : src.iv.clone();
        fed = src.fed;
        buffered = src.buffered;
        System.arraycopy(src.tail, 0, tail, 0, tail.length);
        System.arraycopy(src.chain, 0, chain, 0, chain.length);
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
        if (stealing != null) {
            try {
                return stealing.update(src, dst);
            } catch (GeneralSecurityException e) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
            }
        }
        int bs = blockSize();
        int need = blockMode() ? (buffered + src.length) / bs * bs : src.length;
        if (dst.length < need) {
            throw new ShortBufferException(need);
        }
        try {
            int n = cipher.update(src, 0, src.length, dst, 0);
            buffered = blockMode() ? (buffered + src.length) % bs : 0;
            track(src, dst, n);
            return n;
        } catch (GeneralSecurityException e) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
        }
    }

    /** {@code TEE_CipherDoFinal}: a NOPAD block mode whose total is not whole blocks panics (OP-TEE). */
    public int cipherDoFinal(byte[] src, byte[] dst) {
        active(TeeDefines.OPERATION_CIPHER);
        if (stealing != null) {
            if (stealing.finalSize(src.length) < 0) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, (algorithm == TeeDefines.ALG_AES_CTS ? "CTS" : "XTS")
                        + " data shorter than one block");
            }
            try {
                int n = stealing.doFinal(src, dst);
                finished();
                return n;
            } catch (GeneralSecurityException e) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
            }
        }
        int total = buffered + src.length;
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
        this.iv = iv == null ? null : iv.clone();
        // the JDK's MACs clone (TEE_CopyOperation); BouncyCastle's do not, so their input is kept for a copy
        macJournal = cbcMac != null || mac.getProvider() == Bc.provider() ? new ByteArrayOutputStream() : null;
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
        if (macJournal != null) {
            macJournal.writeBytes(chunk);
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
        gcmStream = null;
        ccmReleased = 0;
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
        }
        aeAad.writeBytes(aad); // CCM's input; for GCM what a TEE_CopyOperation replays
    }

    /**
     * {@code TEE_AEUpdate}: GCM streams both ways with any nonce — decryption releases plain text
     * before the final call checks the tag, as OP-TEE does (xtest 4005); CCM releases whole blocks.
     */
    public int aeUpdate(byte[] src, byte[] dst) {
        active(TeeDefines.OPERATION_AE);
        payloadStarted = true;
        if (algorithm == TeeDefines.ALG_AES_GCM) {
            // GCM's AES-CTR stream, encrypting or decrypting; aeData is the tag's input at the final call
            // (which decrypts everything again to check the tag) and what a TEE_CopyOperation replays
            if (dst.length < src.length) {
                throw new ShortBufferException(src.length);
            }
            aeData.writeBytes(src);
            try {
                if (gcmStream == null) {
                    gcmStream = gcmStreamAt(0);
                }
                return gcmStream.update(src, 0, src.length, dst, 0);
            } catch (GeneralSecurityException e) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
            }
        }
        // CCM: whole blocks of the payload's CTR part go out as they arrive (libutee buffers a block)
        int released = (aeData.size() + src.length) / 16 * 16;
        int n = released - ccmReleased;
        if (dst.length < n) {
            throw new ShortBufferException(n);
        }
        aeData.writeBytes(src);
        byte[] part = Arrays.copyOfRange(aeData.toByteArray(), ccmReleased, released);
        System.arraycopy(Ccm.payload(secret(), nonce, ccmReleased / 16, part), 0, dst, 0, n);
        ccmReleased = released;
        return n;
    }

    /**
     * GCM's AES-CTR stream (NIST SP 800-38D: counter blocks inc32(J0), inc32²(J0), …) from byte
     * {@code offset} on; J0 is nonce ‖ 1 for a 96-bit nonce, else GHASH(nonce ‖ 0-pad ‖ its bit length).
     */
    private Cipher gcmStreamAt(long offset) throws GeneralSecurityException {
        byte[] counter = gcmJ0();
        int j0 = ((counter[12] & 0xFF) << 24) | ((counter[13] & 0xFF) << 16) | ((counter[14] & 0xFF) << 8) | (counter[15] & 0xFF);
        int block = (int) (j0 + 1 + offset / 16); // GCM's inc32: the low 32 bits
        counter[12] = (byte) (block >>> 24);
        counter[13] = (byte) (block >>> 16);
        counter[14] = (byte) (block >>> 8);
        counter[15] = (byte) block;
        Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secret(), "AES"), new IvParameterSpec(counter));
        int skip = (int) (offset % 16);
        if (skip > 0) {
            c.update(new byte[skip]);
        }
        return c;
    }

    private byte[] gcmJ0() throws GeneralSecurityException {
        if (nonce.length == 12) {
            byte[] j0 = Arrays.copyOf(nonce, 16);
            j0[15] = 1;
            return j0;
        }
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secret(), "AES"));
        org.bouncycastle.crypto.modes.gcm.GCMMultiplier h = new org.bouncycastle.crypto.modes.gcm.Tables4kGCMMultiplier();
        h.init(aes.doFinal(new byte[16]));
        int padded = (nonce.length + 15) / 16 * 16;
        byte[] in = new byte[padded + 16];
        System.arraycopy(nonce, 0, in, 0, nonce.length);
        long bits = (long) nonce.length * 8;
        for (int k = 0; k < 8; k++) {
            in[in.length - 1 - k] = (byte) (bits >>> (8 * k));
        }
        byte[] x = new byte[16];
        for (int off = 0; off < in.length; off += 16) {
            for (int k = 0; k < 16; k++) {
                x[k] ^= in[off + k];
            }
            h.multiplyH(x);
        }
        return x;
    }

    /** {@code TEE_AEEncryptFinal}: SHORT_BUFFER for the output, then for the tag ({@link ShortBufferException#forTag()}). */
    public AeFinal aeEncryptFinal(byte[] src, byte[] dst, byte[] tag) {
        active(TeeDefines.OPERATION_AE);
        if (mode != TeeDefines.MODE_ENCRYPT) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "TEE_AEEncryptFinal on a decrypt operation");
        }
        int pending = algorithm == TeeDefines.ALG_AES_GCM ? src.length : aeData.size() - ccmReleased + src.length;
        if (dst.length < pending) {
            throw new ShortBufferException(pending);
        }
        if (tag.length < tagLen) {
            throw new ShortBufferException(tagLen, true);
        }
        byte[] out;
        if (algorithm == TeeDefines.ALG_AES_GCM && gcmStream != null) {
            // the updates' cipher text went out already: the rest of the stream and the tag
            int streamed = aeData.size();
            aeData.writeBytes(src);
            try {
                byte[] all = cipher.doFinal(aeData.toByteArray());
                out = Arrays.copyOfRange(all, streamed, all.length);
            } catch (GeneralSecurityException e) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
            }
        } else if (algorithm == TeeDefines.ALG_AES_GCM) {
            try {
                out = cipher.doFinal(src);
            } catch (GeneralSecurityException e) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, e.toString());
            }
        } else {
            aeData.writeBytes(src);
            out = Ccm.encrypt(secret(), nonce, tagLen, aeAad.toByteArray(), aeData.toByteArray());
            out = Arrays.copyOfRange(out, ccmReleased, out.length); // the updates released the rest
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
        int streamed = gcmStream != null ? aeData.size() : ccmReleased; // plain text the updates released
        int pending = aeData.size() - streamed + src.length;
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
        System.arraycopy(plain, streamed, dst, 0, plain.length - streamed);
        return plain.length - streamed;
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
        c.init(jceMode, k, new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(mgfHash(ps.get(TeeDefines.ATTR_RSA_OAEP_MGF_HASH))),
                label == null ? PSource.PSpecified.DEFAULT : new PSource.PSpecified(label.raw())));
        return c;
    }

    /**
     * OAEP's MGF1 hash: the algorithm's own, or the digest named by TEE_ATTR_RSA_OAEP_MGF_HASH (a
     * {@code uint32_t} algorithm id in the TA's byte order, as OP-TEE takes it).
     */
    private String mgfHash(Attribute mgf) {
        if (mgf == null) {
            return hash;
        }
        byte[] raw = mgf.raw();
        if (raw.length != 4) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, "TEE_ATTR_RSA_OAEP_MGF_HASH must be a 4-byte algorithm id");
        }
        int alg = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.nativeOrder()).getInt();
        String h = (alg >>> 28) == 5 ? hashOf(alg) : null;
        if (h == null || h.equals("MD5") || h.equals("SM3")) {
            throw Panics.fail(TeeResult.NOT_SUPPORTED, "MGF1 with algorithm 0x" + Integer.toHexString(alg));
        }
        return h;
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
        if (dst.length < k && algorithm != TeeDefines.ALG_RSA_NOPAD) {
            throw new ShortBufferException(k);
        }
        try {
            return put(nopadStripped(rsaCipher(Cipher.ENCRYPT_MODE, KeyTypes.rsaPublic(key.attrs), params(params)).doFinal(src)), dst);
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
        return put(nopadStripped(plain), dst);
    }

    /** RSA NOPAD's result as OP-TEE's rsadorep gives it: leading zero bytes gone, one left of all zeros. */
    private byte[] nopadStripped(byte[] out) {
        if (algorithm != TeeDefines.ALG_RSA_NOPAD) {
            return out;
        }
        int offset = 0;
        while (offset < out.length - 1 && out[offset] == 0) {
            offset++;
        }
        return offset == 0 ? out : Arrays.copyOfRange(out, offset, out.length);
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
                    s.update(pkcs1Payload(digestIn));
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
                    s.update(pkcs1Payload(digestIn));
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

    /**
     * What PKCS#1 v1.5 pads and signs: the digest in its DigestInfo, or, for OP-TEE's hashless
     * TEE_ALG_RSASSA_PKCS1_V1_5 (CFG_CRYPTO_RSASSA_NA1), the given bytes as they are.
     */
    private byte[] pkcs1Payload(byte[] digestIn) {
        return hash == null ? digestIn : Pss.digestInfo(hash, digestIn);
    }

    private void checkDigestLength(byte[] d) {
        if (hash == null) {
            // hashless PKCS#1 v1.5: any length the padding leaves room for
            if (d.length > modulusBytes() - 11) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, "digest of " + d.length + " bytes: at most " + (modulusBytes() - 11));
            }
            return;
        }
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
     * GP 1.3.1's ids of HKDF's salt, info and length, which clash with OP-TEE's older extension ids
     * (0xD00002C0, 0xD00003C0, 0xF00004C0); OP-TEE's core (tee_svc_cryp.c) takes either, and so does this.
     */
    private static final int GP_ATTR_HKDF_SALT = 0xD0000946;
    private static final int GP_ATTR_HKDF_INFO = 0xD0000A46;
    private static final int GP_ATTR_KDF_KEY_SIZE = 0xF0000C46;

    private static Attribute either(Map<Integer, Attribute> ps, int id, int other) {
        Attribute a = ps.get(id);
        return a != null ? a : ps.get(other);
    }

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
        } else if (algorithm == TeeDefines.ALG_SM2_KEP) {
            // OP-TEE derives as many bytes as the derived object's maximum size says (tee_svc_cryp.c: out_len = maxObjectSize)
            secret = Sm2.keyExchange(key.attrs, key2.attrs, ps, derived.maxObjectSize());
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
            Attribute len = either(ps, TeeDefines.ATTR_HKDF_OKM_LENGTH, GP_ATTR_KDF_KEY_SIZE);
            if (len == null || len.a() <= 0 || len.a() > 255 * hashLen(hash)) {
                throw Panics.panic(TeeResult.BAD_PARAMETERS, "HKDF needs TEE_ATTR_HKDF_OKM_LENGTH in 1..255*HashLen");
            }
            Attribute salt = either(ps, TeeDefines.ATTR_HKDF_SALT, GP_ATTR_HKDF_SALT);
            Attribute infoAttr = either(ps, TeeDefines.ATTR_HKDF_INFO, GP_ATTR_HKDF_INFO);
            secret = Hkdf.derive(hash, salt == null ? new byte[0] : salt.raw(), secret(),
                    infoAttr == null ? new byte[0] : infoAttr.raw(), len.a());
        }
        // OP-TEE: the secret goes into a buffer sized for the derived type's largest key (not the object's maximum)
        if (secret.length * 8 > KeyTypes.maxSecretBits(derived.type())) {
            throw Panics.panic(TeeResult.BAD_PARAMETERS, "TEE_DeriveKey: a secret of " + secret.length
                    + " bytes does not fit a derived object of this type");
        }
        derived.attrs = new LinkedHashMap<>(Map.of(TeeDefines.ATTR_SECRET_VALUE, Attribute.ref(TeeDefines.ATTR_SECRET_VALUE, secret)));
        derived.objectSize = secret.length * 8;
        derived.handleFlags |= TeeDefines.HANDLE_FLAG_INITIALIZED;
        Arrays.fill(secret, (byte) 0);
    }
}
