package dev.jtee.core;

import dev.jtee.ta.TrustedApplication;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Loads a TA's classes a second time, instrumented for the {@link StackMeter}: every method of the
 * TA's own code charges its modelled frame on entry and gives it back on every way out (a return,
 * or an exception leaving the method). "The TA's own code" is every class of the TA class's
 * package and its sub-packages that comes from the same jar or directory; everything else (the
 * JDK, jtee, libraries) is shared with the original loader and not charged. Constructors and
 * static initialisers are not charged (a C TA's globals are not on its stack).
 */
final class StackInstrumenter {
    private static final ClassDesc METER = ClassDesc.of(StackMeter.class.getName());
    private static final MethodTypeDesc ENTER = MethodTypeDesc.ofDescriptor("(II)V");
    private static final MethodTypeDesc EXIT = MethodTypeDesc.ofDescriptor("(I)V");

    private StackInstrumenter() {
    }

    /**
     * A factory of instrumented objects of {@code type}'s class, each call a new object; the
     * classes are loaded once, by one loader, so static state is shared like in the original.
     * The class needs a no-argument constructor (ServiceLoader's rule for TAs).
     */
    static Supplier<TrustedApplication> factory(Class<? extends TrustedApplication> type) {
        Loader loader = new Loader(type);
        // the copies live in the loader's unnamed module and call StackMeter; on the module path this
        // module exports its package only to jtee's own modules (a no-op on the class path)
        StackInstrumenter.class.getModule().addExports(StackMeter.class.getPackageName(), loader.getUnnamedModule());
        Constructor<?> ctor;
        try {
            Class<?> c = loader.loadClass(type.getName());
            ctor = c.getDeclaredConstructor();
            ctor.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("cannot load " + type.getName() + " instrumented for stack metering: " + e, e);
        }
        return () -> {
            try {
                return (TrustedApplication) ctor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot construct " + type.getName() + ": " + e.getCause(), e);
            }
        };
    }

    /** The instrumented bytes of one class file. */
    static byte[] instrument(byte[] classBytes, ClassLoader resolveFrom) {
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(resolveFrom)).cached()));
        ClassModel model = cf.parse(classBytes);
        String owner = model.thisClass().asInternalName();
        String simple = owner.substring(owner.lastIndexOf('/') + 1);
        return cf.transformClass(model, (cb, ce) -> {
            if (ce instanceof MethodModel m && m.code().isPresent() && !m.methodName().equalsString("<init>")
                    && !m.methodName().equalsString("<clinit>")) {
                int cost = StackMeter.frameCost(((CodeAttribute) m.code().get()).maxLocals());
                int id = StackMeter.methodId(simple + "." + m.methodName().stringValue());
                cb.transformMethod(m, MethodTransform.transformingCode(new Metering(cost, id)));
            } else {
                cb.with(ce);
            }
        });
    }

    /** enter before the body, exit before every return and in a catch-all handler that rethrows. */
    private static final class Metering implements CodeTransform {
        private final int cost;
        private final int id;
        private Label start;

        Metering(int cost, int id) {
            this.cost = cost;
            this.id = id;
        }

        @Override
        public void atStart(CodeBuilder b) {
            // before the protected range: an overflow thrown by enter has charged nothing
            b.loadConstant(cost).loadConstant(id).invokestatic(METER, "enter", ENTER);
            start = b.newBoundLabel();
        }

        @Override
        public void accept(CodeBuilder b, CodeElement e) {
            if (e instanceof ReturnInstruction) {
                b.loadConstant(cost).invokestatic(METER, "exit", EXIT);
            }
            b.with(e);
        }

        @Override
        public void atEnd(CodeBuilder b) {
            Label handler = b.newBoundLabel();
            b.loadConstant(cost).invokestatic(METER, "exit", EXIT).athrow();
            b.exceptionCatchAll(start, handler, handler);
        }
    }

    /** Child-first for the TA's own classes (instrumented), parent-first for everything else. */
    static final class Loader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final ClassLoader original;
        private final String prefix;
        private final URL location;

        Loader(Class<?> taClass) {
            super("jtee-stack:" + taClass.getName(), taClass.getClassLoader());
            this.original = Objects.requireNonNullElse(taClass.getClassLoader(), ClassLoader.getSystemClassLoader());
            String pkg = taClass.getPackageName();
            this.prefix = pkg.isEmpty() ? "" : pkg + ".";
            this.location = location(taClass);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && ours(name)) {
                    c = defineInstrumented(name);
                }
                if (c == null) {
                    return super.loadClass(name, resolve);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        private boolean ours(String name) {
            return prefix.isEmpty() ? name.indexOf('.') < 0 : name.startsWith(prefix);
        }

        /** The instrumented copy, or null when the class is not the TA's (another jar, or none). */
        private Class<?> defineInstrumented(String name) throws ClassNotFoundException {
            Class<?> originalClass;
            try {
                originalClass = Class.forName(name, false, original);
            } catch (ClassNotFoundException e) {
                return null;
            }
            if (!Objects.equals(location(originalClass), location)) {
                return null;
            }
            byte[] bytes;
            try (InputStream in = original.getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    return null;
                }
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new ClassNotFoundException("cannot read " + name, e);
            }
            byte[] instrumented = instrument(bytes, original);
            ProtectionDomain pd = originalClass.getProtectionDomain();
            return defineClass(name, instrumented, 0, instrumented.length, pd);
        }

        private static URL location(Class<?> c) {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            return cs == null ? null : cs.getLocation();
        }
    }
}
