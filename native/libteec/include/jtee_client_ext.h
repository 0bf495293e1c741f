/*
 * jtee's own additions to its libteec, outside the GP Client API. Programs
 * written for OP-TEE never need them; jtee's Java client (the libteec:
 * transport) looks them up when present so its flow control knows what a
 * daemon's socket would tell it. Both answer 0 when they do not know.
 */
#ifndef JTEE_CLIENT_EXT_H
#define JTEE_CLIENT_EXT_H

#include <stdint.h>

#include <tee_client_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The daemon's secure threads (OP-TEE's CFG_NUM_THREADS), as its handshake said. */
uint32_t jtee_context_secure_threads(const TEEC_Context *context);

/* A non-zero id of the TA instance serving an open session (shared by the sessions of a single-instance TA). */
uint32_t jtee_session_instance(const TEEC_Session *session);

#ifdef __cplusplus
}
#endif

#endif
