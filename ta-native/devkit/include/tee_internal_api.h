/* The one header a GP TA includes: constants, types, the Internal Core API and tracing. */
#ifndef TEE_INTERNAL_API_H
#define TEE_INTERNAL_API_H

#include <compiler.h>
#include <stddef.h>
#include <tee_api_defines.h>
#include <tee_api_types.h>
#include <tee_api.h>
#include <trace.h>

#endif /* TEE_INTERNAL_API_H */
