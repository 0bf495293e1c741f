#include <shlib_lib.h>
#include <tee_internal_api.h>
#include <trace.h>

__thread int shlib_tls_a;
__thread int shlib_tls_b = 123;
static uint8_t buffer[64];
static const uint8_t table[64] = { 1, 2, 3 };

static void __attribute__((constructor)) shlib_init(void)
{
	shlib_order = shlib_order * 10 + 2;
}

static void __attribute__((destructor)) shlib_fini(void)
{
	IMSG("shlib fini: libjtee_shlib");
}

int shlib_add(int a, int b)
{
	return a + b;
}

void shlib_panic(void)
{
	TEE_Panic(0x5b1b);
}

uint8_t *shlib_buffer(size_t *size)
{
	*size = sizeof(buffer);
	return buffer;
}

const uint8_t *shlib_table(size_t *size)
{
	*size = sizeof(table);
	return table;
}
