package dev.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtee ta list --ta-dir} with a native TA (issue 14 §2): listed with its sizes and a
 * {@code native} marker, replacing the built-in hello_world whose UUID it has (one console line),
 * a foreign file refused with one line. The .ta is a gcc-built shared object with the header
 * section of ta-native/NATIVE-TAS.md §A added by objcopy.
 */
class TaListNativeTest {
    static final String HELLO = "8aaaf200-2450-11e4-abe2-0002a5d5c51b";

    @TempDir
    Path dir;

    /** §A: magic, version, length, the TEE_UUID struct, flags, stack, data, ABI, no properties. */
    private static byte[] header(String uuid, int flags, int stack, int data) {
        java.util.UUID u = java.util.UUID.fromString(uuid);
        ByteBuffer b = ByteBuffer.allocate(52).order(ByteOrder.nativeOrder());
        b.put(new byte[] {'J', 'T', 'E', 'E', 'T', 'A', 0, 1}).putInt(1).putInt(52);
        long msb = u.getMostSignificantBits();
        b.putInt((int) (msb >>> 32)).putShort((short) (msb >>> 16)).putShort((short) msb);
        b.put(ByteBuffer.allocate(8).putLong(u.getLeastSignificantBits()).array()); // clockSeqAndNode, as octets
        b.putInt(flags).putInt(stack).putInt(data).putInt(13).putInt(0);
        return b.array();
    }

    private Path ta(String name, byte[] header) throws Exception {
        Path c = dir.resolve("x.c");
        Files.writeString(c, "int x(void) { return 1; }\n");
        Path so = dir.resolve("x.so");
        run("gcc", "-shared", "-fPIC", "-o", so.toString(), c.toString());
        Path head = dir.resolve(name + ".head");
        Files.write(head, header);
        Path tas = Files.createDirectories(dir.resolve("tas"));
        Path out = tas.resolve(name);
        run("objcopy", "--add-section", ".jtee_ta_head=" + head, so.toString(), out.toString());
        return out;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void aNativeTaIsListedWithItsSizesAndMarkerAndReplacesTheBuiltIn() throws Exception {
        Path file = ta(HELLO + ".ta", header(HELLO, 1 << 3, 4096, 65536));
        Files.writeString(file.resolveSibling("junk.ta"), "not an ELF file\n");
        Path tas = file.getParent();
        CliRun r = CliRun.run("ta", "list", "--ta-dir", tas.toString());
        assertEquals(0, r.exit(), r.err());
        String row = r.out().lines().filter(l -> l.contains(HELLO)).findFirst().orElseThrow();
        assertTrue(row.matches("^hello_world\\s+" + HELLO + "\\s+native\\s+4096\\s+65536\\s+MULTI_SESSION$"), row);
        assertEquals(1, r.out().lines().filter(l -> l.startsWith("hello_world ")).count(), "the built-in is replaced: " + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("^\\S+\\s+\\S+\\s+java\\s.*")), "built-in Java TAs are marked java: " + r.out());
        assertTrue(r.err().contains("I/TC: Native TA " + file + " replaces the built-in TA hello_world (" + HELLO + ")"), r.err());
        assertTrue(r.err().contains("Refusing TA: native " + tas.resolve("junk.ta") + ": not an ELF file"), r.err());

        CliRun j = CliRun.run("ta", "list", "--json", "--quiet-tee", "--ta-dir", tas.toString());
        assertEquals(0, j.exit(), j.err());
        JsonNode all = new ObjectMapper().readTree(j.out());
        boolean found = false;
        for (JsonNode t : all.get("tas")) {
            if (t.get("uuid").asText().equals(HELLO)) {
                found = true;
                assertEquals("native", t.get("kind").asText());
                assertEquals(4096, t.get("stackSize").asInt());
            }
        }
        assertTrue(found, j.out());
    }
}
