package dev.jtee.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Origins, logins, parameter types, UUIDs and TeeException against reference §1. */
class VocabularyTest {

    @Test
    void originsHaveGpValues() {
        assertEquals(1, Origin.API.value());
        assertEquals(2, Origin.COMMS.value());
        assertEquals(3, Origin.TEE.value());
        assertEquals(4, Origin.TRUSTED_APP.value());
        for (Origin o : Origin.values()) {
            assertSame(o, Origin.of(o.value()));
        }
        assertThrows(IllegalArgumentException.class, () -> Origin.of(5));
    }

    @Test
    void loginsHaveGpValues() {
        assertEquals(0, Login.PUBLIC.value());
        assertEquals(1, Login.USER.value());
        assertEquals(2, Login.GROUP.value());
        assertEquals(4, Login.APPLICATION.value());
        assertEquals(5, Login.USER_APPLICATION.value());
        assertEquals(6, Login.GROUP_APPLICATION.value());
        assertEquals(0xF0000000, Login.TRUSTED_APP.value());
        for (Login l : Login.values()) {
            assertSame(l, Login.of(l.value()));
        }
        assertThrows(IllegalArgumentException.class, () -> Login.of(3));
    }

    @Test
    void clientParamTypeNibbles() {
        int[] valid = {0x0, 0x1, 0x2, 0x3, 0x5, 0x6, 0x7, 0xC, 0xD, 0xE, 0xF};
        for (int n : valid) {
            assertEquals(n, ParamType.client(n).nibble());
        }
        for (int n : new int[] {0x4, 0x8, 0x9, 0xA, 0xB}) {
            assertNull(ParamType.client(n), "nibble " + n);
        }
        assertSame(ParamType.MEMREF_TEMP_INOUT, ParamType.client(7));
        assertSame(ParamType.MEMREF_WHOLE, ParamType.client(0xC));
        assertSame(ParamType.MEMREF_PARTIAL_OUTPUT, ParamType.client(0xE));
    }

    @Test
    void taParamTypesAreFiveSixSeven() {
        assertSame(ParamType.MEMREF_INPUT, ParamType.ta(5));
        assertSame(ParamType.MEMREF_OUTPUT, ParamType.ta(6));
        assertSame(ParamType.MEMREF_INOUT, ParamType.ta(7));
        assertSame(ParamType.VALUE_OUTPUT, ParamType.ta(2));
        assertNull(ParamType.ta(0xC));
        assertNull(ParamType.ta(0xD));
    }

    @Test
    void directions() {
        assertTrue(ParamType.VALUE_INOUT.isInput() && ParamType.VALUE_INOUT.isOutput());
        assertTrue(ParamType.MEMREF_PARTIAL_INPUT.isInput());
        assertFalse(ParamType.MEMREF_PARTIAL_INPUT.isOutput());
        assertFalse(ParamType.MEMREF_WHOLE.isInput() || ParamType.MEMREF_WHOLE.isOutput());
        assertTrue(ParamType.MEMREF_WHOLE.isMemref());
        assertTrue(ParamType.VALUE_INPUT.isValue());
        assertFalse(ParamType.NONE.isValue() || ParamType.NONE.isMemref());
    }

    @Test
    void packingAsTeecParamTypes() {
        int t = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.MEMREF_TEMP_OUTPUT, ParamType.NONE, ParamType.MEMREF_PARTIAL_INOUT);
        assertEquals(0xF061, t);
        assertEquals(0x1, ParamTypes.get(t, 0));
        assertEquals(0x6, ParamTypes.get(t, 1));
        assertEquals(0x0, ParamTypes.get(t, 2));
        assertEquals(0xF, ParamTypes.get(t, 3));
        assertEquals(0xF0A1, ParamTypes.with(t, 1, 0xA));
        assertEquals("[VALUE_INPUT, MEMREF_OUTPUT, NONE, 0xf]", ParamTypes.toString(t));
    }

    @Test
    void uuidTextAndBigEndianOctets() {
        TeeUuid u = TeeUuid.parse("8aaaf200-2450-11e4-abe2-0002a5d5c51b");
        assertEquals(0x8aaaf200, u.timeLow());
        assertEquals(0x2450, u.timeMid());
        assertEquals(0x11e4, u.timeHiAndVersion());
        assertArrayEquals(new byte[] {(byte) 0xab, (byte) 0xe2, 0x00, 0x02, (byte) 0xa5, (byte) 0xd5, (byte) 0xc5, 0x1b}, u.clockSeqAndNode());
        byte[] octets = u.toBytes();
        assertEquals((byte) 0x8a, octets[0]);
        assertEquals((byte) 0x1b, octets[15]);
        assertEquals(u, TeeUuid.fromBytes(octets));
        assertEquals(u, TeeUuid.of(0x8aaaf200, 0x2450, 0x11e4, u.clockSeqAndNode()));
        assertEquals("8aaaf200-2450-11e4-abe2-0002a5d5c51b", u.toString());
        assertEquals(u, TeeUuid.parse("8AAAF200-2450-11E4-ABE2-0002A5D5C51B"));
    }

    @Test
    void badUuidsAreRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TeeUuid.parse("8aaaf200-2450-11e4-abe2"));
        assertTrue(e.getMessage().contains("not a UUID"));
        assertThrows(IllegalArgumentException.class, () -> TeeUuid.parse("1-2-3-4-5"));
        assertThrows(IllegalArgumentException.class, () -> TeeUuid.fromBytes(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> TeeUuid.of(0, 0, 0, new byte[7]));
    }

    @Test
    void teeExceptionMessage() {
        TeeException e = new TeeException(TeeResult.TARGET_DEAD, Origin.TEE);
        assertEquals("TEE_ERROR_TARGET_DEAD (0xffff3024), origin TEE", e.getMessage());
        assertSame(TeeResult.TARGET_DEAD, e.result());
        assertSame(Origin.TEE, e.origin());
        assertEquals("TEE_ERROR_BUSY (0xffff000d), origin COMMS: queue full",
                new TeeException(TeeResult.BUSY, Origin.COMMS, "queue full").getMessage());
    }

    @Test
    void sizes() {
        assertEquals(16L << 20, Sizes.parse("16M"));
        assertEquals(512L << 10, Sizes.parse("512KiB"));
        assertEquals(1L << 30, Sizes.parse("1g"));
        assertEquals(123, Sizes.parse("123"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("-1"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("lots"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("M"));
    }
}
