package dev.jtee.junit;

import dev.jtee.ta.TrustedApplication;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against an embedded secure world that holds the TAs given in {@link #tas()}
 * and every TA on the test classpath (listed in {@code META-INF/services/dev.jtee.ta.TrustedApplication}).
 * Declare a field or parameter of type {@link dev.jtee.client.Context} (a fresh context per test,
 * closed after it), {@link dev.jtee.client.Tee} or {@link dev.jtee.core.SecureWorld} (one per class).
 *
 * When a test fails, the secure world's console lines of that test (a TA's panic, its exception,
 * the dump of a dead instance) are added to the failure, and a TA that cannot be found is named
 * with where TAs are looked up.
 *
 * <pre>{@code
 * @JteeTest(tas = HelloWorldTa.class)
 * class HelloWorldTest {
 *     @Test
 *     void increments(Context ctx) {
 *         try (Session s = ctx.openSession(TeeUuid.parse(HelloWorldTa.UUID))) {
 *             Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 42, 0);
 *             assertEquals(43, s.invoke(HelloWorldTa.CMD_INC_VALUE, op).valueA(0));
 *         }
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(JteeExtension.class)
public @interface JteeTest {
    /** TA classes the world holds besides the classpath's; each needs a no-argument constructor. */
    Class<? extends TrustedApplication>[] tas() default {};

    /**
     * TA directories the world loads (TA jars and native {@code <uuid>.ta} files), each with
     * {@code ${property}} replaced by that system property, e.g. {@code "${jtee.native.home}/ta"}
     * for the C TAs the build makes; a native TA replaces the class-path TA with its UUID.
     */
    String[] taDirs() default {};

    /** Whether the world also loads the TAs of {@code META-INF/services} on the test class path. */
    boolean classpathTas() default true;

    /** Secure threads ({@code CFG_NUM_THREADS}). */
    int threads() default 8;

    /** Secure RAM budget, bytes or with a K/M/G suffix. */
    String secureRam() default "16M";

    /** Whether to print the world's OP-TEE-style console lines to standard error as they come (a failing test shows its own anyway). */
    boolean console() default false;
}
