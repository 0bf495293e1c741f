/*
 * The TA's .jtee_ta_head section (NATIVE-TAS.md §A), computed at build time from its
 * user_ta_header_defines.h without running any TA code: the dev kit compiles this file with the
 * TA's include path and flags, links it into a small build-time program (ta_head_main.c) and adds
 * the bytes to the .ta with objcopy.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tee_api_types.h>
#include <user_ta_header.h>
#include <user_ta_header_defines.h>

#ifndef TA_UUID
#error "user_ta_header_defines.h must define TA_UUID"
#endif
#ifndef TA_FLAGS
#error "user_ta_header_defines.h must define TA_FLAGS"
#endif
#ifndef TA_STACK_SIZE
#error "user_ta_header_defines.h must define TA_STACK_SIZE"
#endif
#ifndef TA_DATA_SIZE
#error "user_ta_header_defines.h must define TA_DATA_SIZE"
#endif

#define HEAD_VERSION 1
#define HEAD_FIXED_SIZE 52

static const TEE_UUID ta_uuid = TA_UUID;

/* The TA's own properties, then its extension properties (last, as in OP-TEE, so a trailing
 * comma in TA_CURRENT_TA_EXT_PROPERTIES is fine). */
static const struct user_ta_property ta_head_props[] = {
#ifdef TA_DESCRIPTION
	{ TA_PROP_STR_DESCRIPTION, USER_TA_PROP_TYPE_STRING, TA_DESCRIPTION },
#endif
#ifdef TA_VERSION
	{ TA_PROP_STR_VERSION, USER_TA_PROP_TYPE_STRING, TA_VERSION },
#endif
#ifdef TA_CURRENT_TA_EXT_PROPERTIES
	TA_CURRENT_TA_EXT_PROPERTIES
#endif
};
#define TA_HEAD_PROPS (sizeof(ta_head_props) / sizeof(ta_head_props[0]))

struct out {
	unsigned char *buf;
	size_t cap;
	size_t len;
};

static void put_bytes(struct out *o, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++, o->len++)
		if (o->len < o->cap)
			o->buf[o->len] = b[i];
}

static void put_u32(struct out *o, uint32_t v)
{
	put_bytes(o, &v, sizeof(v));
}

static size_t text_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static int b64_digit(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decodes base64 text into o (or only counts with o == NULL) as OP-TEE's base64_dec: a character
 * outside the alphabet is skipped, the first '=' ends the value (os_test's "-%@&" is empty). */
static bool put_base64(struct out *o, const char *text, uint32_t *decoded)
{
	uint32_t acc = 0, n = 0;
	int bits = 0;

	for (; *text && *text != '='; text++) {
		int d = b64_digit(*text);

		if (d < 0)
			continue;
		acc = (acc << 6) | (uint32_t)d;
		bits += 6;
		if (bits >= 8) {
			unsigned char c = (unsigned char)(acc >> (bits - 8));

			bits -= 8;
			if (o)
				put_bytes(o, &c, 1);
			n++;
		}
	}
	*decoded = n;
	return true;
}

/*
 * Writes the section into buf (up to cap bytes) and returns its length, or 0 with *bad_prop set
 * to the name of a property whose value cannot be encoded.
 */
size_t jtee_ta_head_build(unsigned char *buf, size_t cap, const char **bad_prop)
{
	struct out o = { buf, cap, 0 };
	const struct user_ta_property *p;
	uint32_t count = (uint32_t)TA_HEAD_PROPS;
	put_bytes(&o, "JTEETA\0\1", 8);
	put_u32(&o, HEAD_VERSION);
	put_u32(&o, 0); /* total length, patched below */
	put_bytes(&o, &ta_uuid, sizeof(ta_uuid));
	put_u32(&o, (uint32_t)(TA_FLAGS));
	put_u32(&o, (uint32_t)(TA_STACK_SIZE));
	put_u32(&o, (uint32_t)(TA_DATA_SIZE));
	put_u32(&o, __OPTEE_CORE_API_COMPAT_1_1 ? 11 : 13);
	put_u32(&o, count);
	for (p = ta_head_props; p < ta_head_props + TA_HEAD_PROPS; p++) {
		uint32_t n = (uint32_t)text_len(p->name);

		put_u32(&o, (uint32_t)p->type);
		put_u32(&o, n);
		put_bytes(&o, p->name, n);
		switch (p->type) {
		case USER_TA_PROP_TYPE_BOOL:
			put_u32(&o, 4);
			put_u32(&o, *(const bool *)p->value ? 1 : 0);
			break;
		case USER_TA_PROP_TYPE_U32:
			put_u32(&o, 4);
			put_bytes(&o, p->value, 4);
			break;
		case USER_TA_PROP_TYPE_U64:
			put_u32(&o, 8);
			put_bytes(&o, p->value, 8);
			break;
		case USER_TA_PROP_TYPE_UUID:
			put_u32(&o, sizeof(TEE_UUID));
			put_bytes(&o, p->value, sizeof(TEE_UUID));
			break;
		case USER_TA_PROP_TYPE_IDENTITY: {
			const TEE_Identity *id = p->value;

			put_u32(&o, 4 + sizeof(TEE_UUID));
			put_u32(&o, id->login);
			put_bytes(&o, &id->uuid, sizeof(TEE_UUID));
			break;
		}
		case USER_TA_PROP_TYPE_STRING:
			n = (uint32_t)text_len(p->value);
			put_u32(&o, n);
			put_bytes(&o, p->value, n);
			break;
		case USER_TA_PROP_TYPE_BINARY_BLOCK:
			if (!put_base64(NULL, p->value, &n)) {
				*bad_prop = p->name;
				return 0;
			}
			put_u32(&o, n);
			put_base64(&o, p->value, &n);
			break;
		default:
			*bad_prop = p->name;
			return 0;
		}
	}
	if (o.len <= cap) {
		uint32_t total = (uint32_t)o.len;
		struct out at = { buf + 12, 4, 0 };

		put_u32(&at, total);
	}
	return o.len;
}
