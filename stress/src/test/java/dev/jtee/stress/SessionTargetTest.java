package dev.jtee.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.FlowControl;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.HelloWorldTa;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The stress tool against a real embedded world: hello_world through the client. */
class SessionTargetTest {

    @Test
    void everyCallStartsFromTheTemplate() {
        try (SecureWorld w = SecureWorld.builder().threads(4).console(l -> { }).build();
             Tee tee = Tee.on(w);
             Context ctx = tee.newContext();
             Session s = ctx.openSession(TeeUuid.parse(HelloWorldTa.UUID))) {
            OperationTemplate t = OperationTemplate.builder().value(41, 0).build();
            OperationTemplate.Bound b = t.bind();
            for (int i = 0; i < 3; i++) {
                s.invoke(HelloWorldTa.CMD_INC_VALUE, b.reset());
                assertEquals(42, b.op.valueA(0), "hello_world sees 41 every time, not 42, 43, …");
            }
            Operation fresh = t.newOperation();
            assertEquals(41, fresh.valueA(0));
        }
    }

    @Test
    void stressesHelloWorldWithFlowControlStats() {
        try (SecureWorld w = SecureWorld.builder().threads(4).console(l -> { }).build();
             Tee tee = Tee.on(w);
             Context ctx = tee.newContext(FlowControl.defaults());
             Session s = ctx.openSession(TeeUuid.parse(HelloWorldTa.UUID))) {
            Target target = Target.session(s, HelloWorldTa.CMD_INC_VALUE, OperationTemplate.builder().value(1, 0).build());
            Stress stress = Stress.builder(target).flowStats(ctx::flowStats).build();
            StepResult r = stress.run(OpenModel.constant(5_000, Duration.ofMillis(400), 4));
            assertEquals(2_000, r.completed());
            assertEquals(r.completed(), r.outcomes().getFirst().count());
            assertTrue(r.outcomes().getFirst().isSuccess());
            assertTrue(r.intervals().stream().allMatch(i -> i.limit() == 4), "the flow limit is the secure threads");
            assertTrue(target.describe().contains("command 0 (value(1,0))"), target.describe());
        }
    }

    @Test
    void aSessionPerCallerLetsEveryThreadCallAtOnce() {
        try (SecureWorld w = SecureWorld.builder().threads(4).console(l -> { }).build();
             Tee tee = Tee.on(w);
             Context ctx = tee.newContext(FlowControl.off())) {
            TeeUuid uuid = TeeUuid.parse(HelloWorldTa.UUID);
            SessionTarget target = (SessionTarget) Target.sessionPerCaller(() -> ctx.openSession(uuid), HelloWorldTa.CMD_INC_VALUE,
                    OperationTemplate.builder().value(1, 0).build(), "hello_world");
            Stress stress = Stress.builder(target).build();
            StepResult r = stress.run(ClosedModel.of(4, Duration.ofMillis(100)));
            assertTrue(r.completed() > 0 && r.errors() == 0, r.outcomes().toString());
            assertEquals(4, target.sessionCount(), "one session per generator thread");
            stress.run(ClosedModel.of(3, Duration.ofMillis(100)));
            assertEquals(4, target.sessionCount(), "a later step reuses the sessions");
            assertTrue(target.describe().endsWith("a session per generator thread"), target.describe());
        }
    }

    @Test
    void aSessionThatCannotBeOpenedIsEveryCallsOutcome() {
        Target target = Target.sessionPerCaller(() -> {
            throw new dev.jtee.api.TeeException(TeeResult.OUT_OF_MEMORY, Origin.TEE, "no room");
        }, 0, OperationTemplate.none(), "x");
        StepResult r = Stress.builder(target).build().run(ClosedModel.of(1, Duration.ofMillis(50)));
        assertEquals(r.completed(), r.errors());
        assertEquals(TeeResult.OUT_OF_MEMORY, r.outcomes().getFirst().result());
    }

    @Test
    void wrongParametersAreCountedByResultAndOrigin() {
        try (SecureWorld w = SecureWorld.builder().threads(2).console(l -> { }).build();
             Tee tee = Tee.on(w);
             Context ctx = tee.newContext(FlowControl.off());
             Session s = ctx.openSession(TeeUuid.parse(HelloWorldTa.UUID))) {
            // hello_world wants one VALUE_INOUT: no parameters is BAD_PARAMETERS from the TA
            Target target = Target.session(s, HelloWorldTa.CMD_INC_VALUE, OperationTemplate.none());
            StepResult r = Stress.builder(target).build().run(ClosedModel.of(1, Duration.ofMillis(100)));
            assertTrue(r.completed() > 0);
            assertEquals(1, r.outcomes().size());
            OutcomeCount o = r.outcomes().getFirst();
            assertEquals(TeeResult.BAD_PARAMETERS, o.result());
            assertEquals(Origin.TRUSTED_APP, o.origin());
            assertEquals(r.completed(), r.errors());
        }
    }
}
