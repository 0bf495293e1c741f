/* OP-TEE names its extension constants here; jtee keeps them all in tee_api_defines.h. */
#ifndef TEE_API_DEFINES_EXTENSIONS_H
#define TEE_API_DEFINES_EXTENSIONS_H
#include <tee_api_defines.h>
#endif
