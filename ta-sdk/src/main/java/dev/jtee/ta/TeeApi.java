package dev.jtee.ta;

import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.ta.spi.InternalApi;
import java.util.List;

/**
 * The GP TEE Internal Core API for TA code, as static functions named after GP's ({@code TEE_Malloc}
 * is {@link #malloc}). Callable only from inside an entry point, i.e. on the instance's own thread.
 *
 * <p>Memory is addressed as in C: a {@code long} virtual address into the instance's heap or into
 * a memref parameter, 0 being NULL. Every access is checked; an access outside an allocated block
 * or a mapped parameter, after free, through the zero-size pointer, or a write to an INPUT memref
 * is a data abort: the instance dies and its client sees TARGET_DEAD, origin TEE.
 */
public final class TeeApi {
    /** {@code TEE_MALLOC_FILL_ZERO}: the block is zeroed. */
    public static final int MALLOC_FILL_ZERO = 0x0;
    /** {@code TEE_MALLOC_NO_FILL}: alone it is a panic (OP-TEE only accepts it with NO_SHARE). */
    public static final int MALLOC_NO_FILL = 0x1;
    /** {@code TEE_MALLOC_NO_SHARE}: the block comes from a separate heap. */
    public static final int MALLOC_NO_SHARE = 0x2;

    /** {@code TEE_MEMORY_ACCESS_*} flags for {@link #checkMemoryAccessRights}. */
    public static final int ACCESS_READ = 0x1;
    public static final int ACCESS_WRITE = 0x2;
    public static final int ACCESS_ANY_OWNER = 0x4;

    /** {@code TEE_TIMEOUT_INFINITE}. */
    public static final int TIMEOUT_INFINITE = 0xFFFFFFFF;

    private TeeApi() {
    }

    private static InternalApi api() {
        if (Thread.currentThread() instanceof InternalApi.Carrier c) {
            return c.internalApi();
        }
        throw new IllegalStateException("the TEE Internal Core API is only available inside a TA entry point");
    }

    // ---- memory

    /**
     * {@code TEE_Malloc}: a block of {@code size} bytes from the instance's heap, or 0 when it is
     * exhausted. Size 0 gives the zero-size pointer (non-NULL, aborts when dereferenced). Hint
     * FILL_ZERO zeroes; NO_FILL alone panics; unknown hints give 0.
     */
    public static long malloc(long size, int hint) {
        return api().malloc(size, hint);
    }

    /** {@code TEE_Realloc}; size 0 frees and returns the zero-size pointer. */
    public static long realloc(long buffer, long newSize) {
        return api().realloc(buffer, newSize);
    }

    /** {@code TEE_Free}; NULL and the zero-size pointer are ignored. */
    public static void free(long buffer) {
        api().free(buffer);
    }

    /** {@code TEE_MemMove}: copies, overlapping regions allowed. */
    public static void memMove(long dest, long src, long size) {
        api().memMove(dest, src, size);
    }

    /** {@code TEE_MemFill}: memset. */
    public static void memFill(long buffer, int x, long size) {
        api().memFill(buffer, x, size);
    }

    /** {@code TEE_MemCompare}, in constant time for a given size. */
    public static int memCompare(long buffer1, long buffer2, long size) {
        return api().memCompare(buffer1, buffer2, size);
    }

    /** {@code TEE_CheckMemoryAccessRights}: SUCCESS or ACCESS_DENIED. */
    public static TeeResult checkMemoryAccessRights(int accessFlags, long buffer, long size) {
        return api().checkMemoryAccessRights(accessFlags, buffer, size);
    }

    /** Reads one byte of TA memory (a C dereference). */
    public static byte getByte(long address) {
        return api().getByte(address);
    }

    /** Writes one byte of TA memory. */
    public static void putByte(long address, byte value) {
        api().putByte(address, value);
    }

    /** Copies TA memory into a Java array. */
    public static void read(long address, byte[] dst, int dstOffset, int length) {
        api().read(address, dst, dstOffset, length);
    }

    /** Copies a Java array into TA memory. */
    public static void write(long address, byte[] src, int srcOffset, int length) {
        api().write(address, src, srcOffset, length);
    }

    // ---- panic

    /**
     * {@code TEE_Panic}: the instance dies with this code and its clients see TARGET_DEAD. Never
     * returns; written {@code throw TeeApi.panic(code)} where the compiler needs to know that.
     */
    public static RuntimeException panic(int code) {
        throw api().panic(code);
    }

    public static RuntimeException panic(TeeResult code) {
        throw api().panic(code.code());
    }

    // ---- properties: the Java forms throw TeeException (ITEM_NOT_FOUND, BAD_FORMAT)

    public static String getPropertyAsString(PropSet set, String name) {
        return api().getPropertyAsString(set, name);
    }

    /** {@code TEE_GetPropertyAsString} into TA memory, NUL-terminated, with SHORT_BUFFER semantics. */
    public static PropertyRead getPropertyAsString(PropSet set, String name, long buffer, int bufferLength) {
        return api().getPropertyAsString(set, name, buffer, bufferLength);
    }

    public static boolean getPropertyAsBool(PropSet set, String name) {
        return api().getPropertyAsBool(set, name);
    }

    public static int getPropertyAsU32(PropSet set, String name) {
        return api().getPropertyAsU32(set, name);
    }

    public static long getPropertyAsU64(PropSet set, String name) {
        return api().getPropertyAsU64(set, name);
    }

    public static byte[] getPropertyAsBinaryBlock(PropSet set, String name) {
        return api().getPropertyAsBinaryBlock(set, name);
    }

    /** {@code TEE_GetPropertyAsBinaryBlock} into TA memory, with SHORT_BUFFER semantics. */
    public static PropertyRead getPropertyAsBinaryBlock(PropSet set, String name, long buffer, int bufferLength) {
        return api().getPropertyAsBinaryBlock(set, name, buffer, bufferLength);
    }

    public static TeeUuid getPropertyAsUuid(PropSet set, String name) {
        return api().getPropertyAsUuid(set, name);
    }

    public static Identity getPropertyAsIdentity(PropSet set, String name) {
        return api().getPropertyAsIdentity(set, name);
    }

    /** The names in a property set, in enumeration order (the property enumerator). */
    public static List<String> propertyNames(PropSet set) {
        return api().propertyNames(set);
    }

    // ---- time, cancellation, random

    /** {@code TEE_GetSystemTime}. */
    public static TeeTime getSystemTime() {
        return api().getSystemTime();
    }

    /**
     * {@code TEE_Wait}: SUCCESS after the timeout, or CANCEL as soon as a cancellation is requested
     * while cancellations are unmasked (they are masked at every entry).
     */
    public static TeeResult waitFor(int timeoutMillis) {
        return api().waitFor(timeoutMillis);
    }

    /** {@code TEE_GetCancellationFlag}: false while masked. */
    public static boolean getCancellationFlag() {
        return api().getCancellationFlag();
    }

    /** {@code TEE_UnmaskCancellation}; returns whether it was masked. */
    public static boolean unmaskCancellation() {
        return api().unmaskCancellation();
    }

    /** {@code TEE_MaskCancellation}; returns whether it was masked. */
    public static boolean maskCancellation() {
        return api().maskCancellation();
    }

    /** {@code TEE_GenerateRandom} into TA memory. */
    public static void generateRandom(long buffer, long size) {
        api().generateRandom(buffer, size);
    }

    // ---- TA-to-TA (Internal Client API)

    /**
     * {@code TEE_OpenTASession}. Throws {@link TeeException} with the result and origin on failure
     * (libutee returns a failed open to the caller; it does not panic it).
     */
    public static TaSessionHandle openTASession(TeeUuid destination, int cancellationTimeout, TaParams params) {
        return api().openTASession(destination, cancellationTimeout, params);
    }

    /**
     * {@code TEE_InvokeTACommand}. Throws {@link TeeException} with the callee's result and origin;
     * panics the caller instead when the origin is not TRUSTED_APP and the result is not
     * OUT_OF_MEMORY or TARGET_DEAD, as OP-TEE's libutee does.
     */
    public static void invokeTACommand(TaSessionHandle session, int cancellationTimeout, int command, TaParams params) {
        api().invokeTACommand(session, cancellationTimeout, command, params);
    }

    /** {@code TEE_CloseTASession}. */
    public static void closeTASession(TaSessionHandle session) {
        api().closeTASession(session);
    }
}
