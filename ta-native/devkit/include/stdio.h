/*
 * The TA's stdio: the snprintf family (d i u x X o p s c %, flags - 0 + space #, width and
 * precision incl. *, lengths hh h l ll z j t) and printf/puts/putchar, whose lines go to the
 * world's console through jtee_trace.
 */
#ifndef JTEE_STDIO_H
#define JTEE_STDIO_H

#include <compiler.h>
#include <stdarg.h>
#include <stddef.h>

#ifndef EOF
#define EOF (-1)
#endif

typedef struct __jtee_FILE FILE;
/* both write to the TA's trace, as printf does (for C++'s runtime and TAs that print to them) */
extern FILE *stderr;
extern FILE *stdout;

int printf(const char *fmt, ...) __printf(1, 2);
int vprintf(const char *fmt, va_list ap) __printf(1, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) __printf(3, 0);
int sprintf(char *buf, const char *fmt, ...) __printf(2, 3);
int vsprintf(char *buf, const char *fmt, va_list ap) __printf(2, 0);
int puts(const char *s);
int putchar(int c);
int fputc(int c, FILE *f);
int fputs(const char *s, FILE *f);
size_t fwrite(const void *p, size_t size, size_t n, FILE *f);

#endif /* JTEE_STDIO_H */
