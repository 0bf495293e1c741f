/* libutils' setjmp/longjmp as a host program: longjmp(env, 0) makes setjmp return 1, another value
 * arrives as itself, from a deeper frame, and the caller's frame is intact afterwards. */
#include <setjmp.h>

static jmp_buf env;

__attribute__((noinline)) static void jump(int v)
{
	longjmp(env, v);
}

__attribute__((noinline)) static int deeper(int n, int v)
{
	volatile char pad[256];
	pad[n & 255] = (char)n;
	if (n)
		return deeper(n - 1, v) + pad[n & 255];
	jump(v);
	return 0;
}

int main(void)
{
	volatile int kept = 7;
	volatile int rounds = 0;
	int rc = setjmp(env);
	rounds++;
	if (rc == 0) {
		jump(0);
		return 10;
	}
	if (rc != 1 || rounds != 2)
		return 11;
	rc = setjmp(env);
	if (rc == 0)
		deeper(20, 42);
	if (rc != 42)
		return 12;
	return kept == 7 ? 0 : 13;
}
