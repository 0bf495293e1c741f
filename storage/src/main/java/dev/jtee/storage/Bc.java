package dev.jtee.storage;

import java.security.Provider;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.util.DigestFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * BouncyCastle behind the engine for what the JDK lacks (SM3, SM4, CMAC, SHAKE, P-192/224, SM2,
 * Ed25519/X25519 raw keys, DSA of any digest, DH, PBKDF2 on raw bytes, concat KDF). The provider
 * is used by instance, never installed, so the JDK stays the default where it has the algorithm.
 */
final class Bc {
    private Bc() {
    }

    private static volatile Provider provider;

    /** Made on first use: most worlds never need it. */
    static Provider provider() {
        Provider p = provider;
        return p != null ? p : load();
    }

    /**
     * Creates the provider on a thread of its own with an ordinary stack: creating it registers
     * hundreds of algorithms, too deep for a TA's thread, whose stack is the TA's few KiB (a class
     * initialiser failing there would leave the class unusable for every TA of the JVM).
     */
    private static synchronized Provider load() {
        if (provider == null) {
            FutureTask<Provider> make = new FutureTask<>(BouncyCastleProvider::new);
            Thread t = Thread.ofPlatform().name("jtee-bouncycastle-init").daemon().stackSize(4L << 20).unstarted(make);
            t.start();
            boolean interrupted = false;
            try {
                for (;;) {
                    try {
                        provider = make.get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot create the BouncyCastle provider: " + e.getCause(), e.getCause());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return provider;
    }

    /** A lightweight digest by the engine's JCA hash name. */
    static Digest digest(String hash) {
        return switch (hash) {
            case "MD5" -> DigestFactory.createMD5();
            case "SHA-1" -> DigestFactory.createSHA1();
            case "SHA-224" -> DigestFactory.createSHA224();
            case "SHA-256" -> DigestFactory.createSHA256();
            case "SHA-384" -> DigestFactory.createSHA384();
            case "SHA-512" -> DigestFactory.createSHA512();
            case "SHA3-224" -> DigestFactory.createSHA3_224();
            case "SHA3-256" -> DigestFactory.createSHA3_256();
            case "SHA3-384" -> DigestFactory.createSHA3_384();
            case "SHA3-512" -> DigestFactory.createSHA3_512();
            case "SM3" -> new org.bouncycastle.crypto.digests.SM3Digest();
            default -> throw new IllegalArgumentException(hash);
        };
    }
}
