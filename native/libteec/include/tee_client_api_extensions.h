/*
 * Extensions to the GP TEE Client API that OP-TEE's libteec exports and jtee's
 * libteec exports too, with the same names and signatures, so programs written
 * against OP-TEE's tee_client_api_extensions.h (xtest's perf and SDP sources)
 * build and link unchanged.
 */
#ifndef TEE_CLIENT_API_EXTENSIONS_H
#define TEE_CLIENT_API_EXTENSIONS_H

#include <tee_client_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Registers the memory behind a file descriptor as a shared memory block of
 * context. The caller sets sharedMem->flags (TEEC_MEM_INPUT/OUTPUT); on
 * success the library sets sharedMem->size to the file's size and, as OP-TEE's
 * libteec, leaves sharedMem->buffer NULL: the caller reaches the memory through
 * its own mapping of fd. The block is used as any other (TEEC_MEMREF_WHOLE,
 * _PARTIAL_*): what the TA writes shows in every MAP_SHARED mapping of fd.
 * The library keeps its own duplicate of fd, so the caller may close fd; it is
 * let go by TEEC_ReleaseSharedMemory.
 *
 * jtee maps the descriptor itself, so it takes a memfd (memfd_create) or any
 * other regular file that can be mapped MAP_SHARED and is not empty. A dma-buf
 * (DMA heap, ION, secure data path buffers) needs a kernel driver jtee does
 * not emulate: for it, and for any descriptor that is not a regular file, the
 * answer is TEEC_ERROR_NOT_SUPPORTED; a descriptor that is not open, or NULL
 * arguments, TEEC_ERROR_BAD_PARAMETERS. Either failure leaves sharedMem as it
 * was and writes one line saying why to stderr.
 */
TEEC_Result TEEC_RegisterSharedMemoryFileDescriptor(TEEC_Context *context, TEEC_SharedMemory *sharedMem, int fd);

#ifdef __cplusplus
}
#endif

#endif
