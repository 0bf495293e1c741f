/* OP-TEE's trace levels. */
#ifndef TRACE_LEVELS_H
#define TRACE_LEVELS_H

#define TRACE_MIN   1
#define TRACE_ERROR TRACE_MIN
#define TRACE_INFO  2
#define TRACE_DEBUG 3
#define TRACE_FLOW  4
#define TRACE_MAX   TRACE_FLOW

#endif /* TRACE_LEVELS_H */
