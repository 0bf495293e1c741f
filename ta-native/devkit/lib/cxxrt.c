/* What a C++ TA's runtime (GCC's libsupc++ and libgcc's unwinder, linked into the TA when it has .cpp
 * sources) asks of a C library: stderr writes (std::terminate's message) go to the TA's trace like
 * printf's; the gthread locks are a single-threaded TA's no-ops. A TA never reaches the host's libc. */
#include <stdio.h>
#include <tee_internal_api.h>

struct __jtee_FILE {
	int unused;
};
static struct __jtee_FILE err_file;
FILE *stderr = &err_file;
FILE *stdout = &err_file;

int fputc(int c, FILE *f)
{
	return putchar(c);
}

int fputs(const char *s, FILE *f)
{
	for (; *s; s++)
		putchar((unsigned char)*s);
	return 0;
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < size * n; i++)
		putchar(b[i]);
	return n;
}

int pthread_mutex_lock(void *m)
{
	return 0;
}

int pthread_mutex_unlock(void *m)
{
	return 0;
}

int pthread_once(int *once, void (*fn)(void))
{
	if (!*once) {
		*once = 1;
		fn();
	}
	return 0;
}

/* gthread's "are threads in use" test: defined, so the runtime takes its (no-op) locks */
int __pthread_key_create(void *key, void (*destructor)(void *))
{
	return 38; /* ENOSYS: a TA has no thread keys */
}

/* Static objects' destructors (__cxa_atexit, for this module: each links its own libutils) run with
 * the module's .fini_array, last registered first, after TA_DestroyEntryPoint. */
#define MAX_ATEXIT 32
void *__dso_handle = &__dso_handle;
static struct {
	void (*fn)(void *);
	void *arg;
} at_exit[MAX_ATEXIT];
static int n_at_exit;

int __cxa_atexit(void (*fn)(void *), void *arg, void *dso)
{
	if (n_at_exit == MAX_ATEXIT)
		return -1;
	at_exit[n_at_exit].fn = fn;
	at_exit[n_at_exit].arg = arg;
	n_at_exit++;
	return 0;
}

static void __attribute__((destructor)) run_at_exit(void)
{
	while (n_at_exit > 0) {
		n_at_exit--;
		at_exit[n_at_exit].fn(at_exit[n_at_exit].arg);
	}
}

/* a pure virtual function called: libsupc++'s own, when linked, takes precedence */
__attribute__((weak)) void __cxa_pure_virtual(void)
{
	TEE_Panic(TEE_ERROR_GENERIC);
}
