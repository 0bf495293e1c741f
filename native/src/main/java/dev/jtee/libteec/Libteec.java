package dev.jtee.libteec;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.PathElement.sequenceElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.UnionLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A loaded libteec: the GP TEE Client API's structures as {@link MemoryLayout}s (OP-TEE libteec
 * 4.x's layout, implementation-defined parts in {@code imp}, LP64) and downcall handles for its
 * nine functions (and jtee's two optional queries). Immutable after loading; thread-safe as libteec itself is.
 */
final class Libteec {
    /** size_t on LP64, the only data model this binding supports. */
    static final MemoryLayout SIZE_T = JAVA_LONG;

    static final GroupLayout CONTEXT = MemoryLayout.structLayout(
            MemoryLayout.structLayout(JAVA_INT.withName("fd"), JAVA_BOOLEAN.withName("reg_mem"),
                    JAVA_BOOLEAN.withName("memref_null"), MemoryLayout.paddingLayout(2)).withName("imp")).withName("TEEC_Context");

    static final GroupLayout UUID = MemoryLayout.structLayout(
            JAVA_INT.withName("timeLow"), JAVA_SHORT.withName("timeMid"), JAVA_SHORT.withName("timeHiAndVersion"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("clockSeqAndNode")).withName("TEEC_UUID");

    static final GroupLayout SHARED_MEMORY = MemoryLayout.structLayout(
            ADDRESS.withName("buffer"), SIZE_T.withName("size"), JAVA_INT.withName("flags"), MemoryLayout.paddingLayout(4),
            MemoryLayout.structLayout(JAVA_INT.withName("id"), MemoryLayout.paddingLayout(4), SIZE_T.withName("alloced_size"),
                    ADDRESS.withName("shadow_buffer"), JAVA_INT.withName("registered_fd"), JAVA_INT.withName("flags"))
                    .withName("imp")).withName("TEEC_SharedMemory");

    static final GroupLayout TEMP_MEMORY_REFERENCE = MemoryLayout.structLayout(
            ADDRESS.withName("buffer"), SIZE_T.withName("size")).withName("TEEC_TempMemoryReference");

    static final GroupLayout REGISTERED_MEMORY_REFERENCE = MemoryLayout.structLayout(
            ADDRESS.withName("parent"), SIZE_T.withName("size"), SIZE_T.withName("offset")).withName("TEEC_RegisteredMemoryReference");

    static final GroupLayout VALUE = MemoryLayout.structLayout(
            JAVA_INT.withName("a"), JAVA_INT.withName("b")).withName("TEEC_Value");

    static final UnionLayout PARAMETER = MemoryLayout.unionLayout(
            TEMP_MEMORY_REFERENCE.withName("tmpref"), REGISTERED_MEMORY_REFERENCE.withName("memref"),
            VALUE.withName("value")).withName("TEEC_Parameter");

    static final GroupLayout SESSION = MemoryLayout.structLayout(
            MemoryLayout.structLayout(ADDRESS.withName("ctx"), JAVA_INT.withName("session_id"), MemoryLayout.paddingLayout(4))
                    .withName("imp")).withName("TEEC_Session");

    static final GroupLayout OPERATION = MemoryLayout.structLayout(
            JAVA_INT.withName("started"), JAVA_INT.withName("paramTypes"),
            MemoryLayout.sequenceLayout(4, PARAMETER).withName("params"),
            MemoryLayout.structLayout(ADDRESS.withName("session")).withName("imp")).withName("TEEC_Operation");

    // ---- offsets the call path uses
    static final long OP_STARTED = OPERATION.byteOffset(groupElement("started"));
    static final long OP_PARAM_TYPES = OPERATION.byteOffset(groupElement("paramTypes"));
    static final long OP_PARAMS = OPERATION.byteOffset(groupElement("params"));
    static final long PARAM_SIZE = PARAMETER.byteSize();
    static final long TMPREF_BUFFER = PARAMETER.byteOffset(groupElement("tmpref"), groupElement("buffer"));
    static final long TMPREF_SIZE = PARAMETER.byteOffset(groupElement("tmpref"), groupElement("size"));
    static final long VALUE_A = PARAMETER.byteOffset(groupElement("value"), groupElement("a"));
    static final long VALUE_B = PARAMETER.byteOffset(groupElement("value"), groupElement("b"));
    static final long MEMREF_PARENT = PARAMETER.byteOffset(groupElement("memref"), groupElement("parent"));
    static final long MEMREF_SIZE = PARAMETER.byteOffset(groupElement("memref"), groupElement("size"));
    static final long MEMREF_OFFSET = PARAMETER.byteOffset(groupElement("memref"), groupElement("offset"));
    static final long SHM_BUFFER = SHARED_MEMORY.byteOffset(groupElement("buffer"));
    static final long SHM_SIZE = SHARED_MEMORY.byteOffset(groupElement("size"));
    static final long SHM_FLAGS = SHARED_MEMORY.byteOffset(groupElement("flags"));
    static final long UUID_TIME_LOW = UUID.byteOffset(groupElement("timeLow"));
    static final long UUID_TIME_MID = UUID.byteOffset(groupElement("timeMid"));
    static final long UUID_TIME_HI = UUID.byteOffset(groupElement("timeHiAndVersion"));
    static final long UUID_CLOCK_SEQ = UUID.byteOffset(groupElement("clockSeqAndNode"), sequenceElement(0));

    // ---- Client API constants used here
    static final int TEEC_SUCCESS = 0;
    static final int TEEC_LOGIN_GROUP = 2;
    static final int TEEC_LOGIN_GROUP_APPLICATION = 6;
    static final int TEEC_MEM_INPUT = 1;
    static final int TEEC_MEM_OUTPUT = 2;
    /** PARTIAL_INPUT/OUTPUT/INOUT are the TA's MEMREF_INPUT/OUTPUT/INOUT plus this. */
    static final int PARTIAL_OFFSET = 0xD - 0x5;

    /** The library name dlopen finds on an OP-TEE device (libteec 4.x's soname). */
    static final String DEFAULT_LIBRARY = "libteec.so.2";

    private static final Linker LINKER = Linker.nativeLinker();

    final String library;
    final MethodHandle initializeContext;
    final MethodHandle finalizeContext;
    final MethodHandle openSession;
    final MethodHandle closeSession;
    final MethodHandle invokeCommand;
    final MethodHandle registerSharedMemory;
    final MethodHandle allocateSharedMemory;
    final MethodHandle releaseSharedMemory;
    final MethodHandle requestCancellation;
    /** jtee's own queries ({@code jtee_client_ext.h}); null in another libteec (e.g. OP-TEE's). */
    final MethodHandle secureThreads;
    final MethodHandle sessionInstance;

    private Libteec(String library, SymbolLookup lookup) {
        this.library = library;
        initializeContext = handle(lookup, "TEEC_InitializeContext", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        finalizeContext = handle(lookup, "TEEC_FinalizeContext", FunctionDescriptor.ofVoid(ADDRESS));
        openSession = handle(lookup, "TEEC_OpenSession",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        closeSession = handle(lookup, "TEEC_CloseSession", FunctionDescriptor.ofVoid(ADDRESS));
        invokeCommand = handle(lookup, "TEEC_InvokeCommand", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        registerSharedMemory = handle(lookup, "TEEC_RegisterSharedMemory", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        allocateSharedMemory = handle(lookup, "TEEC_AllocateSharedMemory", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        releaseSharedMemory = handle(lookup, "TEEC_ReleaseSharedMemory", FunctionDescriptor.ofVoid(ADDRESS));
        requestCancellation = handle(lookup, "TEEC_RequestCancellation", FunctionDescriptor.ofVoid(ADDRESS));
        secureThreads = lookup.find("jtee_context_secure_threads")
                .map(m -> LINKER.downcallHandle(m, FunctionDescriptor.of(JAVA_INT, ADDRESS))).orElse(null);
        sessionInstance = lookup.find("jtee_session_instance")
                .map(m -> LINKER.downcallHandle(m, FunctionDescriptor.of(JAVA_INT, ADDRESS))).orElse(null);
    }

    /**
     * Loads {@code library}: a path (contains '/') or a name dlopen searches for; null or empty is
     * {@value #DEFAULT_LIBRARY}. The library stays loaded as long as {@code arena} is open.
     * ITEM_NOT_FOUND, origin API, when it cannot be loaded or lacks a Client API function.
     */
    static Libteec load(String library, Arena arena) {
        if (ADDRESS.byteSize() != 8) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, Origin.API, "the libteec binding supports 64-bit (LP64) platforms only");
        }
        String name = library == null || library.isBlank() ? DEFAULT_LIBRARY : library.strip();
        SymbolLookup lookup;
        try {
            if (name.indexOf('/') >= 0) {
                Path p = Path.of(name);
                if (!Files.exists(p)) {
                    throw new TeeException(TeeResult.ITEM_NOT_FOUND, Origin.API, "no libteec at " + p);
                }
                lookup = SymbolLookup.libraryLookup(p, arena);
            } else {
                lookup = SymbolLookup.libraryLookup(name, arena);
            }
        } catch (IllegalArgumentException e) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, Origin.API, "cannot load libteec '" + name + "': " + e.getMessage(), e);
        }
        return new Libteec(name, lookup);
    }

    private static MethodHandle handle(SymbolLookup lookup, String name, FunctionDescriptor fd) {
        MemorySegment symbol = lookup.find(name).orElseThrow(
                () -> new TeeException(TeeResult.ITEM_NOT_FOUND, Origin.API, "the library has no " + name + ": not a libteec"));
        return LINKER.downcallHandle(symbol, fd);
    }
}
