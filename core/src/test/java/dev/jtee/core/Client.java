package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.SecureWorldPort;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/** A test's view of a world through the driver boundary: raw CallFrames, as the client's driver uses it. */
final class Client implements AutoCloseable {
    final SecureWorld world;
    final List<String> console;

    Client(SecureWorld world, List<String> console) {
        this.world = world;
        this.console = console;
    }

    /** A builder for a quiet world (console captured, no class-path TAs). */
    static SecureWorld.Builder builder(List<String> console) {
        return SecureWorld.builder().classpathTas(false).console(console::add);
    }

    static Client of(SecureWorld.Builder b, List<String> console) {
        return new Client(b.build(), console);
    }

    static Client start(java.util.function.Consumer<SecureWorld.Builder> config) {
        List<String> console = new CopyOnWriteArrayList<>();
        SecureWorld.Builder b = builder(console);
        config.accept(b);
        return new Client(b.build(), console);
    }

    CallFrame open(String uuid) {
        CallFrame f = new CallFrame();
        f.uuid = TeeUuid.parse(uuid);
        f.login = Login.PUBLIC.value();
        f.clientUuid = TeeUuid.NIL;
        assertEquals(SecureWorldPort.OK, world.openSession(f), "openSession hit the thread limit");
        return f;
    }

    int openOk(String uuid) {
        CallFrame f = open(uuid);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        return f.session;
    }

    CallFrame invoke(int session, int command) {
        CallFrame f = new CallFrame();
        f.session = session;
        f.command = command;
        assertEquals(SecureWorldPort.OK, world.invokeCommand(f), "invokeCommand hit the thread limit");
        return f;
    }

    /** Invokes with p0 = VALUE_INOUT (a, 0). */
    CallFrame invoke(int session, int command, int a) {
        CallFrame f = new CallFrame();
        f.session = session;
        f.command = command;
        f.paramTypes = ParamTypes.pack(ParamType.VALUE_INOUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
        f.valueA[0] = a;
        assertEquals(SecureWorldPort.OK, world.invokeCommand(f), "invokeCommand hit the thread limit");
        return f;
    }

    CallFrame close(int session) {
        CallFrame f = new CallFrame();
        f.session = session;
        assertEquals(SecureWorldPort.OK, world.closeSession(f), "closeSession hit the thread limit");
        return f;
    }

    /**
     * Waits until {@code condition} holds, at most 10 s, for a state another thread is about to
     * publish; the caller asserts it afterwards.
     */
    static void awaitBounded(BooleanSupplier condition) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }

    static void assertResult(TeeResult result, Origin origin, CallFrame f) {
        assertEquals(result, TeeResult.of(f.result), "result");
        assertEquals(origin, Origin.of(f.origin), () -> "origin of " + TeeResult.of(f.result));
    }

    boolean consoleHas(String regex) {
        Pattern p = Pattern.compile(regex);
        for (String l : console) {
            if (p.matcher(l).find()) {
                return true;
            }
        }
        return false;
    }

    /** Closes the world. */
    @Override
    public void close() {
        world.close();
    }

    String consoleText() {
        return String.join("\n", console);
    }
}
