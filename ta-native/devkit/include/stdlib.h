/*
 * The TA's stdlib: malloc & co. over the TA's own heap of TA_DATA_SIZE bytes (the same heap as
 * TEE_Malloc), qsort, number parsing, abort (a TA panic).
 */
#ifndef JTEE_STDLIB_H
#define JTEE_STDLIB_H

#include <compiler.h>
#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
void qsort(void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
	int (*compar)(const void *, const void *));
void abort(void) __noreturn;
int abs(int j);
long labs(long j);
long strtol(const char *nptr, char **endptr, int base);
unsigned long strtoul(const char *nptr, char **endptr, int base);
long long strtoll(const char *nptr, char **endptr, int base);
unsigned long long strtoull(const char *nptr, char **endptr, int base);
int atoi(const char *nptr);
long atol(const char *nptr);

#endif /* JTEE_STDLIB_H */
