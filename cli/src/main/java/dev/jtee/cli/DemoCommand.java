package dev.jtee.cli;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.examples.xtest.OsTestTa;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code jtee demo}: a short tour of the emulated secure world — a call that works, then the ways a
 * TA dies (TEE_Panic, a bad memory access, a stack overflow) as OP-TEE reports them, and the fresh
 * instance a new session gets afterwards.
 */
@Command(name = "demo", description = "A tour: hello_world, then a panic, an abort and a stack overflow with their dumps.")
final class DemoCommand implements Callable<Integer> {
    private static final TeeUuid HELLO = TeeUuid.parse(HelloWorldTa.UUID);
    private static final TeeUuid OS_TEST = TeeUuid.parse(OsTestTa.UUID);

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        try (SecureWorld world = SecureWorld.builder().threads(8).console(line -> out.println("    | " + line)).build();
             Tee tee = Tee.on(world);
             Context ctx = tee.newContext()) {
            out.println("jtee demo — embedded secure world: " + world.describe());
            out.println();

            step("1. hello_world: INC_VALUE on 42");
            try (Session s = ctx.openSession(HELLO)) {
                Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 42, 0);
                s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
                out.println("   client: TEE_SUCCESS, value a = " + op.valueA(0));
            }

            step("2. os_test: TEE_Panic(0x" + Integer.toHexString(OsTestTa.PANIC_CODE) + ") — the secure world logs it, the client sees TARGET_DEAD");
            try (Session s = ctx.openSession(OS_TEST)) {
                expectDeath(s, OsTestTa.CMD_PANIC, Operation.create().value(0, ParamType.VALUE_INPUT, OsTestTa.PANIC_CODE, 0));
                out.println("   the same session again:");
                expectDeath(s, OsTestTa.CMD_INIT, Operation.create());
                out.println("   closing the dead session works (the TA's close entry is skipped)");
            }
            try (Session s = ctx.openSession(OS_TEST)) {
                s.invoke(OsTestTa.CMD_INIT, Operation.create());
                out.println("   a new session gets a fresh instance: TEE_SUCCESS");
            }

            step("3. os_test: write through a NULL pointer — a data abort with the TA's memory map");
            try (Session s = ctx.openSession(OS_TEST)) {
                expectDeath(s, OsTestTa.CMD_BAD_MEM_ACCESS,
                        Operation.create().value(0, ParamType.VALUE_INPUT, OsTestTa.BAD_MEM_NULL_WRITE, 0));
            }

            step("4. os_test: unbounded recursion — the stack overflows, panic code 0xffff300f (TEE_ERROR_OVERFLOW)");
            try (Session s = ctx.openSession(OS_TEST)) {
                expectDeath(s, OsTestTa.CMD_BAD_MEM_ACCESS,
                        Operation.create().value(0, ParamType.VALUE_INPUT, OsTestTa.BAD_MEM_STACK_OVERFLOW, 0));
            }

            step("5. the world is unharmed: hello_world still answers");
            try (Session s = ctx.openSession(HELLO)) {
                Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 7, 0);
                s.invoke(HelloWorldTa.CMD_DEC_VALUE, op);
                out.println("   client: TEE_SUCCESS, DEC_VALUE on 7 = " + op.valueA(0));
            }
            out.println();
            out.println("world: " + world.stats());
        }
        return 0;
    }

    private void step(String title) {
        out.println();
        out.println(title);
    }

    private void expectDeath(Session s, int command, Operation op) {
        try {
            s.invoke(command, op);
            out.println("   client: TEE_SUCCESS (unexpected: the TA should have died)");
        } catch (TeeException e) {
            out.println("   client: " + e.getMessage());
        }
    }
}
