package dev.jtee.daemon;

import dev.jtee.api.Login;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.examples.xtest.OsTestTa;
import java.nio.channels.SocketChannel;

/**
 * A program that is handed a connection to the daemon on its standard input (another program
 * connected and said HELLO, then exec'd this one): opens an APPLICATION session on it and prints the identity
 * the TA sees ({@code APP <uuid>}).
 */
public final class ChildIdentity {
    private ChildIdentity() {
    }

    public static void main(String[] args) throws Exception {
        SocketChannel ch = (SocketChannel) System.inheritedChannel();
        try (RawClient c = new RawClient(ch)) {
            CallFrame open = c.open(TeeUuid.parse(OsTestTa.UUID), Login.APPLICATION.value(), 0);
            if (open.result != 0) {
                System.out.println("APP open 0x" + Integer.toHexString(open.result));
                return;
            }
            CallFrame f = new CallFrame();
            f.session = open.session;
            f.command = OsTestTa.CMD_CLIENT_IDENTITY;
            f.paramTypes = 2 | 6 << 4; // VALUE_OUTPUT, MEMREF_OUTPUT
            f.buffer[1] = new byte[16];
            f.size[1] = 16;
            c.invoke(f, true);
            System.out.println(f.result == 0 ? "APP " + dev.jtee.examples.xtest.NativeUuid.fromBytes(f.buffer[1]) : "APP invoke 0x" + Integer.toHexString(f.result));
        }
    }
}
