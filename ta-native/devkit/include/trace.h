/*
 * TA trace output filtered at compile time by TRACE_LEVEL (the dev kit passes
 * -DTRACE_LEVEL=$(CFG_TEE_TA_LOG_LEVEL), default 2): EMSG at 1 (error), IMSG at 2 (info), DMSG at 3
 * (debug), FMSG at 4 (flow). Each line goes to the world's console through jtee_trace, prefixed
 * "function:line " as OP-TEE prints it; the *_RAW variants print the text alone.
 */
#ifndef TRACE_H
#define TRACE_H

#include <compiler.h>
#include <stdbool.h>
#include <stddef.h>
#include <trace_levels.h>

#ifndef TRACE_LEVEL
#define TRACE_LEVEL TRACE_INFO
#endif

void trace_printf(const char *func, int line, int level, bool level_ok, const char *fmt, ...)
	__printf(5, 6);
int trace_get_level(void);
void trace_set_level(int level);
void dhex_dump(const char *func, int line, int level, const void *buf, int len);

#define trace_printf_helper(level, level_ok, ...) \
	trace_printf(__func__, __LINE__, (level), (level_ok), __VA_ARGS__)
#define trace_printf_helper_raw(level, level_ok, ...) \
	trace_printf(NULL, 0, (level), (level_ok), __VA_ARGS__)

/* An unconditional message. */
#define MSG(...) trace_printf_helper(0, false, __VA_ARGS__)
#define MSG_RAW(...) trace_printf_helper_raw(0, false, __VA_ARGS__)

#if TRACE_LEVEL >= TRACE_ERROR
#define EMSG(...) trace_printf_helper(TRACE_ERROR, true, __VA_ARGS__)
#define EMSG_RAW(...) trace_printf_helper_raw(TRACE_ERROR, true, __VA_ARGS__)
#else
#define EMSG(...) (void)0
#define EMSG_RAW(...) (void)0
#endif

#if TRACE_LEVEL >= TRACE_INFO
#define IMSG(...) trace_printf_helper(TRACE_INFO, true, __VA_ARGS__)
#define IMSG_RAW(...) trace_printf_helper_raw(TRACE_INFO, true, __VA_ARGS__)
#else
#define IMSG(...) (void)0
#define IMSG_RAW(...) (void)0
#endif

#if TRACE_LEVEL >= TRACE_DEBUG
#define DMSG(...) trace_printf_helper(TRACE_DEBUG, true, __VA_ARGS__)
#define DMSG_RAW(...) trace_printf_helper_raw(TRACE_DEBUG, true, __VA_ARGS__)
#define DHEXDUMP(buf, len) dhex_dump(__func__, __LINE__, TRACE_DEBUG, (buf), (len))
#else
#define DMSG(...) (void)0
#define DMSG_RAW(...) (void)0
#define DHEXDUMP(buf, len) (void)0
#endif

#if TRACE_LEVEL >= TRACE_FLOW
#define FMSG(...) trace_printf_helper(TRACE_FLOW, true, __VA_ARGS__)
#define FMSG_RAW(...) trace_printf_helper_raw(TRACE_FLOW, true, __VA_ARGS__)
#define INMSG(...) FMSG("> " __VA_ARGS__)
#define OUTMSG(...) FMSG("< " __VA_ARGS__)
#define OUTRMSG(r) do { OUTMSG("r=[%x]", (unsigned int)(r)); return (r); } while (0)
#else
#define FMSG(...) (void)0
#define FMSG_RAW(...) (void)0
#define INMSG(...) (void)0
#define OUTMSG(...) (void)0
#define OUTRMSG(r) return (r)
#endif

#endif /* TRACE_H */
