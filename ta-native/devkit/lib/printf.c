/*
 * The TA's formatted output: one format engine (fmt_out) behind the snprintf family, printf and
 * the trace macros. Supports d i u x X o p s c %, flags - 0 + space #, width and precision (also
 * *), lengths hh h l ll z j t L; no floating point (a TA's libutils has none either: %f prints "?").
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <trace.h>
#include "jtee_host.h"

/* Where formatted characters go: a bounded buffer that still counts what did not fit. */
struct sink {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void put_repeat(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int prec; /* -1: none */
};

static void put_padded(struct sink *s, const struct spec *sp, const char *prefix,
		       const char *digits, int ndigits)
{
	int plen = (int)strlen(prefix);
	int zeros = sp->prec > ndigits ? sp->prec - ndigits : 0;
	int total = plen + zeros + ndigits;
	int pad = sp->width > total ? sp->width - total : 0;

	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!sp->left)
		put_repeat(s, ' ', pad);
	while (*prefix)
		put(s, *prefix++);
	put_repeat(s, '0', zeros);
	while (ndigits--)
		put(s, *digits++);
	if (sp->left)
		put_repeat(s, ' ', pad);
}

static void put_number(struct sink *s, const struct spec *sp, uintmax_t v, bool neg,
		       unsigned int base, bool upper, bool is_ptr)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[64];
	char *end = tmp + sizeof(tmp), *p = end;
	const char *prefix = "";

	while (v) {
		*--p = set[v % base];
		v /= base;
	}
	if (p == end && sp->prec != 0)
		*--p = '0';
	if (neg)
		prefix = "-";
	else if (sp->plus)
		prefix = "+";
	else if (sp->space)
		prefix = " ";
	if ((sp->alt || is_ptr) && base == 16 && (is_ptr || !(end - p == 1 && *p == '0')))
		prefix = upper ? "0X" : "0x";
	if (sp->alt && base == 8 && *p != '0')
		*--p = '0';
	put_padded(s, sp, prefix, p, (int)(end - p));
}

static void fmt_out(struct sink *s, const char *fmt, va_list ap)
{
	while (*fmt) {
		struct spec sp = { .prec = -1 };
		int lng = 0; /* -2 hh, -1 h, 1 l, 2 ll, 3 z/j/t */

		if (*fmt != '%') {
			put(s, *fmt++);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else if (*fmt == '+')
				sp.plus = true;
			else if (*fmt == ' ')
				sp.space = true;
			else if (*fmt == '#')
				sp.alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				sp.width = sp.width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			sp.prec = 0;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				if (sp.prec < 0)
					sp.prec = -1;
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					sp.prec = sp.prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'h')
				lng = lng == -1 ? -2 : -1;
			else if (*fmt == 'l')
				lng = lng == 1 ? 2 : 1;
			else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't')
				lng = 3;
			else if (*fmt == 'L' || *fmt == 'q')
				lng = 2;
			else
				break;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			intmax_t v;

			if (lng == 3)
				v = va_arg(ap, intmax_t); /* size_t/ptrdiff_t/intmax_t: 64-bit here */
			else if (lng == 2)
				v = va_arg(ap, long long);
			else if (lng == 1)
				v = va_arg(ap, long);
			else
				v = va_arg(ap, int);
			if (lng == -1)
				v = (short)v;
			else if (lng == -2)
				v = (signed char)v;
			put_number(s, &sp, v < 0 ? -(uintmax_t)v : (uintmax_t)v, v < 0, 10, false, false);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			uintmax_t v;

			if (lng == 3)
				v = va_arg(ap, uintmax_t);
			else if (lng == 2)
				v = va_arg(ap, unsigned long long);
			else if (lng == 1)
				v = va_arg(ap, unsigned long);
			else
				v = va_arg(ap, unsigned int);
			if (lng == -1)
				v = (unsigned short)v;
			else if (lng == -2)
				v = (unsigned char)v;
			sp.plus = sp.space = false;
			put_number(s, &sp, v, false, *fmt == 'o' ? 8 : *fmt == 'u' ? 10 : 16,
				   *fmt == 'X', false);
			break;
		}
		case 'p':
			sp.plus = sp.space = false;
			put_number(s, &sp, (uintptr_t)va_arg(ap, void *), false, 16, false, true);
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			struct spec plain = sp;

			if (!str)
				str = "(null)";
			plain.zero = false;
			plain.prec = -1;
			put_padded(s, &plain, "", str,
				   (int)(sp.prec >= 0 ? strnlen(str, (size_t)sp.prec) : strlen(str)));
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			struct spec plain = sp;

			plain.zero = false;
			plain.prec = -1;
			put_padded(s, &plain, "", &c, 1);
			break;
		}
		case 'f':
		case 'F':
		case 'e':
		case 'E':
		case 'g':
		case 'G':
			(void)va_arg(ap, double);
			put(s, '?');
			break;
		case '%':
			put(s, '%');
			break;
		case '\0':
			return;
		default: /* unknown conversion: shown as written */
			put(s, '%');
			put(s, *fmt);
			break;
		}
		fmt++;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { buf, size, 0 };
	va_list aq;

	va_copy(aq, ap);
	fmt_out(&s, fmt, aq);
	va_end(aq);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return s.len > INT32_MAX ? -1 : (int)s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap)
{
	return vsnprintf(buf, SIZE_MAX, fmt, ap);
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsprintf(buf, fmt, ap);
	va_end(ap);
	return n;
}

/*
 * printf's output, gathered into lines: each '\n' (or a full buffer) sends one line to the
 * world's console. A TA runs its entries one at a time, so one buffer serves.
 */
#define LINE_MAX_LEN 256
static char line_buf[LINE_MAX_LEN];
static size_t line_len;

static void flush_line(void)
{
	line_buf[line_len] = '\0';
	jtee_trace(TRACE_INFO, line_buf);
	line_len = 0;
}

static void out_char(char c)
{
	if (c == '\n') {
		flush_line();
		return;
	}
	line_buf[line_len++] = c;
	if (line_len == LINE_MAX_LEN - 1)
		flush_line();
}

int vprintf(const char *fmt, va_list ap)
{
	char text[LINE_MAX_LEN * 2];
	int n = vsnprintf(text, sizeof(text), fmt, ap);
	size_t i, shown = n < 0 ? 0 : (size_t)n < sizeof(text) ? (size_t)n : sizeof(text) - 1;

	for (i = 0; i < shown; i++)
		out_char(text[i]);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int putchar(int c)
{
	out_char((char)c);
	return (unsigned char)c;
}

int puts(const char *s)
{
	while (*s)
		out_char(*s++);
	out_char('\n');
	return 0;
}

static int trace_level = TRACE_MAX;

int trace_get_level(void)
{
	return trace_level;
}

void trace_set_level(int level)
{
	trace_level = level;
}

/* One trace line: "func:line text" (OP-TEE's TA trace prefix), or the text alone when raw. */
void trace_printf(const char *func, int line, int level, bool level_ok, const char *fmt, ...)
{
	char text[LINE_MAX_LEN];
	int n = 0;
	va_list ap;

	if (level_ok && level > trace_level)
		return;
	if (func)
		n = snprintf(text, sizeof(text), "%s:%d ", func, line);
	if (n < 0 || (size_t)n >= sizeof(text))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(text + n, sizeof(text) - (size_t)n, fmt, ap);
	va_end(ap);
	n = (int)strlen(text);
	while (n > 0 && text[n - 1] == '\n')
		text[--n] = '\0';
	jtee_trace(level, text);
}

void dhex_dump(const char *func, int line, int level, const void *buf, int len)
{
	const unsigned char *p = buf;
	int i;

	for (i = 0; i < len; i += 16) {
		char hex[16 * 3 + 1];
		int j, n = 0;

		for (j = i; j < len && j < i + 16; j++)
			n += snprintf(hex + n, sizeof(hex) - (size_t)n, "%02x ", p[j]);
		trace_printf(func, line, level, true, "%04x: %s", i, hex);
	}
}
