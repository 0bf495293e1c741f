/*
 * Unit test of libutils.a's format engine, string functions and qsort, linked into a host
 * program with stand-ins for the host functions libutils calls. Compiled against the dev kit's
 * own headers, as a TA is. Exit status 0 when every check passes.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <sys/types.h>

long write(int fd, const void *buf, unsigned long n);

static int failures;
static char last_trace[512];
static int last_level;

void *jtee_heap_alloc(size_t size, uint32_t hint);
void *jtee_heap_realloc(void *p, size_t size);
void jtee_heap_free(void *p);
void jtee_trace(int level, const char *text);
void jtee_stack_chk_fail(void);
void TEE_Panic(uint32_t code);

/* A bump heap is enough for these checks. */
static unsigned char heap[1 << 16];
static size_t heap_used;

void *jtee_heap_alloc(size_t size, uint32_t hint)
{
	void *p = heap + heap_used;

	heap_used += (size + 15) & ~(size_t)15;
	memset(p, 0, size);
	return p;
}

void *jtee_heap_realloc(void *p, size_t size)
{
	void *n = jtee_heap_alloc(size, 0);

	if (p)
		memcpy(n, p, size);
	return n;
}

void jtee_heap_free(void *p)
{
}

void jtee_trace(int level, const char *text)
{
	last_level = level;
	strlcpy(last_trace, text, sizeof(last_trace));
}

void jtee_stack_chk_fail(void)
{
	for (;;)
		;
}

void TEE_Panic(uint32_t code)
{
	for (;;)
		;
}

static void report(const char *what, const char *got, const char *want)
{
	char line[600];
	int n = snprintf(line, sizeof(line), "FAIL %s: got \"%s\", want \"%s\"\n", what, got, want);

	write(2, line, (unsigned long)n);
	failures++;
}

#define CHECK_FMT(want, ...) do { \
	char buf[128]; \
	snprintf(buf, sizeof(buf), __VA_ARGS__); \
	if (strcmp(buf, want)) \
		report(#__VA_ARGS__, buf, want); \
} while (0)

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(void)
{
	char small[8];
	int n;

	CHECK_FMT("42 -7 +5  3", "%d %i %+d % d", 42, -7, 5, 3);
	CHECK_FMT("4294967295 ffffffff FFFFFFFF 777", "%u %x %X %o", 4294967295u, 0xffffffffu, 0xffffffffu, 0777);
	CHECK_FMT("0x1f 0X1F 017 0", "%#x %#X %#o %#x", 0x1f, 0x1f, 017, 0);
	CHECK_FMT("-9223372036854775808 18446744073709551615", "%lld %llu", (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	CHECK_FMT("-1 123456789012", "%ld %zu", -1L, (size_t)123456789012ull);
	CHECK_FMT("-5 7", "%zd %td", (ssize_t)-5, (ptrdiff_t)7);
	CHECK_FMT("0a|ff|00", "%02x|%02x|%02x", 10, 255, 0);
	CHECK_FMT("[abc     ]|[     abc]|[ab]", "[%-8s]|[%8s]|[%.2s]", "abc", "abc", "abc");
	CHECK_FMT("[   42]|[42   ]|[00042]", "[%*d]|[%-*d]|[%0*d]", 5, 42, 5, 42, 5, 42);
	CHECK_FMT("[  007]|[-0042]", "[%5.3d]|[%05d]", 7, -42);
	CHECK_FMT("x|%|(null)", "%c|%%|%s", 'x', (char *)NULL);
	CHECK_FMT("0x1234", "%p", (void *)0x1234);
	CHECK_FMT("-128 255 -1 65535", "%hhd %hhu %hd %hu", 128, 255, 65535, 65535);
	CHECK_FMT("0xdeadbeef 12", "0x%" PRIx32 " %" PRIu64, (uint32_t)0xdeadbeef, (uint64_t)12);
	CHECK_FMT("", "%s", "");

	/* truncation: the return value is the full length, the buffer ends in NUL */
	n = snprintf(small, sizeof(small), "%s", "0123456789");
	if (n != 10 || strcmp(small, "0123456"))
		report("snprintf truncation", small, "0123456 (n=10)");
	if (snprintf(NULL, 0, "%d", 12345) != 5)
		report("snprintf(NULL, 0)", "?", "5");

	/* printf gathers a line and sends it to jtee_trace without the newline */
	printf("hello %s %d\n", "ta", 7);
	if (strcmp(last_trace, "hello ta 7"))
		report("printf line", last_trace, "hello ta 7");
	puts("one line");
	if (strcmp(last_trace, "one line"))
		report("puts", last_trace, "one line");

	/* string functions */
	if (strcmp("abc", "abd") >= 0 || strncmp("abcx", "abcy", 3) || memcmp("a\0b", "a\0c", 3) >= 0)
		report("comparisons", "wrong order", "abc < abd");
	if (strlen("hello") != 5 || strnlen("hello", 3) != 3)
		report("strlen", "?", "5/3");
	{
		char d[16] = "ab";
		char ov[8] = "abcdefg";

		strcat(d, "cd");
		if (strcmp(d, "abcd") || strchr(d, 'c') != d + 2 || strrchr("abca", 'a') == NULL ||
		    strcmp(strstr("find the needle", "needle"), "needle"))
			report("strcat/strchr/strstr", d, "abcd");
		memmove(ov + 1, ov, 5);
		if (memcmp(ov, "aabcdeg", 7))
			report("memmove overlap", ov, "aabcdeg");
		if (strlcpy(d, "0123456789abcdefXYZ", sizeof(d)) != 19 || strcmp(d, "0123456789abcde"))
			report("strlcpy", d, "0123456789abcde");
	}
	if (strtoul("0x1F", NULL, 0) != 31 || strtol("-42z", NULL, 10) != -42 || atoi("  17") != 17)
		report("strtoul/strtol/atoi", "?", "31/-42/17");

	/* qsort */
	{
		int v[] = { 5, -1, 9, 3, 3, 0, 12, -7 };
		int want[] = { -7, -1, 0, 3, 3, 5, 9, 12 };

		qsort(v, 8, sizeof(int), cmp_int);
		if (memcmp(v, want, sizeof(v)))
			report("qsort", "unsorted", "-7 -1 0 3 3 5 9 12");
	}

	/* calloc zeroes and realloc keeps the contents */
	{
		unsigned char *p = calloc(4, 8);
		int zero = 1;

		for (int i = 0; i < 32; i++)
			zero &= p[i] == 0;
		memset(p, 7, 32);
		p = realloc(p, 64);
		if (!zero || p[31] != 7)
			report("calloc/realloc", "?", "zeroed, kept");
	}

	if (failures) {
		write(2, "libutils tests failed\n", 22);
		return 1;
	}
	write(1, "libutils: all checks passed\n", 28);
	return 0;
}
