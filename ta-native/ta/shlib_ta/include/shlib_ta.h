/* jtee's C test TA for TA shared libraries (5b1ba000-0017-4d1a-8b5e-5a4e11b0000a). Each command's p0 is
 * VALUE_OUTPUT; a failed check answers GENERIC with the source line in p0.a. */
#ifndef SHLIB_TA_H
#define SHLIB_TA_H

#define TA_SHLIB_UUID \
	{ 0x5b1ba000, 0x0017, 0x4d1a, { 0x8b, 0x5e, 0x5a, 0x4e, 0x11, 0xb0, 0x00, 0x0a } }
#define SHLIB_DL_UUID_STR "5b1ba000-0017-4d1a-8b5e-5a4e11b0000c"

/* a = shlib_add(3, 4) from the linked library */
#define SHLIB_CMD_CALL_LIB 0
/* the linked library panics with 0x5b1b */
#define SHLIB_CMD_CALL_LIB_PANIC 1
/* a = shlib_order: 21 after the first open (the library's init, then the TA's), 213 after CALL_LIB_DL */
#define SHLIB_CMD_GET_ORDER 2
/* dlopen() the dl library, dlsym() through its handle and through dlopen(NULL); a = shlib_dl_mul(6, 7);
 * checks that a missing symbol, an unknown library and flags other than OP-TEE's give NULL */
#define SHLIB_CMD_CALL_LIB_DL 3
/* the dlopen()ed library panics with 0x5b1c */
#define SHLIB_CMD_CALL_LIB_DL_PANIC 4
/* a = the modules dl_iterate_phdr() passes (its answer must be the callback's last, 123), b = whether
 * every module's program headers include a PT_LOAD and the first module is the TA (holds TA_CreateEntryPoint) */
#define SHLIB_CMD_DL_PHDR 5
/* TEE_CheckMemoryAccessRights on the library's data: its buffer is the TA's to write, its table to read only */
#define SHLIB_CMD_LIB_MEMORY 6
/* C++ (xtest 1031): a = a global object's value set by its constructor (5); b = 1 when an exception
 * thrown in C++ under a C frame was caught in C++ above it */
#define SHLIB_CMD_CXX 7
/* __thread (xtest 1029): a = the library's shlib_tls_b (123), b = the TA's own (42), each checked for
 * its initial value (and the zero-initialised ones for 0) and then written */
#define SHLIB_CMD_TLS 8

#endif
