package dev.jtee.ta;

/**
 * GP TEE Internal Core API identifiers for TA code (OP-TEE's {@code tee_api_defines.h} and
 * {@code tee_api_defines_extensions.h}, without the {@code TEE_} prefix): storage ids, data and
 * handle flags, usages, object types, attribute ids, algorithms, operation modes and classes.
 * Use with {@code import static dev.jtee.ta.TeeDefines.*}.
 */
public final class TeeDefines {
    private TeeDefines() {
    }
    // storage ids
    public static final int STORAGE_PRIVATE = 0x00000001;
    public static final int STORAGE_PRIVATE_REE = 0x80000000;
    public static final int STORAGE_PRIVATE_RPMB = 0x80000100;

    public static final int OBJECT_ID_MAX_LEN = 64;
    public static final long DATA_MAX_POSITION = 0xFFFFFFFFL;

    // data flags
    public static final int DATA_FLAG_ACCESS_READ = 0x00000001;
    public static final int DATA_FLAG_ACCESS_WRITE = 0x00000002;
    public static final int DATA_FLAG_ACCESS_WRITE_META = 0x00000004;
    public static final int DATA_FLAG_SHARE_READ = 0x00000010;
    public static final int DATA_FLAG_SHARE_WRITE = 0x00000020;
    public static final int DATA_FLAG_OVERWRITE = 0x00000400;

    // seek
    public static final int DATA_SEEK_SET = 0;
    public static final int DATA_SEEK_CUR = 1;
    public static final int DATA_SEEK_END = 2;

    // usage
    public static final int USAGE_EXTRACTABLE = 0x00000001;
    public static final int USAGE_ENCRYPT = 0x00000002;
    public static final int USAGE_DECRYPT = 0x00000004;
    public static final int USAGE_MAC = 0x00000008;
    public static final int USAGE_SIGN = 0x00000010;
    public static final int USAGE_VERIFY = 0x00000020;
    public static final int USAGE_DERIVE = 0x00000040;
    public static final int USAGE_DEFAULT = 0xFFFFFFFF;

    // handle flags
    public static final int HANDLE_FLAG_PERSISTENT = 0x00010000;
    public static final int HANDLE_FLAG_INITIALIZED = 0x00020000;
    public static final int HANDLE_FLAG_KEY_SET = 0x00040000;
    public static final int HANDLE_FLAG_EXPECT_TWO_KEYS = 0x00080000;
    public static final int HANDLE_FLAG_EXTRACTING = 0x00100000;

    // object types
    public static final int TYPE_AES = 0xA0000010;
    public static final int TYPE_HMAC_SHA1 = 0xA0000002;
    public static final int TYPE_HMAC_SHA224 = 0xA0000003;
    public static final int TYPE_HMAC_SHA256 = 0xA0000004;
    public static final int TYPE_HMAC_SHA384 = 0xA0000005;
    public static final int TYPE_HMAC_SHA512 = 0xA0000006;
    public static final int TYPE_RSA_PUBLIC_KEY = 0xA0000030;
    public static final int TYPE_RSA_KEYPAIR = 0xA1000030;
    public static final int TYPE_ECDSA_PUBLIC_KEY = 0xA0000041;
    public static final int TYPE_ECDSA_KEYPAIR = 0xA1000041;
    public static final int TYPE_ECDH_PUBLIC_KEY = 0xA0000042;
    public static final int TYPE_ECDH_KEYPAIR = 0xA1000042;
    public static final int TYPE_GENERIC_SECRET = 0xA0000000;
    public static final int TYPE_DATA = 0xA00000BF;
    /** OP-TEE extension: HKDF input keying material. */
    public static final int TYPE_HKDF_IKM = 0xA10000C0;
    public static final int TYPE_DES = 0xA0000011;
    public static final int TYPE_DES3 = 0xA0000013;
    public static final int TYPE_SM4 = 0xA0000014;
    public static final int TYPE_HMAC_MD5 = 0xA0000001;
    public static final int TYPE_HMAC_SM3 = 0xA0000007;
    public static final int TYPE_HMAC_SHA3_224 = 0xA0000008;
    public static final int TYPE_HMAC_SHA3_256 = 0xA0000009;
    public static final int TYPE_HMAC_SHA3_384 = 0xA000000A;
    public static final int TYPE_HMAC_SHA3_512 = 0xA000000B;
    public static final int TYPE_DSA_PUBLIC_KEY = 0xA0000031;
    public static final int TYPE_DSA_KEYPAIR = 0xA1000031;
    public static final int TYPE_DH_KEYPAIR = 0xA1000032;
    public static final int TYPE_ED25519_PUBLIC_KEY = 0xA0000043;
    public static final int TYPE_ED25519_KEYPAIR = 0xA1000043;
    public static final int TYPE_X25519_PUBLIC_KEY = 0xA0000044;
    public static final int TYPE_X25519_KEYPAIR = 0xA1000044;
    public static final int TYPE_ED448_PUBLIC_KEY = 0xA0000048;
    public static final int TYPE_ED448_KEYPAIR = 0xA1000048;
    public static final int TYPE_X448_PUBLIC_KEY = 0xA0000049;
    public static final int TYPE_X448_KEYPAIR = 0xA1000049;
    public static final int TYPE_SM2_DSA_PUBLIC_KEY = 0xA0000045;
    public static final int TYPE_SM2_DSA_KEYPAIR = 0xA1000045;
    public static final int TYPE_SM2_KEP_PUBLIC_KEY = 0xA0000046;
    public static final int TYPE_SM2_KEP_KEYPAIR = 0xA1000046;
    public static final int TYPE_SM2_PKE_PUBLIC_KEY = 0xA0000047;
    public static final int TYPE_SM2_PKE_KEYPAIR = 0xA1000047;
    public static final int TYPE_HKDF = 0xA000004A;
    public static final int TYPE_CORRUPTED_OBJECT = 0xA00000BE;
    /** OP-TEE extensions: concat KDF shared secret Z and PBKDF2 password. */
    public static final int TYPE_CONCAT_KDF_Z = 0xA10000C1;
    public static final int TYPE_PBKDF2_PASSWORD = 0xA10000C2;

    // attributes
    public static final int ATTR_FLAG_PUBLIC = 1 << 28;
    public static final int ATTR_FLAG_VALUE = 1 << 29;
    public static final int ATTR_SECRET_VALUE = 0xC0000000;
    public static final int ATTR_RSA_MODULUS = 0xD0000130;
    public static final int ATTR_RSA_PUBLIC_EXPONENT = 0xD0000230;
    public static final int ATTR_RSA_PRIVATE_EXPONENT = 0xC0000330;
    public static final int ATTR_RSA_PRIME1 = 0xC0000430;
    public static final int ATTR_RSA_PRIME2 = 0xC0000530;
    public static final int ATTR_RSA_EXPONENT1 = 0xC0000630;
    public static final int ATTR_RSA_EXPONENT2 = 0xC0000730;
    public static final int ATTR_RSA_COEFFICIENT = 0xC0000830;
    public static final int ATTR_RSA_OAEP_LABEL = 0xD0000930;
    public static final int ATTR_RSA_OAEP_MGF_HASH = 0xD0000931;
    public static final int ATTR_RSA_PSS_SALT_LENGTH = 0xF0000A30;
    public static final int ATTR_ECC_PUBLIC_VALUE_X = 0xD0000141;
    public static final int ATTR_ECC_PUBLIC_VALUE_Y = 0xD0000241;
    public static final int ATTR_ECC_PRIVATE_VALUE = 0xC0000341;
    public static final int ATTR_ECC_CURVE = 0xF0000441;
    /** OP-TEE HKDF extension attributes. */
    public static final int ATTR_HKDF_IKM = 0xC00001C0;
    public static final int ATTR_HKDF_SALT = 0xD00002C0;
    public static final int ATTR_HKDF_INFO = 0xD00003C0;
    public static final int ATTR_HKDF_OKM_LENGTH = 0xF00004C0;
    /** OP-TEE concat KDF (NIST SP 800-56A) and PBKDF2 (RFC 8018) extension attributes. */
    public static final int ATTR_CONCAT_KDF_Z = 0xC00001C1;
    public static final int ATTR_CONCAT_KDF_OTHER_INFO = 0xD00002C1;
    public static final int ATTR_CONCAT_KDF_DKM_LENGTH = 0xF00003C1;
    public static final int ATTR_PBKDF2_PASSWORD = 0xC00001C2;
    public static final int ATTR_PBKDF2_SALT = 0xD00002C2;
    public static final int ATTR_PBKDF2_ITERATION_COUNT = 0xF00003C2;
    public static final int ATTR_PBKDF2_DKM_LENGTH = 0xF00004C2;
    public static final int ATTR_DSA_PRIME = 0xD0001031;
    public static final int ATTR_DSA_SUBPRIME = 0xD0001131;
    public static final int ATTR_DSA_BASE = 0xD0001231;
    public static final int ATTR_DSA_PUBLIC_VALUE = 0xD0000131;
    public static final int ATTR_DSA_PRIVATE_VALUE = 0xC0000231;
    public static final int ATTR_DH_PRIME = 0xD0001032;
    public static final int ATTR_DH_SUBPRIME = 0xD0001132;
    public static final int ATTR_DH_BASE = 0xD0001232;
    public static final int ATTR_DH_X_BITS = 0xF0001332;
    public static final int ATTR_DH_PUBLIC_VALUE = 0xD0000132;
    public static final int ATTR_DH_PRIVATE_VALUE = 0xC0000232;
    public static final int ATTR_SM2_ID_INITIATOR = 0xD0000446;
    public static final int ATTR_SM2_ID_RESPONDER = 0xD0000546;
    public static final int ATTR_SM2_KEP_USER = 0xF0000646;
    public static final int ATTR_SM2_KEP_CONFIRMATION_IN = 0xD0000746;
    public static final int ATTR_SM2_KEP_CONFIRMATION_OUT = 0xD0000846;
    public static final int ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X = 0xD0000146;
    public static final int ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_Y = 0xD0000246;
    public static final int ATTR_EDDSA_CTX = 0xD0000643;
    public static final int ATTR_ED25519_PUBLIC_VALUE = 0xD0000743;
    public static final int ATTR_ED25519_PRIVATE_VALUE = 0xC0000843;
    public static final int ATTR_X25519_PUBLIC_VALUE = 0xD0000944;
    public static final int ATTR_X25519_PRIVATE_VALUE = 0xC0000A44;
    public static final int ATTR_EDDSA_PREHASH = 0xF0000004;
    public static final int ATTR_X448_PUBLIC_VALUE = 0xD0000A45;
    public static final int ATTR_X448_PRIVATE_VALUE = 0xC0000A46;

    /** TEE_IsAlgorithmSupported's element for an algorithm without a curve. */
    public static final int CRYPTO_ELEMENT_NONE = 0;
    public static final int ECC_CURVE_NIST_P192 = 1;
    public static final int ECC_CURVE_NIST_P224 = 2;
    public static final int ECC_CURVE_NIST_P256 = 3;
    public static final int ECC_CURVE_NIST_P384 = 4;
    public static final int ECC_CURVE_NIST_P521 = 5;
    public static final int ECC_CURVE_25519 = 0x00000300;
    public static final int ECC_CURVE_SM2 = 0x00000400;

    // algorithms
    public static final int ALG_AES_ECB_NOPAD = 0x10000010;
    public static final int ALG_AES_CBC_NOPAD = 0x10000110;
    public static final int ALG_AES_CTR = 0x10000210;
    public static final int ALG_AES_CCM = 0x40000710;
    public static final int ALG_AES_GCM = 0x40000810;
    public static final int ALG_SHA1 = 0x50000002;
    public static final int ALG_SHA224 = 0x50000003;
    public static final int ALG_SHA256 = 0x50000004;
    public static final int ALG_SHA384 = 0x50000005;
    public static final int ALG_SHA512 = 0x50000006;
    public static final int ALG_HMAC_SHA1 = 0x30000002;
    public static final int ALG_HMAC_SHA224 = 0x30000003;
    public static final int ALG_HMAC_SHA256 = 0x30000004;
    public static final int ALG_HMAC_SHA384 = 0x30000005;
    public static final int ALG_HMAC_SHA512 = 0x30000006;
    public static final int ALG_RSAES_PKCS1_V1_5 = 0x60000130;
    public static final int ALG_RSAES_PKCS1_OAEP_MGF1_SHA1 = 0x60210230;
    public static final int ALG_RSAES_PKCS1_OAEP_MGF1_SHA224 = 0x60310230;
    public static final int ALG_RSAES_PKCS1_OAEP_MGF1_SHA256 = 0x60410230;
    public static final int ALG_RSAES_PKCS1_OAEP_MGF1_SHA384 = 0x60510230;
    public static final int ALG_RSAES_PKCS1_OAEP_MGF1_SHA512 = 0x60610230;
    public static final int ALG_RSA_NOPAD = 0x60000030;
    public static final int ALG_RSASSA_PKCS1_V1_5_SHA1 = 0x70002830;
    public static final int ALG_RSASSA_PKCS1_V1_5_SHA224 = 0x70003830;
    public static final int ALG_RSASSA_PKCS1_V1_5_SHA256 = 0x70004830;
    public static final int ALG_RSASSA_PKCS1_V1_5_SHA384 = 0x70005830;
    public static final int ALG_RSASSA_PKCS1_V1_5_SHA512 = 0x70006830;
    public static final int ALG_RSASSA_PKCS1_PSS_MGF1_SHA1 = 0x70212930;
    public static final int ALG_RSASSA_PKCS1_PSS_MGF1_SHA224 = 0x70313930;
    public static final int ALG_RSASSA_PKCS1_PSS_MGF1_SHA256 = 0x70414930;
    public static final int ALG_RSASSA_PKCS1_PSS_MGF1_SHA384 = 0x70515930;
    public static final int ALG_RSASSA_PKCS1_PSS_MGF1_SHA512 = 0x70616930;
    public static final int ALG_ECDSA_SHA1 = 0x70001042;
    public static final int ALG_ECDSA_SHA224 = 0x70002042;
    public static final int ALG_ECDSA_SHA256 = 0x70003042;
    public static final int ALG_ECDSA_SHA384 = 0x70004042;
    public static final int ALG_ECDSA_SHA512 = 0x70005042;
    /** GP 1.1 names of the same ids: P-256 ↔ SHA256, P-384 ↔ SHA384, P-521 ↔ SHA512. */
    public static final int ALG_ECDSA_P256 = ALG_ECDSA_SHA256;
    public static final int ALG_ECDSA_P384 = ALG_ECDSA_SHA384;
    public static final int ALG_ECDSA_P521 = ALG_ECDSA_SHA512;
    public static final int ALG_ECDH_DERIVE_SHARED_SECRET = 0x80000042;
    public static final int ALG_HKDF_SHA1_DERIVE_KEY = 0x800020C0;
    public static final int ALG_HKDF_SHA224_DERIVE_KEY = 0x800030C0;
    public static final int ALG_HKDF_SHA256_DERIVE_KEY = 0x800040C0;
    public static final int ALG_HKDF_SHA384_DERIVE_KEY = 0x800050C0;
    public static final int ALG_HKDF_SHA512_DERIVE_KEY = 0x800060C0;
    public static final int ALG_AES_CTS = 0x10000310;
    public static final int ALG_AES_XTS = 0x10000410;
    public static final int ALG_AES_CBC_MAC_NOPAD = 0x30000110;
    public static final int ALG_AES_CBC_MAC_PKCS5 = 0x30000510;
    public static final int ALG_AES_CMAC = 0x30000610;
    public static final int ALG_DES_ECB_NOPAD = 0x10000011;
    public static final int ALG_DES_CBC_NOPAD = 0x10000111;
    public static final int ALG_DES_CBC_MAC_NOPAD = 0x30000111;
    public static final int ALG_DES_CBC_MAC_PKCS5 = 0x30000511;
    public static final int ALG_DES3_ECB_NOPAD = 0x10000013;
    public static final int ALG_DES3_CBC_NOPAD = 0x10000113;
    public static final int ALG_DES3_CBC_MAC_NOPAD = 0x30000113;
    public static final int ALG_DES3_CBC_MAC_PKCS5 = 0x30000513;
    /** OP-TEE extension. */
    public static final int ALG_DES3_CMAC = 0xF0000613;
    public static final int ALG_SM4_ECB_NOPAD = 0x10000014;
    public static final int ALG_SM4_CBC_NOPAD = 0x10000114;
    public static final int ALG_SM4_CTR = 0x10000214;
    public static final int ALG_SM4_ECB_PKCS5 = 0x10000015;
    public static final int ALG_SM4_CBC_PKCS5 = 0x10000115;
    /** OP-TEE extension. */
    public static final int ALG_SM4_XTS = 0xF0000414;
    public static final int ALG_MD5 = 0x50000001;
    public static final int ALG_SM3 = 0x50000007;
    public static final int ALG_MD5SHA1 = 0x5000000F;
    public static final int ALG_SHA3_224 = 0x50000008;
    public static final int ALG_SHA3_256 = 0x50000009;
    public static final int ALG_SHA3_384 = 0x5000000A;
    public static final int ALG_SHA3_512 = 0x5000000B;
    public static final int ALG_SHAKE128 = 0x50000101;
    public static final int ALG_SHAKE256 = 0x50000102;
    public static final int ALG_HMAC_MD5 = 0x30000001;
    public static final int ALG_HMAC_SM3 = 0x30000007;
    public static final int ALG_HMAC_SHA3_224 = 0x30000008;
    public static final int ALG_HMAC_SHA3_256 = 0x30000009;
    public static final int ALG_HMAC_SHA3_384 = 0x3000000A;
    public static final int ALG_HMAC_SHA3_512 = 0x3000000B;
    public static final int ALG_RSASSA_PKCS1_V1_5_MD5 = 0x70001830;
    public static final int ALG_RSASSA_PKCS1_V1_5_MD5SHA1 = 0x7000F830;
    public static final int ALG_RSASSA_PKCS1_V1_5_SHA3_224 = 0x70008830;
    public static final int ALG_RSASSA_PKCS1_V1_5_SHA3_256 = 0x70009830;
    public static final int ALG_RSASSA_PKCS1_V1_5_SHA3_384 = 0x7000A830;
    public static final int ALG_RSASSA_PKCS1_V1_5_SHA3_512 = 0x7000B830;
    /** OP-TEE extension: PKCS#1 v1.5 signature of a digest without DigestInfo. */
    public static final int ALG_RSASSA_PKCS1_V1_5 = 0xF0000830;
    public static final int ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_224 = 0x70818930;
    public static final int ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_256 = 0x70919930;
    public static final int ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_384 = 0x70A1A930;
    public static final int ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_512 = 0x70B1B930;
    /** OP-TEE extensions with MD5. */
    public static final int ALG_RSASSA_PKCS1_PSS_MGF1_MD5 = 0xF0111930;
    public static final int ALG_RSAES_PKCS1_OAEP_MGF1_MD5 = 0xF0110230;
    public static final int ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_224 = 0x60810230;
    public static final int ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_256 = 0x60910230;
    public static final int ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_384 = 0x60A10230;
    public static final int ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_512 = 0x60B10230;
    public static final int ALG_DSA_SHA1 = 0x70002131;
    public static final int ALG_DSA_SHA224 = 0x70003131;
    public static final int ALG_DSA_SHA256 = 0x70004131;
    public static final int ALG_DSA_SHA3_224 = 0x70008131;
    public static final int ALG_DSA_SHA3_256 = 0x70009131;
    public static final int ALG_DSA_SHA3_384 = 0x7000A131;
    public static final int ALG_DSA_SHA3_512 = 0x7000B131;
    public static final int ALG_DH_DERIVE_SHARED_SECRET = 0x80000032;
    public static final int ALG_ECDSA_SHA3_224 = 0x70006042;
    public static final int ALG_ECDSA_SHA3_256 = 0x70007042;
    public static final int ALG_ECDSA_SHA3_384 = 0x70008042;
    public static final int ALG_ECDSA_SHA3_512 = 0x70009042;
    public static final int ALG_ECDSA_P192 = ALG_ECDSA_SHA1;
    public static final int ALG_ECDSA_P224 = ALG_ECDSA_SHA224;
    public static final int ALG_ED25519 = 0x70006043;
    public static final int ALG_ED448 = 0x70006044;
    public static final int ALG_X25519 = 0x80000044;
    public static final int ALG_X448 = 0x80000045;
    public static final int ALG_SM2_DSA_SM3 = 0x70006045;
    public static final int ALG_SM2_KEP = 0x60000045;
    public static final int ALG_SM2_PKE = 0x80000046;
    public static final int ALG_HKDF = 0x80000047;
    /** OP-TEE extension HKDF with MD5. */
    public static final int ALG_HKDF_MD5_DERIVE_KEY = 0x800010C0;
    public static final int ALG_CONCAT_KDF_SHA1_DERIVE_KEY = 0x800020C1;
    public static final int ALG_CONCAT_KDF_SHA224_DERIVE_KEY = 0x800030C1;
    public static final int ALG_CONCAT_KDF_SHA256_DERIVE_KEY = 0x800040C1;
    public static final int ALG_CONCAT_KDF_SHA384_DERIVE_KEY = 0x800050C1;
    public static final int ALG_CONCAT_KDF_SHA512_DERIVE_KEY = 0x800060C1;
    public static final int ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY = 0x800020C2;
    public static final int ALG_PBKDF2_HMAC_SHA224_DERIVE_KEY = 0x800030C2;
    public static final int ALG_PBKDF2_HMAC_SHA256_DERIVE_KEY = 0x800040C2;
    public static final int ALG_PBKDF2_HMAC_SHA384_DERIVE_KEY = 0x800050C2;
    public static final int ALG_PBKDF2_HMAC_SHA512_DERIVE_KEY = 0x800060C2;
    public static final int ALG_PBKDF2_HMAC_SM3_DERIVE_KEY = 0x800070C2;
    public static final int ALG_ILLEGAL_VALUE = 0xEFFFFFFF;

    // modes
    public static final int MODE_ENCRYPT = 0;
    public static final int MODE_DECRYPT = 1;
    public static final int MODE_SIGN = 2;
    public static final int MODE_VERIFY = 3;
    public static final int MODE_MAC = 4;
    public static final int MODE_DIGEST = 5;
    public static final int MODE_DERIVE = 6;

    // operation classes and states
    public static final int OPERATION_CIPHER = 1;
    public static final int OPERATION_MAC = 3;
    public static final int OPERATION_AE = 4;
    public static final int OPERATION_DIGEST = 5;
    public static final int OPERATION_ASYMMETRIC_CIPHER = 6;
    public static final int OPERATION_ASYMMETRIC_SIGNATURE = 7;
    public static final int OPERATION_KEY_DERIVATION = 8;
    public static final int OPERATION_STATE_INITIAL = 0;
    public static final int OPERATION_STATE_ACTIVE = 1;
    /** GP 1.3.1: a SHAKE digest after TEE_DigestExtract. */
    public static final int OPERATION_STATE_EXTRACTING = 2;
}
