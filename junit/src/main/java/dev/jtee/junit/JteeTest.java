package dev.jtee.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against an embedded secure world that holds every TA on the test classpath.
 * Declare a field or parameter of type {@link dev.jtee.client.Context} (a fresh context per test,
 * closed after it), {@link dev.jtee.client.Tee} or {@link dev.jtee.core.SecureWorld} (one per class).
 *
 * <pre>{@code
 * @JteeTest
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
    /** Secure threads ({@code CFG_NUM_THREADS}). */
    int threads() default 8;

    /** Secure RAM budget, bytes or with a K/M/G suffix. */
    String secureRam() default "16M";

    /** Whether to print the world's OP-TEE-style console lines to standard error. */
    boolean console() default false;
}
