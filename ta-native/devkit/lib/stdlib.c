/*
 * malloc & co. over the TA's heap in the host (jtee_heap_*: exactly TA_DATA_SIZE bytes, the same
 * statistics as TEE_Malloc's), qsort, number parsing, abort and assert: a TA never reaches the
 * host's own C library.
 */
#include <assert.h>
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tee_api_defines.h>
#include "jtee_host.h"

void *malloc(size_t size)
{
	return jtee_heap_alloc(size, TEE_MALLOC_FILL_ZERO);
}

void *calloc(size_t nmemb, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(nmemb, size, &total))
		return NULL;
	return jtee_heap_alloc(total, TEE_MALLOC_FILL_ZERO);
}

void *realloc(void *ptr, size_t size)
{
	return jtee_heap_realloc(ptr, size);
}

void free(void *ptr)
{
	jtee_heap_free(ptr);
}

char *strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = malloc(len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *strdup(const char *s)
{
	return strndup(s, SIZE_MAX);
}

static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
	while (size--) {
		unsigned char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Heapsort: O(n log n) worst case with no recursion, so a TA's small stack is safe. */
static void sift_down(unsigned char *base, size_t root, size_t n, size_t size,
		      int (*compar)(const void *, const void *))
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n && compar(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (compar(base + root * size, base + child * size) >= 0)
			return;
		swap_bytes(base + root * size, base + child * size, size);
		root = child;
	}
}

void qsort(void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *))
{
	unsigned char *b = base;
	size_t i;

	if (nmemb < 2 || !size)
		return;
	for (i = nmemb / 2; i-- > 0;)
		sift_down(b, i, nmemb, size, compar);
	for (i = nmemb - 1; i > 0; i--) {
		swap_bytes(b, b + i * size, size);
		sift_down(b, 0, i, size, compar);
	}
}

void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
	      int (*compar)(const void *, const void *))
{
	const unsigned char *b = base;
	size_t lo = 0, hi = nmemb;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = compar(key, b + mid * size);

		if (!c)
			return (void *)(b + mid * size);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int abs(int j)
{
	return j < 0 ? -j : j;
}

long labs(long j)
{
	return j < 0 ? -j : j;
}

/* Parses the magnitude; *neg tells the sign, *overflow a value past max. */
static unsigned long long parse_ull(const char *nptr, char **endptr, int base, int *neg,
				    unsigned long long max, int *overflow)
{
	const char *s = nptr;
	unsigned long long v = 0;
	int any = 0;

	*neg = 0;
	*overflow = 0;
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-' || *s == '+')
		*neg = *s++ == '-';
	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    isxdigit((unsigned char)s[2])) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (;; s++) {
		int d;

		if (isdigit((unsigned char)*s))
			d = *s - '0';
		else if (isalpha((unsigned char)*s))
			d = tolower((unsigned char)*s) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		any = 1;
		if (v > (max - (unsigned long long)d) / (unsigned long long)base)
			*overflow = 1;
		else
			v = v * (unsigned long long)base + (unsigned long long)d;
	}
	if (endptr)
		*endptr = (char *)(any ? s : nptr);
	return v;
}

unsigned long long strtoull(const char *nptr, char **endptr, int base)
{
	int neg, overflow;
	unsigned long long v = parse_ull(nptr, endptr, base, &neg, ULLONG_MAX, &overflow);

	if (overflow)
		return ULLONG_MAX;
	return neg ? -v : v;
}

unsigned long strtoul(const char *nptr, char **endptr, int base)
{
	int neg, overflow;
	unsigned long long v = parse_ull(nptr, endptr, base, &neg, ULONG_MAX, &overflow);

	if (overflow)
		return ULONG_MAX;
	return neg ? -(unsigned long)v : (unsigned long)v;
}

long long strtoll(const char *nptr, char **endptr, int base)
{
	int neg, overflow;
	unsigned long long v = parse_ull(nptr, endptr, base, &neg, (unsigned long long)LLONG_MAX + 1,
					 &overflow);

	if (overflow || (!neg && v > (unsigned long long)LLONG_MAX))
		return neg ? LLONG_MIN : LLONG_MAX;
	return neg ? (long long)(0 - v) : (long long)v;
}

long strtol(const char *nptr, char **endptr, int base)
{
	long long v = strtoll(nptr, endptr, base);

	if (v > LONG_MAX)
		return LONG_MAX;
	if (v < LONG_MIN)
		return LONG_MIN;
	return (long)v;
}

int atoi(const char *nptr)
{
	return (int)strtol(nptr, NULL, 10);
}

long atol(const char *nptr)
{
	return strtol(nptr, NULL, 10);
}

void abort(void)
{
	jtee_trace(1, "Abort!");
	TEE_Panic(0);
}

void _assert_log(const char *expr, const char *file, int line, const char *func)
{
	char text[256];

	snprintf(text, sizeof(text), "assertion '%s' failed at %s:%d <%s>", expr, file, line, func);
	jtee_trace(1, text);
}

void _assert_break(void)
{
	TEE_Panic(TEE_ERROR_GENERIC);
}
