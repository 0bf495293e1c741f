package dev.jtee.junit;

import dev.jtee.client.Context;
import dev.jtee.client.Tee;
import dev.jtee.api.Sizes;
import dev.jtee.core.SecureWorld;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TrustedApplication;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/** The extension behind {@link JteeTest}: one world per test class, one context per test. */
final class JteeExtension implements BeforeEachCallback, ParameterResolver, AfterEachCallback, TestExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(JteeExtension.class);
    /** The console line core prints when an open names no loaded TA: {@code Failed for TA <uuid>. Return error 0xffff0008}. */
    private static final Pattern NOT_FOUND = Pattern.compile("Failed for TA (\\S+)\\. Return error 0x" + Integer.toHexString(TeeResult.ITEM_NOT_FOUND.code()));

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

    /** {@code ${name}} replaced by the system property {@code name}; a missing one is the test's error, named. */
    static String expand(Class<?> testClass, String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([^}]+)}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = System.getProperty(m.group(1));
            if (v == null) {
                throw new IllegalStateException("@JteeTest(taDirs = \"" + text + "\") of " + testClass.getName()
                        + ": the system property " + m.group(1) + " is not set");
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    private static Embedded start(Class<?> testClass) {
        JteeTest cfg = AnnotationSupport.findAnnotation(testClass, JteeTest.class)
                .orElseThrow(() -> new IllegalStateException(testClass + " is not annotated with @JteeTest"));
        List<String> console = new CopyOnWriteArrayList<>();
        SecureWorld.Builder b = SecureWorld.builder()
                .threads(cfg.threads())
                .secureRam(Sizes.parse(cfg.secureRam()))
                .classpathTas(cfg.classpathTas())
                .console(line -> {
                    console.add(line);
                    if (cfg.console()) {
                        System.err.println(line);
                    }
                });
        for (Class<? extends TrustedApplication> ta : cfg.tas()) {
            b.ta(supplier(testClass, ta));
        }
        for (String dir : cfg.taDirs()) {
            b.taDir(java.nio.file.Path.of(expand(testClass, dir)));
        }
        SecureWorld world = b.build();
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

    /** A TA class's no-argument constructor, checked now so a wrong class fails the test class with its name. */
    private static Supplier<TrustedApplication> supplier(Class<?> testClass, Class<? extends TrustedApplication> ta) {
        Constructor<? extends TrustedApplication> c;
        try {
            c = ta.getDeclaredConstructor();
            c.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new IllegalStateException("@JteeTest(tas = " + ta.getSimpleName() + ".class) on " + testClass.getName()
                    + ": a TA class needs a no-argument constructor", e);
        }
        return () -> {
            try {
                return c.newInstance();
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("constructing " + ta.getName() + " failed: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot construct " + ta.getName() + ": " + e, e);
            }
        };
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
        // where this test's console lines start: a failure shows those, not the whole class's
        ctx.getStore(NS).put(consoleKey(ctx), embedded(ctx).console().size());
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

    /** Adds the secure world's console lines of this test to its failure, and where TAs come from when one was not found. */
    @Override
    public void handleTestExecutionException(ExtensionContext ctx, Throwable failure) throws Throwable {
        Embedded e = embedded(ctx);
        Integer from = ctx.getStore(NS).get(consoleKey(ctx), Integer.class);
        List<String> all = e.console();
        List<String> lines = List.copyOf(all.subList(Math.min(from == null ? 0 : from, all.size()), all.size()));
        List<String> missing = new ArrayList<>();
        for (String line : lines) {
            Matcher m = NOT_FOUND.matcher(line);
            if (m.find() && !missing.contains(m.group(1))) {
                missing.add(m.group(1));
            }
        }
        if (!missing.isEmpty()) {
            failure.addSuppressed(new SecureWorldConsole("no TA with UUID " + String.join(", ", missing) + " in this world", List.of(
                    "TAs are looked up in @JteeTest(tas = {MyTa.class, ...}) and in META-INF/services/" + TrustedApplication.class.getName()
                            + " on the test class path (one class name per line)",
                    "this world has: " + describe(e.world()))));
        }
        if (!lines.isEmpty()) {
            failure.addSuppressed(new SecureWorldConsole("the secure world's console during this test:", lines));
        }
        throw failure;
    }

    private static String describe(SecureWorld world) {
        List<String> tas = new ArrayList<>();
        for (TaManifest m : world.tas()) {
            tas.add(m.name() + " (" + m.uuid() + ")");
        }
        return tas.isEmpty() ? "no TAs" : String.join(", ", tas);
    }

    private static String consoleKey(ExtensionContext ctx) {
        return "console:" + ctx.getUniqueId();
    }

    @Override
    public void afterEach(ExtensionContext ctx) {
        Contexts contexts = ctx.getStore(NS).remove(contextsKey(ctx), Contexts.class);
        if (contexts != null) {
            contexts.close();
        }
    }
}
