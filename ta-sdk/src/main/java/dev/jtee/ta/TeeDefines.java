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

    public static final int ECC_CURVE_NIST_P192 = 1;
    public static final int ECC_CURVE_NIST_P224 = 2;
    public static final int ECC_CURVE_NIST_P256 = 3;
    public static final int ECC_CURVE_NIST_P384 = 4;
    public static final int ECC_CURVE_NIST_P521 = 5;

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
}
