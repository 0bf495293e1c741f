package dev.jtee.daemon;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.examples.xtest.OsTestTa;

/**
 * A client in a JVM of its own, for the multi-process tests. {@code hold SOCKET}: opens sessions,
 * says READY, then sits in a 2 s TEE_Wait (to be killed mid-call). {@code loop SOCKET N}: N checked
 * hello_world increments, then prints OK N.
 */
public final class ChildClient {
    private ChildClient() {
    }

    public static void main(String[] args) {
        String address = "unix:" + args[1];
        try (Tee tee = Tee.connect(address); Context ctx = tee.newContext()) {
            switch (args[0]) {
                case "hold" -> {
                    ctx.openSession(TeeUuid.parse(HelloWorldTa.UUID));
                    Session s = ctx.openSession(TeeUuid.parse(OsTestTa.UUID));
                    System.out.println("READY");
                    System.out.flush();
                    while (true) {
                        s.invoke(OsTestTa.CMD_WAIT, Operation.create().value(0, ParamType.VALUE_INPUT, 2000, 0));
                    }
                }
                case "loop" -> {
                    int n = Integer.parseInt(args[2]);
                    try (Session s = ctx.openSession(TeeUuid.parse(HelloWorldTa.UUID))) {
                        Operation op = Operation.create();
                        for (int i = 0; i < n; i++) {
                            op.value(0, ParamType.VALUE_INOUT, i, 0);
                            s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
                            if (op.valueA(0) != i + 1) {
                                System.out.println("WRONG " + i + " -> " + op.valueA(0));
                                System.exit(2);
                            }
                        }
                    }
                    System.out.println("OK " + n);
                }
                default -> throw new IllegalArgumentException(args[0]);
            }
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e);
            System.exit(3);
        }
    }
}
