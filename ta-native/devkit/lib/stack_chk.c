/* The stack protector's failure path, alone in its object so a TA pulls in nothing else with it. */
#include "jtee_host.h"

/* A smashed canary (-fstack-protector-strong): the host prints "stack smashing detected" and
 * panics the TA with TEE_ERROR_OVERFLOW. */
void __stack_chk_fail(void) __attribute__((noreturn));
void __stack_chk_fail(void)
{
	jtee_stack_chk_fail();
}

void __stack_chk_fail_local(void) __attribute__((noreturn));
void __stack_chk_fail_local(void)
{
	jtee_stack_chk_fail();
}
