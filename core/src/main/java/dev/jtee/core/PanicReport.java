package dev.jtee.core;

import dev.jtee.api.TeeUuid;
import java.util.List;

/**
 * An instance's death, as {@link SecureWorld#onPanic} reports it.
 *
 * @param uuid         the TA
 * @param code         the panic code: TEE_Panic's argument, {@code 0xffff300f} (TEE_ERROR_OVERFLOW) for a
 *                     stack overflow, {@code 0xdeadbeef} for an abort (as OP-TEE), the result of an
 *                     uncaught TeeException, else {@code 0xffff0000} (TEE_ERROR_GENERIC)
 * @param abortAddress the faulting virtual address of a data abort, or -1
 * @param lines        the console lines of the dump, prefixes included
 */
public record PanicReport(TeeUuid uuid, int code, long abortAddress, List<String> lines) {
    public PanicReport {
        lines = List.copyOf(lines);
    }
}
