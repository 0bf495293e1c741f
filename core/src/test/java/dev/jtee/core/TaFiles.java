package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.TeeUuid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes {@code .ta} files for loader tests the way a dev kit lays them out (NATIVE-TAS.md §A): a
 * real shared object compiled by gcc, with a {@code .jtee_ta_head} section added by objcopy from
 * header bytes the test chooses. Not runnable TAs (no entry points): only their headers are read.
 */
final class TaFiles {
    private final Path dir;
    private Path emptySo;

    TaFiles(Path dir) {
        this.dir = dir;
    }

    /** The header of §A: magic, version, length, UUID struct, flags, sizes, ABI, then the properties. */
    static byte[] header(TeeUuid uuid, int flags, int stack, int data, int abi, Map<String, Object> props) {
        ByteBuffer b = ByteBuffer.allocate(64 << 10).order(ByteOrder.nativeOrder());
        b.put(NativeTaFile.MAGIC).putInt(NativeTaFile.FORMAT_VERSION).putInt(0);
        uuid.writeStruct(b);
        b.putInt(flags).putInt(stack).putInt(data).putInt(abi).putInt(props.size());
        for (Map.Entry<String, Object> e : props.entrySet()) {
            NativeTaFile.writeProperty(b, e.getKey(), e.getValue());
        }
        b.putInt(12, b.position());
        byte[] out = new byte[b.position()];
        b.get(0, out);
        return out;
    }

    static byte[] header(TeeUuid uuid, int flags) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("gpd.ta.description", "a test TA");
        props.put("gpd.ta.version", "1.2");
        return header(uuid, flags, 2048, 32 * 1024, 13, props);
    }

    /** {@code name} (e.g. {@code <uuid>.ta}): the empty shared object with {@code header} as its .jtee_ta_head. */
    Path ta(Path into, String name, byte[] header) throws IOException, InterruptedException {
        Path head = dir.resolve(name + ".head");
        Files.write(head, header);
        Path out = into.resolve(name);
        run("objcopy", "--add-section", NativeTaFile.SECTION + "=" + head, "--set-section-flags",
                NativeTaFile.SECTION + "=contents,readonly", so().toString(), out.toString());
        return out;
    }

    private Path so() throws IOException, InterruptedException {
        if (emptySo == null) {
            Path c = dir.resolve("empty.c");
            Files.writeString(c, "int jtee_test_symbol(void) { return 42; }\n", StandardCharsets.US_ASCII);
            emptySo = dir.resolve("empty.so");
            run("gcc", "-shared", "-fPIC", "-o", emptySo.toString(), c.toString());
        }
        return emptySo;
    }

    private void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd[0] + " did not finish");
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed: " + out);
    }
}
