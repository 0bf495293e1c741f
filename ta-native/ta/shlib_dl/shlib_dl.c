/* jtee's dlopen() test library (5b1ba000-0017-4d1a-8b5e-5a4e11b0000c): it uses the TA's shlib_order */
#include <tee_internal_api.h>
#include <trace.h>

extern volatile int shlib_order;
int shlib_dl_mul(int a, int b);
void shlib_dl_panic(void);

static void __attribute__((constructor)) shlib_dl_init(void)
{
	shlib_order = shlib_order * 10 + 3;
}

static void __attribute__((destructor)) shlib_dl_fini(void)
{
	IMSG("shlib fini: libjtee_shlib_dl");
}

int shlib_dl_mul(int a, int b)
{
	return a * b;
}

void shlib_dl_panic(void)
{
	TEE_Panic(0x5b1c);
}
