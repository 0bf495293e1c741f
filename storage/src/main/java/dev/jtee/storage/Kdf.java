package dev.jtee.storage;

import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.agreement.kdf.ConcatenationKDFGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** OP-TEE's KDF extensions besides HKDF: PBKDF2 (RFC 8018) and the concat KDF (NIST SP 800-56A). */
final class Kdf {
    private Kdf() {
    }

    /** PBKDF2 with HMAC-{@code hash} on the raw password bytes (the JDK's takes chars only). */
    static byte[] pbkdf2(String hash, byte[] password, byte[] salt, int iterations, int length) {
        PKCS5S2ParametersGenerator g = new PKCS5S2ParametersGenerator(hash.equals("SHA-1") ? new SHA1Digest() : Bc.digest(hash));
        g.init(password, salt, iterations);
        return ((KeyParameter) g.generateDerivedParameters(length * 8)).getKey();
    }

    /** Concat KDF: Hash(counter ‖ Z ‖ OtherInfo) blocks, counter from 1, big-endian. */
    static byte[] concat(String hash, byte[] z, byte[] otherInfo, int length) {
        ConcatenationKDFGenerator g = new ConcatenationKDFGenerator(Bc.digest(hash));
        g.init(new KDFParameters(z, otherInfo));
        byte[] out = new byte[length];
        g.generateBytes(out, 0, length);
        return out;
    }
}
