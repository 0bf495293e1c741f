/* assert(): a failed assertion prints its expression and place, then panics the TA. */
#ifndef JTEE_ASSERT_H
#define JTEE_ASSERT_H

#include <compiler.h>
#include <trace.h>

void _assert_log(const char *expr, const char *file, int line, const char *func);
void _assert_break(void) __noreturn;

#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr) \
	((expr) ? (void)0 : (_assert_log(#expr, __FILE__, __LINE__, __func__), _assert_break()))
#endif

#ifndef __cplusplus
#define static_assert _Static_assert
#endif

#endif /* JTEE_ASSERT_H */
