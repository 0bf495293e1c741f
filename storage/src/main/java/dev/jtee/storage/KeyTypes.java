package dev.jtee.storage;

import dev.jtee.ta.TeeDefines;
import dev.jtee.api.TeeResult;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;

/** What each GP object type allows (sizes, attributes) and its bridge to the JDK's key classes. */
final class KeyTypes {
    private KeyTypes() {
    }

    static final SecureRandom RANDOM = new SecureRandom();

    enum Kind { SECRET, RSA, ECC, SM2, DSA, DH, ED25519, X25519, X448 }

    static Kind kind(int type) {
        return switch (type) {
            case TeeDefines.TYPE_RSA_KEYPAIR, TeeDefines.TYPE_RSA_PUBLIC_KEY -> Kind.RSA;
            case TeeDefines.TYPE_ECDSA_KEYPAIR, TeeDefines.TYPE_ECDSA_PUBLIC_KEY, TeeDefines.TYPE_ECDH_KEYPAIR, TeeDefines.TYPE_ECDH_PUBLIC_KEY -> Kind.ECC;
            case TeeDefines.TYPE_SM2_DSA_KEYPAIR, TeeDefines.TYPE_SM2_DSA_PUBLIC_KEY, TeeDefines.TYPE_SM2_PKE_KEYPAIR,
                 TeeDefines.TYPE_SM2_PKE_PUBLIC_KEY, TeeDefines.TYPE_SM2_KEP_KEYPAIR, TeeDefines.TYPE_SM2_KEP_PUBLIC_KEY -> Kind.SM2;
            case TeeDefines.TYPE_DSA_KEYPAIR, TeeDefines.TYPE_DSA_PUBLIC_KEY -> Kind.DSA;
            case TeeDefines.TYPE_DH_KEYPAIR -> Kind.DH;
            case TeeDefines.TYPE_ED25519_KEYPAIR, TeeDefines.TYPE_ED25519_PUBLIC_KEY -> Kind.ED25519;
            case TeeDefines.TYPE_X25519_KEYPAIR -> Kind.X25519;
            case TeeDefines.TYPE_X448_KEYPAIR -> Kind.X448;
            default -> Kind.SECRET;
        };
    }

    /** GP's keypair types are their public type with bit 24 set. */
    static boolean isKeypair(int type) {
        return kind(type) != Kind.SECRET && (type & 0x01000000) != 0;
    }

    static int publicOf(int keypair) {
        return isKeypair(keypair) ? keypair & ~0x01000000 : 0;
    }

    static boolean supported(int type) {
        return switch (type) {
            case TeeDefines.TYPE_AES, TeeDefines.TYPE_DES, TeeDefines.TYPE_DES3, TeeDefines.TYPE_SM4, TeeDefines.TYPE_HMAC_MD5,
                 TeeDefines.TYPE_HMAC_SHA1, TeeDefines.TYPE_HMAC_SHA224, TeeDefines.TYPE_HMAC_SHA256, TeeDefines.TYPE_HMAC_SHA384,
                 TeeDefines.TYPE_HMAC_SHA512, TeeDefines.TYPE_HMAC_SM3, TeeDefines.TYPE_HMAC_SHA3_224, TeeDefines.TYPE_HMAC_SHA3_256,
                 TeeDefines.TYPE_HMAC_SHA3_384, TeeDefines.TYPE_HMAC_SHA3_512, TeeDefines.TYPE_GENERIC_SECRET, TeeDefines.TYPE_HKDF_IKM,
                 TeeDefines.TYPE_CONCAT_KDF_Z, TeeDefines.TYPE_PBKDF2_PASSWORD -> true;
            default -> kind(type) != Kind.SECRET;
        };
    }

    /** OP-TEE's size rules per type (tee_svc_cryp.c type properties). */
    static boolean validSize(int type, int bits) {
        return switch (type) {
            case TeeDefines.TYPE_AES -> bits == 128 || bits == 192 || bits == 256;
            case TeeDefines.TYPE_DES -> bits == 64;
            case TeeDefines.TYPE_DES3 -> bits == 128 || bits == 192;
            case TeeDefines.TYPE_SM4 -> bits == 128;
            case TeeDefines.TYPE_HMAC_MD5 -> bits >= 64 && bits <= 512 && bits % 8 == 0;
            case TeeDefines.TYPE_HMAC_SHA1 -> bits >= 80 && bits <= 512 && bits % 8 == 0;
            case TeeDefines.TYPE_HMAC_SHA224 -> bits >= 112 && bits <= 512 && bits % 8 == 0;
            case TeeDefines.TYPE_HMAC_SHA256, TeeDefines.TYPE_HMAC_SHA3_224 -> bits >= 192 && bits <= 1024 && bits % 8 == 0;
            case TeeDefines.TYPE_HMAC_SHA384, TeeDefines.TYPE_HMAC_SHA512, TeeDefines.TYPE_HMAC_SHA3_256, TeeDefines.TYPE_HMAC_SHA3_384,
                 TeeDefines.TYPE_HMAC_SHA3_512 -> bits >= 256 && bits <= 1024 && bits % 8 == 0;
            case TeeDefines.TYPE_HMAC_SM3 -> bits >= 80 && bits <= 1024 && bits % 8 == 0;
            case TeeDefines.TYPE_GENERIC_SECRET, TeeDefines.TYPE_HKDF_IKM, TeeDefines.TYPE_CONCAT_KDF_Z, TeeDefines.TYPE_PBKDF2_PASSWORD ->
                    bits >= 8 && bits <= 4096 && bits % 8 == 0;
            case TeeDefines.TYPE_RSA_KEYPAIR, TeeDefines.TYPE_RSA_PUBLIC_KEY -> bits >= 256 && bits <= 4096;
            case TeeDefines.TYPE_DSA_KEYPAIR, TeeDefines.TYPE_DSA_PUBLIC_KEY -> bits >= 512 && bits <= 3072 && bits % 64 == 0;
            case TeeDefines.TYPE_DH_KEYPAIR -> bits >= 256 && bits <= 2048;
            case TeeDefines.TYPE_ECDSA_KEYPAIR, TeeDefines.TYPE_ECDSA_PUBLIC_KEY, TeeDefines.TYPE_ECDH_KEYPAIR, TeeDefines.TYPE_ECDH_PUBLIC_KEY ->
                    curveForBits(bits) > 0;
            case TeeDefines.TYPE_X448_KEYPAIR -> bits == 448;
            default -> kind(type) == Kind.SM2 || kind(type) == Kind.ED25519 || kind(type) == Kind.X25519 ? bits == 256 : false;
        };
    }

    /**
     * GP's legacy DES sizes, without the parity bits (OP-TEE's is_gp_legacy_des_key_size): DES 56,
     * 3DES 112 and 168. An object or operation may be allocated with them; such an object's key size
     * then drops the parity bits of the bytes populated.
     */
    static boolean legacyDesSize(int type, int bits) {
        return type == TeeDefines.TYPE_DES && bits == 56 || type == TeeDefines.TYPE_DES3 && (bits == 112 || bits == 168);
    }

    /** The largest key a secret type takes, in bits (OP-TEE sizes the object's buffer by it). */
    static int maxSecretBits(int type) {
        for (int bits = 4096; bits > 0; bits -= 8) {
            if (validSize(type, bits)) {
                return bits;
            }
        }
        return 0;
    }

    static int secretAttr(int type) {
        return switch (type) {
            case TeeDefines.TYPE_HKDF_IKM -> TeeDefines.ATTR_HKDF_IKM;
            case TeeDefines.TYPE_CONCAT_KDF_Z -> TeeDefines.ATTR_CONCAT_KDF_Z;
            case TeeDefines.TYPE_PBKDF2_PASSWORD -> TeeDefines.ATTR_PBKDF2_PASSWORD;
            default -> TeeDefines.ATTR_SECRET_VALUE;
        };
    }

    static int curveBits(int curve) {
        return switch (curve) {
            case TeeDefines.ECC_CURVE_NIST_P192 -> 192;
            case TeeDefines.ECC_CURVE_NIST_P224 -> 224;
            case TeeDefines.ECC_CURVE_NIST_P256 -> 256;
            case TeeDefines.ECC_CURVE_NIST_P384 -> 384;
            case TeeDefines.ECC_CURVE_NIST_P521 -> 521;
            default -> -1;
        };
    }

    static int curveForBits(int bits) {
        return switch (bits) {
            case 192 -> TeeDefines.ECC_CURVE_NIST_P192;
            case 224 -> TeeDefines.ECC_CURVE_NIST_P224;
            case 256 -> TeeDefines.ECC_CURVE_NIST_P256;
            case 384 -> TeeDefines.ECC_CURVE_NIST_P384;
            case 521 -> TeeDefines.ECC_CURVE_NIST_P521;
            default -> -1;
        };
    }

    /** The JDK's curves (P-256/384/521); P-192/224 are {@link BcEcc}'s. */
    static ECParameterSpec curveSpec(int curve) {
        String name = switch (curve) {
            case TeeDefines.ECC_CURVE_NIST_P256 -> "secp256r1";
            case TeeDefines.ECC_CURVE_NIST_P384 -> "secp384r1";
            case TeeDefines.ECC_CURVE_NIST_P521 -> "secp521r1";
            default -> throw Panics.fail(TeeResult.NOT_SUPPORTED, "curve " + curve);
        };
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(name));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw Panics.fail(TeeResult.NOT_SUPPORTED, name);
        }
    }

    /** Checks a populate set and returns the object size in bits; BAD_PARAMETERS as OP-TEE. */
    static int checkPopulate(int type, int maxSize, Map<Integer, Attribute> attrs) {
        switch (kind(type)) {
            case SECRET -> {
                int id = secretAttr(type);
                only(attrs, id);
                Attribute s = required(attrs, id);
                int bits = s.raw().length * 8;
                if (legacyDesSize(type, maxSize)) {
                    bits -= bits / 8; // the parity bits do not count for a legacy-sized object
                }
                // OP-TEE: the secret is copied into a buffer sized for the type's largest key (SECURITY
                // beyond it), then a key above the object's maximum is BAD_STATE; libutee panics for both
                int typeMax = maxSecretBits(type);
                if (bits > typeMax) {
                    throw Panics.panic(TeeResult.SECURITY, "secret of " + s.raw().length + " bytes: this type holds at most "
                            + typeMax / 8);
                }
                if (bits > maxSize) {
                    throw Panics.panic(TeeResult.BAD_STATE, "key of " + bits + " bits for an object of at most " + maxSize);
                }
                boolean fixedSizes = type == TeeDefines.TYPE_AES || type == TeeDefines.TYPE_DES || type == TeeDefines.TYPE_DES3
                        || type == TeeDefines.TYPE_SM4;
                if (fixedSizes && !validSize(type, bits) && !legacyDesSize(type, bits)) {
                    throw Panics.fail(TeeResult.BAD_PARAMETERS, "key of " + bits + " bits for max " + maxSize);
                }
                return bits;
            }
            case RSA -> {
                boolean pair = isKeypair(type);
                if (pair) {
                    only(attrs, TeeDefines.ATTR_RSA_MODULUS, TeeDefines.ATTR_RSA_PUBLIC_EXPONENT, TeeDefines.ATTR_RSA_PRIVATE_EXPONENT,
                            TeeDefines.ATTR_RSA_PRIME1, TeeDefines.ATTR_RSA_PRIME2, TeeDefines.ATTR_RSA_EXPONENT1, TeeDefines.ATTR_RSA_EXPONENT2,
                            TeeDefines.ATTR_RSA_COEFFICIENT);
                    required(attrs, TeeDefines.ATTR_RSA_PRIVATE_EXPONENT);
                    int crt = 0;
                    for (int id : new int[] {TeeDefines.ATTR_RSA_PRIME1, TeeDefines.ATTR_RSA_PRIME2, TeeDefines.ATTR_RSA_EXPONENT1,
                            TeeDefines.ATTR_RSA_EXPONENT2, TeeDefines.ATTR_RSA_COEFFICIENT}) {
                        crt += attrs.containsKey(id) ? 1 : 0;
                    }
                    if (crt != 0 && crt != 5) {
                        throw Panics.fail(TeeResult.BAD_PARAMETERS, "RSA CRT attributes: all or none");
                    }
                } else {
                    only(attrs, TeeDefines.ATTR_RSA_MODULUS, TeeDefines.ATTR_RSA_PUBLIC_EXPONENT);
                }
                int bits = big(required(attrs, TeeDefines.ATTR_RSA_MODULUS)).bitLength();
                required(attrs, TeeDefines.ATTR_RSA_PUBLIC_EXPONENT);
                if (bits > maxSize || !validSize(type, bits)) {
                    throw Panics.fail(TeeResult.BAD_PARAMETERS, "modulus of " + bits + " bits for max " + maxSize);
                }
                return bits;
            }
            case ECC -> {
                if (isKeypair(type)) {
                    only(attrs, TeeDefines.ATTR_ECC_PUBLIC_VALUE_X, TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y, TeeDefines.ATTR_ECC_PRIVATE_VALUE,
                            TeeDefines.ATTR_ECC_CURVE);
                    required(attrs, TeeDefines.ATTR_ECC_PRIVATE_VALUE);
                } else {
                    only(attrs, TeeDefines.ATTR_ECC_PUBLIC_VALUE_X, TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y, TeeDefines.ATTR_ECC_CURVE);
                }
                required(attrs, TeeDefines.ATTR_ECC_PUBLIC_VALUE_X);
                required(attrs, TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y);
                int bits = curveBits(required(attrs, TeeDefines.ATTR_ECC_CURVE).a());
                if (bits < 0 || bits > maxSize) {
                    throw Panics.fail(TeeResult.BAD_PARAMETERS, "curve does not fit the object");
                }
                return bits;
            }
            case SM2 -> {
                // OP-TEE's SM2 objects carry no curve attribute: the curve is SM2's
                requiredSet(type, attrs, new int[] {TeeDefines.ATTR_ECC_PUBLIC_VALUE_X, TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y},
                        new int[] {TeeDefines.ATTR_ECC_PRIVATE_VALUE}, new int[0]);
                return 256;
            }
            case DSA -> {
                requiredSet(type, attrs, new int[] {TeeDefines.ATTR_DSA_PRIME, TeeDefines.ATTR_DSA_SUBPRIME, TeeDefines.ATTR_DSA_BASE,
                        TeeDefines.ATTR_DSA_PUBLIC_VALUE}, new int[] {TeeDefines.ATTR_DSA_PRIVATE_VALUE}, new int[0]);
                return sized(type, maxSize, big(attrs.get(TeeDefines.ATTR_DSA_PRIME)).bitLength());
            }
            case DH -> {
                requiredSet(type, attrs, new int[] {TeeDefines.ATTR_DH_PRIME, TeeDefines.ATTR_DH_BASE, TeeDefines.ATTR_DH_PUBLIC_VALUE,
                        TeeDefines.ATTR_DH_PRIVATE_VALUE}, new int[0], new int[] {TeeDefines.ATTR_DH_SUBPRIME, TeeDefines.ATTR_DH_X_BITS});
                return sized(type, maxSize, big(attrs.get(TeeDefines.ATTR_DH_PRIME)).bitLength());
            }
            case ED25519 -> {
                requiredSet(type, attrs, new int[] {TeeDefines.ATTR_ED25519_PUBLIC_VALUE}, new int[] {TeeDefines.ATTR_ED25519_PRIVATE_VALUE},
                        new int[0]);
                exactBytes(attrs, Curve25519.KEY_BYTES, TeeDefines.ATTR_ED25519_PUBLIC_VALUE, TeeDefines.ATTR_ED25519_PRIVATE_VALUE);
                return 256;
            }
            case X448 -> {
                requiredSet(type, attrs, new int[] {TeeDefines.ATTR_X448_PUBLIC_VALUE, TeeDefines.ATTR_X448_PRIVATE_VALUE},
                        new int[0], new int[0]);
                exactBytes(attrs, Curve448.KEY_BYTES, TeeDefines.ATTR_X448_PUBLIC_VALUE, TeeDefines.ATTR_X448_PRIVATE_VALUE);
                return 448;
            }
            default -> {
                requiredSet(type, attrs, new int[] {TeeDefines.ATTR_X25519_PUBLIC_VALUE, TeeDefines.ATTR_X25519_PRIVATE_VALUE},
                        new int[0], new int[0]);
                exactBytes(attrs, Curve25519.KEY_BYTES, TeeDefines.ATTR_X25519_PUBLIC_VALUE, TeeDefines.ATTR_X25519_PRIVATE_VALUE);
                return 256;
            }
        }
    }

    /** {@code common} always required, {@code privateOnly} required for (and only allowed in) a keypair, {@code optional} allowed. */
    private static void requiredSet(int type, Map<Integer, Attribute> attrs, int[] common, int[] privateOnly, int[] optional) {
        boolean pair = isKeypair(type);
        int[] allowed = java.util.stream.IntStream.concat(java.util.stream.IntStream.concat(java.util.Arrays.stream(common),
                java.util.Arrays.stream(pair ? privateOnly : new int[0])), java.util.Arrays.stream(optional)).toArray();
        only(attrs, allowed);
        for (int id : common) {
            required(attrs, id);
        }
        if (pair) {
            for (int id : privateOnly) {
                required(attrs, id);
            }
        }
    }

    private static int sized(int type, int maxSize, int bits) {
        if (bits > maxSize || !validSize(type, bits)) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, "key of " + bits + " bits for max " + maxSize);
        }
        return bits;
    }

    private static void exactBytes(Map<Integer, Attribute> attrs, int n, int... ids) {
        for (int id : ids) {
            Attribute a = attrs.get(id);
            if (a != null && a.raw().length != n) {
                throw Panics.fail(TeeResult.BAD_PARAMETERS, "attribute 0x" + Integer.toHexString(id) + " must be " + n + " bytes");
            }
        }
    }

    private static void only(Map<Integer, Attribute> attrs, int... allowed) {
        outer:
        for (int id : attrs.keySet()) {
            for (int a : allowed) {
                if (a == id) {
                    continue outer;
                }
            }
            throw Panics.fail(TeeResult.BAD_PARAMETERS, "attribute 0x" + Integer.toHexString(id) + " is not for this type");
        }
    }

    private static Attribute required(Map<Integer, Attribute> attrs, int id) {
        Attribute a = attrs.get(id);
        if (a == null) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, "missing attribute 0x" + Integer.toHexString(id));
        }
        return a;
    }

    static BigInteger big(Attribute a) {
        return new BigInteger(1, a.raw());
    }

    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            byte[] t = new byte[b.length - 1];
            System.arraycopy(b, 1, t, 0, t.length);
            return t;
        }
        return b;
    }

    /** TEE_GenerateKey: the attributes of a new key of {@code bits}. */
    static Map<Integer, Attribute> generate(int type, int bits, Map<Integer, Attribute> params) {
        Map<Integer, Attribute> out = new LinkedHashMap<>();
        try {
            switch (kind(type)) {
                case SECRET -> {
                    // GP 1.0's DES sizes leave the parity bits out: 56 bits is an 8-byte key (OP-TEE, xtest 4007)
                    byte[] k = new byte[legacyDesSize(type, bits) ? (bits + bits / 7) / 8 : bits / 8];
                    RANDOM.nextBytes(k);
                    out.put(secretAttr(type), Attribute.ref(secretAttr(type), k));
                }
                case RSA -> {
                    Attribute e = params.get(TeeDefines.ATTR_RSA_PUBLIC_EXPONENT);
                    BigInteger exp = e == null ? RSAKeyGenParameterSpec.F4 : big(e);
                    BigInteger[] crt; // n, e, d, p, q, dp, dq, qInv
                    if (bits < 512) {
                        // the JDK generates from 512 bits, OP-TEE from 256 (xtest 4007): BouncyCastle below
                        RSAKeyPairGenerator bg = new RSAKeyPairGenerator();
                        bg.init(new RSAKeyGenerationParameters(exp, RANDOM, bits, 112));
                        RSAPrivateCrtKeyParameters k = (RSAPrivateCrtKeyParameters) bg.generateKeyPair().getPrivate();
                        crt = new BigInteger[] {k.getModulus(), k.getPublicExponent(), k.getExponent(), k.getP(), k.getQ(),
                            k.getDP(), k.getDQ(), k.getQInv()};
                    } else {
                        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                        g.initialize(new RSAKeyGenParameterSpec(bits, exp), RANDOM);
                        RSAPrivateCrtKey k = (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
                        crt = new BigInteger[] {k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(), k.getPrimeP(),
                            k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient()};
                    }
                    int[] ids = {TeeDefines.ATTR_RSA_MODULUS, TeeDefines.ATTR_RSA_PUBLIC_EXPONENT, TeeDefines.ATTR_RSA_PRIVATE_EXPONENT,
                        TeeDefines.ATTR_RSA_PRIME1, TeeDefines.ATTR_RSA_PRIME2, TeeDefines.ATTR_RSA_EXPONENT1,
                        TeeDefines.ATTR_RSA_EXPONENT2, TeeDefines.ATTR_RSA_COEFFICIENT};
                    for (int i = 0; i < ids.length; i++) {
                        put(out, ids[i], crt[i]);
                    }
                }
                case ECC -> {
                    Attribute c = params.get(TeeDefines.ATTR_ECC_CURVE);
                    if (c == null || curveBits(c.a()) != bits) {
                        throw Panics.fail(TeeResult.BAD_PARAMETERS, "ECC key generation needs TEE_ATTR_ECC_CURVE of the key size");
                    }
                    if (BcEcc.handles(c.a())) {
                        return BcEcc.generate(c.a());
                    }
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(curveSpec(c.a()), RANDOM);
                    KeyPair kp = g.generateKeyPair();
                    ECPoint w = ((ECPublicKey) kp.getPublic()).getW();
                    put(out, TeeDefines.ATTR_ECC_PUBLIC_VALUE_X, w.getAffineX());
                    put(out, TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y, w.getAffineY());
                    put(out, TeeDefines.ATTR_ECC_PRIVATE_VALUE, ((ECPrivateKey) kp.getPrivate()).getS());
                    out.put(TeeDefines.ATTR_ECC_CURVE, Attribute.value(TeeDefines.ATTR_ECC_CURVE, c.a(), 0));
                }
                case SM2 -> {
                    return Sm2.generate();
                }
                case DSA -> {
                    Map<Integer, Attribute> k = Ffc.generateDsa(params);
                    if (big(k.get(TeeDefines.ATTR_DSA_PRIME)).bitLength() != bits) {
                        throw Panics.fail(TeeResult.BAD_PARAMETERS, "DSA prime is not of the key size");
                    }
                    return k;
                }
                case DH -> {
                    Map<Integer, Attribute> k = Ffc.generateDh(params);
                    if (big(k.get(TeeDefines.ATTR_DH_PRIME)).bitLength() != bits) {
                        throw Panics.fail(TeeResult.BAD_PARAMETERS, "DH prime is not of the key size");
                    }
                    return k;
                }
                case ED25519 -> {
                    return Curve25519.generateEd25519();
                }
                case X25519 -> {
                    return Curve25519.generateX25519();
                }
                case X448 -> {
                    return Curve448.generateX448();
                }
            }
        } catch (GeneralSecurityException e) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, e.toString());
        }
        return out;
    }

    private static void put(Map<Integer, Attribute> out, int id, BigInteger v) {
        out.put(id, Attribute.ref(id, unsigned(v)));
    }

    static PublicKey rsaPublic(Map<Integer, Attribute> a) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(big(a.get(TeeDefines.ATTR_RSA_MODULUS)), big(a.get(TeeDefines.ATTR_RSA_PUBLIC_EXPONENT))));
        } catch (GeneralSecurityException e) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, e.toString());
        }
    }

    static PrivateKey rsaPrivate(Map<Integer, Attribute> a) {
        try {
            KeyFactory f = KeyFactory.getInstance("RSA");
            if (a.containsKey(TeeDefines.ATTR_RSA_PRIME1)) {
                return f.generatePrivate(new RSAPrivateCrtKeySpec(big(a.get(TeeDefines.ATTR_RSA_MODULUS)),
                        big(a.get(TeeDefines.ATTR_RSA_PUBLIC_EXPONENT)), big(a.get(TeeDefines.ATTR_RSA_PRIVATE_EXPONENT)),
                        big(a.get(TeeDefines.ATTR_RSA_PRIME1)), big(a.get(TeeDefines.ATTR_RSA_PRIME2)),
                        big(a.get(TeeDefines.ATTR_RSA_EXPONENT1)), big(a.get(TeeDefines.ATTR_RSA_EXPONENT2)),
                        big(a.get(TeeDefines.ATTR_RSA_COEFFICIENT))));
            }
            return f.generatePrivate(new RSAPrivateKeySpec(big(a.get(TeeDefines.ATTR_RSA_MODULUS)),
                    big(a.get(TeeDefines.ATTR_RSA_PRIVATE_EXPONENT))));
        } catch (GeneralSecurityException e) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, e.toString());
        }
    }

    static PublicKey ecPublic(Map<Integer, Attribute> a) {
        return ecPublic(a.get(TeeDefines.ATTR_ECC_CURVE).a(), a.get(TeeDefines.ATTR_ECC_PUBLIC_VALUE_X), a.get(TeeDefines.ATTR_ECC_PUBLIC_VALUE_Y));
    }

    static PublicKey ecPublic(int curve, Attribute x, Attribute y) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(
                    new ECPublicKeySpec(new ECPoint(big(x), big(y)), curveSpec(curve)));
        } catch (GeneralSecurityException e) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, "not a point of the curve: " + e.getMessage());
        }
    }

    static PrivateKey ecPrivate(Map<Integer, Attribute> a) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(
                    new ECPrivateKeySpec(big(a.get(TeeDefines.ATTR_ECC_PRIVATE_VALUE)), curveSpec(a.get(TeeDefines.ATTR_ECC_CURVE).a())));
        } catch (GeneralSecurityException e) {
            throw Panics.fail(TeeResult.BAD_PARAMETERS, e.toString());
        }
    }
}
