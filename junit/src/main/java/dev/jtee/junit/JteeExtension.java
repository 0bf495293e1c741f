package dev.jtee.junit;

import dev.jtee.client.Context;
import dev.jtee.client.Tee;
import dev.jtee.api.Sizes;
import dev.jtee.core.SecureWorld;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** The extension behind {@link JteeTest}: one world per test class, one context per test. */
final class JteeExtension implements BeforeEachCallback, ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(JteeExtension.class);

    /** The world and device of one test class, closed by JUnit when the class is done. */
    record Embedded(SecureWorld world, Tee tee, List<String> console, AutoCloseable transport) implements AutoCloseable {
        Embedded(SecureWorld world, Tee tee, List<String> console) {
            this(world, tee, console, null);
        }

        @Override
        public void close() {
            tee.close();
            try {
                if (transport != null) {
                    transport.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException("closing the " + System.getProperty(WorldTransport.PROPERTY) + " transport", e);
            } finally {
                world.close();
            }
        }
    }

    /** The contexts handed out for one test, closed after it. */
    static final class Contexts implements AutoCloseable {
        final List<Context> open = new CopyOnWriteArrayList<>();

        @Override
        public void close() {
            for (Context c : open) {
                c.close();
            }
            open.clear();
        }
    }

    private static Embedded embedded(ExtensionContext ctx) {
        Class<?> testClass = ctx.getRequiredTestClass();
        ExtensionContext classCtx = ctx;
        while (classCtx.getTestMethod().isPresent() && classCtx.getParent().isPresent()) {
            classCtx = classCtx.getParent().get();
        }
        return classCtx.getStore(NS).getOrComputeIfAbsent(Embedded.class, k -> start(testClass), Embedded.class);
    }

    private static Embedded start(Class<?> testClass) {
        JteeTest cfg = AnnotationSupport.findAnnotation(testClass, JteeTest.class)
                .orElseThrow(() -> new IllegalStateException(testClass + " is not annotated with @JteeTest"));
        List<String> console = new CopyOnWriteArrayList<>();
        SecureWorld world = SecureWorld.builder()
                .threads(cfg.threads())
                .secureRam(Sizes.parse(cfg.secureRam()))
                .console(line -> {
                    console.add(line);
                    if (cfg.console()) {
                        System.err.println(line);
                    }
                })
                .build();
        String transport = System.getProperty(WorldTransport.PROPERTY, "embedded");
        if (transport.isBlank() || transport.equals("embedded")) {
            return new Embedded(world, Tee.on(world), console);
        }
        // the same world, reached through another transport (e.g. a daemon's socket)
        for (WorldTransport t : java.util.ServiceLoader.load(WorldTransport.class)) {
            if (t.name().equals(transport)) {
                WorldTransport.Connected c = t.connect(world);
                return new Embedded(world, c.tee(), console, c);
            }
        }
        world.close();
        throw new IllegalStateException("no " + WorldTransport.class.getSimpleName() + " named '" + transport + "' on the class path");
    }

    private static Object resolve(Class<?> type, ExtensionContext ctx) {
        Embedded e = embedded(ctx);
        if (type == SecureWorld.class) {
            return e.world();
        }
        if (type == Tee.class) {
            return e.tee();
        }
        if (type == Context.class) {
            Context c = e.tee().newContext();
            // Keyed by the test's id: a plain key would find an enclosing context's entry first.
            ctx.getStore(NS).getOrComputeIfAbsent(contextsKey(ctx), k -> new Contexts(), Contexts.class).open.add(c);
            return c;
        }
        return null;
    }

    private static String contextsKey(ExtensionContext ctx) {
        return "contexts:" + ctx.getUniqueId();
    }

    private static boolean injectable(Class<?> type) {
        return type == Context.class || type == SecureWorld.class || type == Tee.class;
    }

    /** Fields are filled before each test (not at instantiation) so a Context field is per test too. */
    @Override
    public void beforeEach(ExtensionContext ctx) throws IllegalAccessException {
        Object instance = ctx.getRequiredTestInstance();
        for (Class<?> c = instance.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers()) && injectable(f.getType())) {
                    f.setAccessible(true);
                    f.set(instance, resolve(f.getType(), ctx));
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) throws ParameterResolutionException {
        return injectable(p.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) throws ParameterResolutionException {
        return resolve(p.getParameter().getType(), ctx);
    }

    @Override
    public void afterEach(ExtensionContext ctx) {
        Contexts contexts = ctx.getStore(NS).remove(contextsKey(ctx), Contexts.class);
        if (contexts != null) {
            contexts.close();
        }
    }
}
