package dev.jtee.libteec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.FlowControl;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.daemon.Daemon;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.stress.KneeOptions;
import dev.jtee.stress.KneeResult;
import dev.jtee.stress.OperationTemplate;
import dev.jtee.stress.Stress;
import dev.jtee.stress.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known answers over the libteec transport (issue 19): the knee search on hello_world through
 * Java → FFM → jtee's libteec.so → socket → daemon → TA. The run measures its own closed-model
 * maximum; the knee is within ±10 % of it, or the search says it cannot tell.
 */
class LibteecKneeTest {
    private static final TeeUuid HELLO = TeeUuid.parse(HelloWorldTa.UUID);

    @Test
    void theKneeOverLibteecAgreesWithItsOwnClosedMaximumOrCannotTell(@TempDir Path dir) {
        knee(dir, Duration.ofMillis(200), List.of(1, 2, 3, 4, 5, 6));
    }

    @Test
    @Tag("realtime")
    void theKneeOverLibteecWithLongSteps(@TempDir Path dir) {
        knee(dir, Duration.ofSeconds(1), KneeOptions.DEFAULT_CALLERS);
    }

    private static void knee(Path dir, Duration step, List<Integer> callers) {
        FlowControl fc = FlowControl.defaults();
        try (SecureWorld world = SecureWorld.builder().console(line -> { }).build();
             Daemon daemon = Daemon.builder().socket(dir.resolve("jtee.sock")).world(world).shutdownTimeout(Duration.ofSeconds(5)).start();
             Tee tee = Tee.connect(NativeBuild.address(daemon.socketPath()));
             Context ctx = tee.newContext(fc)) {
            assertTrue(tee.world() instanceof LibteecPort, tee.world().toString());
            Target t = Target.sessionPerCaller(() -> ctx.openSession(HELLO), HelloWorldTa.CMD_INC_VALUE,
                    OperationTemplate.builder().value(ParamType.VALUE_INOUT, 1, 0).build(), "hello_world over libteec");
            KneeResult k = Stress.builder(t).flowStats(ctx::flowStats).build()
                    .findKnee(KneeOptions.defaults().withStepDuration(step).withClosedCallers(callers).withMaxOpenWorkers(fc.maxSessionsPerTa()));
            String verdict = k.verdict() + "; closed maximum " + k.closedPeak();
            System.out.println("over libteec, steps of " + step.toMillis() + " ms: " + verdict);
            assertTrue(k.closedPeak() > 0, verdict);
            assertTrue(Double.isFinite(k.confidence().generatorCeiling()), "the generator measured in the same run: " + verdict);
            if (k.verdict().startsWith("cannot tell")) {
                assertTrue(k.confidence().level().toString().equals("cannot tell"), verdict);
            } else {
                assertTrue(Math.abs(k.knee() / k.closedPeak() - 1) <= 0.10, verdict);
            }
        }
    }
}
