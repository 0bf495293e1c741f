package dev.jtee.ta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeUuid;
import org.junit.jupiter.api.Test;

/** TA header flags and defaults as OP-TEE defines them (reference §2). */
class TaManifestTest {

    @Test
    void flagBitsHaveOpTeesValues() {
        assertEquals(1 << 2, TaFlags.SINGLE_INSTANCE);
        assertEquals(1 << 3, TaFlags.MULTI_SESSION);
        assertEquals(1 << 4, TaFlags.INSTANCE_KEEP_ALIVE);
        assertEquals(1 << 5, TaFlags.SECURE_DATA_PATH);
        assertEquals(1 << 7, TaFlags.CACHE_MAINTENANCE);
        assertEquals(1 << 8, TaFlags.CONCURRENT);
        assertEquals(1 << 13, TaFlags.INSTANCE_KEEP_CRASHED);
    }

    @Test
    void builderDefaultsAreOpteeExamples() {
        TaManifest m = TaManifest.builder("8aaaf200-2450-11e4-abe2-0002a5d5c51b", "hello_world").build();
        assertEquals(2048, m.stackSize());
        assertEquals(32768, m.dataSize());
        assertEquals(0, m.flags());
        assertEquals(TeeUuid.parse("8aaaf200-2450-11e4-abe2-0002a5d5c51b"), m.uuid());
    }

    @Test
    void builderSetsFlagsAndProperties() {
        TaManifest m = TaManifest.builder("f4e750bb-1437-4fbf-8785-8d3580c34994", "x")
                .singleInstance().multiSession().keepAlive().stackSize(4096).dataSize(1 << 20)
                .version("2.1").description("d").property("com.example.answer", 42).build();
        assertTrue(m.has(TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION));
        assertTrue(m.has(TaFlags.INSTANCE_KEEP_ALIVE));
        assertEquals("SINGLE_INSTANCE|MULTI_SESSION|INSTANCE_KEEP_ALIVE", TaFlags.toString(m.flags()));
        assertEquals(42, m.properties().get("com.example.answer"));
        assertThrows(UnsupportedOperationException.class, () -> m.properties().put("k", "v"));
        assertEquals("-", TaFlags.toString(0));
    }

    @Test
    void taParamsCarryTypesAndValues() {
        TaParams p = TaParams.none().value(0, ParamType.VALUE_INOUT, 1, 2).memref(2, ParamType.MEMREF_OUTPUT, 0x40030000L, 16);
        assertEquals(0x0603, p.types());
        assertEquals(2, p.b(0));
        assertEquals(16, p.size(2));
        p.update(2, 0, 0, 32);
        assertEquals(32, p.size(2));
        assertThrows(IllegalArgumentException.class, () -> p.memref(1, ParamType.MEMREF_TEMP_OUTPUT, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> p.value(1, ParamType.MEMREF_INPUT, 0, 0));
    }

    @Test
    void teeApiOutsideATaIsRefusedClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TeeApi.malloc(16, TeeApi.MALLOC_FILL_ZERO));
        assertTrue(e.getMessage().contains("only available inside a TA entry point"));
    }
}
