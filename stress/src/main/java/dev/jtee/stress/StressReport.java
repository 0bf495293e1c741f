package dev.jtee.stress;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole stress run: metadata (JVM, CPUs, world and flow configuration, …), the target, every
 * step and, after a knee search, its result.
 */
public record StressReport(Map<String, String> metadata, String target, List<StepResult> steps, KneeResult knee) {
    public StressReport {
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        steps = List.copyOf(steps);
    }

    /** JVM, OS, CPUs, memory and the start time. */
    static Map<String, String> systemMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("started", Instant.now().toString());
        m.put("jvm", System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("max heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        m.put("gc", String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList()));
        return m;
    }
}
