package dev.jtee.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every code of tee_client_api.h / tee_api_defines.h with its exact u32 value (reference §1). */
class TeeResultTest {

    @Test
    void everyCodeHasOpTeesValue() {
        Map<Integer, String> expected = Map.ofEntries(
                Map.entry(0x00000000, "TEE_SUCCESS"),
                Map.entry(0xF0100001, "TEE_ERROR_CORRUPT_OBJECT"),
                Map.entry(0xF0100002, "TEE_ERROR_CORRUPT_OBJECT_2"),
                Map.entry(0xF0100003, "TEE_ERROR_STORAGE_NOT_AVAILABLE"),
                Map.entry(0xF0100004, "TEE_ERROR_STORAGE_NOT_AVAILABLE_2"),
                Map.entry(0xF0100005, "TEE_ERROR_UNSUPPORTED_VERSION"),
                Map.entry(0xF0100006, "TEE_ERROR_CIPHERTEXT_INVALID"),
                Map.entry(0xFFFF0000, "TEE_ERROR_GENERIC"),
                Map.entry(0xFFFF0001, "TEE_ERROR_ACCESS_DENIED"),
                Map.entry(0xFFFF0002, "TEE_ERROR_CANCEL"),
                Map.entry(0xFFFF0003, "TEE_ERROR_ACCESS_CONFLICT"),
                Map.entry(0xFFFF0004, "TEE_ERROR_EXCESS_DATA"),
                Map.entry(0xFFFF0005, "TEE_ERROR_BAD_FORMAT"),
                Map.entry(0xFFFF0006, "TEE_ERROR_BAD_PARAMETERS"),
                Map.entry(0xFFFF0007, "TEE_ERROR_BAD_STATE"),
                Map.entry(0xFFFF0008, "TEE_ERROR_ITEM_NOT_FOUND"),
                Map.entry(0xFFFF0009, "TEE_ERROR_NOT_IMPLEMENTED"),
                Map.entry(0xFFFF000A, "TEE_ERROR_NOT_SUPPORTED"),
                Map.entry(0xFFFF000B, "TEE_ERROR_NO_DATA"),
                Map.entry(0xFFFF000C, "TEE_ERROR_OUT_OF_MEMORY"),
                Map.entry(0xFFFF000D, "TEE_ERROR_BUSY"),
                Map.entry(0xFFFF000E, "TEE_ERROR_COMMUNICATION"),
                Map.entry(0xFFFF000F, "TEE_ERROR_SECURITY"),
                Map.entry(0xFFFF0010, "TEE_ERROR_SHORT_BUFFER"),
                Map.entry(0xFFFF0011, "TEE_ERROR_EXTERNAL_CANCEL"),
                Map.entry(0xFFFF3001, "TEE_ERROR_TIMEOUT"),
                Map.entry(0xFFFF300F, "TEE_ERROR_OVERFLOW"),
                Map.entry(0xFFFF3024, "TEE_ERROR_TARGET_DEAD"),
                Map.entry(0xFFFF3041, "TEE_ERROR_STORAGE_NO_SPACE"),
                Map.entry(0xFFFF3071, "TEE_ERROR_MAC_INVALID"),
                Map.entry(0xFFFF3072, "TEE_ERROR_SIGNATURE_INVALID"),
                Map.entry(0xFFFF5000, "TEE_ERROR_TIME_NOT_SET"),
                Map.entry(0xFFFF5001, "TEE_ERROR_TIME_NEEDS_RESET"));
        assertEquals(expected.size(), TeeResult.known().size());
        expected.forEach((code, name) -> {
            TeeResult r = TeeResult.of(code);
            assertEquals(name, r.name());
            assertEquals(code, r.code());
            assertTrue(r.isKnown());
        });
    }

    @Test
    void lookupReturnsTheConstants() {
        assertSame(TeeResult.TARGET_DEAD, TeeResult.of(0xFFFF3024));
        assertSame(TeeResult.OVERFLOW, TeeResult.of(0xFFFF300F));
        assertTrue(TeeResult.SUCCESS.isSuccess());
        assertFalse(TeeResult.BUSY.isSuccess());
    }

    @Test
    void printsNameAndLowerCaseHex() {
        assertEquals("TEE_ERROR_TARGET_DEAD (0xffff3024)", TeeResult.TARGET_DEAD.toString());
        assertEquals("TEE_SUCCESS (0x00000000)", TeeResult.SUCCESS.toString());
    }

    @Test
    void unknownCodesArePreservedAndPrintedAsHex() {
        TeeResult r = TeeResult.of(0x0000beef);
        assertFalse(r.isKnown());
        assertEquals(0xbeef, r.code());
        assertEquals("0x0000beef", r.toString());
        assertEquals("0x0000beef", r.name());
        TeeResult again = TeeResult.of(0xbeef);
        assertNotSame(r, again);
        assertEquals(r, again);
        assertEquals(r.hashCode(), again.hashCode());
    }

    @Test
    void knownIsOrderedAsUnsigned() {
        Integer previous = null;
        for (Integer code : TeeResult.known().keySet()) {
            if (previous != null) {
                assertTrue(Integer.compareUnsigned(previous, code) < 0);
            }
            previous = code;
        }
    }
}
