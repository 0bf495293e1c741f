/* The three property sets (GP 1.3 §4.4): the TEE's and the TA's as the world sends them in CREATE, the
 * current client's from the session of the running entry; enumerators live on the TA heap as in
 * OP-TEE. Conversions and results follow OP-TEE's libutee (optee-gp-facts.md §2). */
#include "tahost.h"

#include <stdlib.h>
#include <string.h>

#define PROP_BOOL 0
#define PROP_U32 1
#define PROP_UUID 2
#define PROP_IDENTITY 3
#define PROP_STRING 4
#define PROP_BINARY 5
#define PROP_U64 6

#define SET_TEE ((uintptr_t)0xFFFFFFFDu)
#define SET_CLIENT ((uintptr_t)0xFFFFFFFEu)
#define SET_TA ((uintptr_t)0xFFFFFFFFu)
#define NOT_STARTED 0xFFFFFFFFu
#define ENUM_MAGIC 0x6a65656eu

struct prop {
	uint32_t type;
	char *name;
	uint8_t *value;
	uint32_t len;
};
struct set {
	struct prop *p;
	uint32_t n;
};
struct enumerator {
	uint32_t magic;
	uint32_t idx;
	uintptr_t set;
};

static struct set tee_set, ta_set, client_set;
static struct prop client_props[2];
static uint8_t client_identity[20];
static uint32_t client_endian;

void *jtee_heap_alloc(size_t size, uint32_t hint);
void jtee_heap_free(void *p);
EXPORT void TEE_Panic(TEE_Result code);

static void read_set(struct rd *r, struct set *s)
{
	s->n = rd_u32(r);
	if (s->n > 100000)
		die("malformed CREATE from the world: %u properties", s->n);
	s->p = calloc(s->n ? s->n : 1, sizeof(struct prop));
	if (!s->p)
		die("out of memory for properties");
	for (uint32_t i = 0; i < s->n; i++) {
		struct prop *p = &s->p[i];
		p->type = rd_u32(r);
		uint32_t nl = rd_u32(r);
		const uint8_t *name = rd_bytes(r, nl);
		p->len = rd_u32(r);
		const uint8_t *value = rd_bytes(r, p->len);
		p->name = malloc(nl + 1u);
		p->value = malloc(p->len + 1u);
		if (!p->name || !p->value)
			die("out of memory for properties");
		memcpy(p->name, name, nl);
		p->name[nl] = 0;
		memcpy(p->value, value, p->len);
		p->value[p->len] = 0;
		if (p->type > PROP_U64)
			die("malformed CREATE from the world: property %s of type %u", p->name, p->type);
	}
}

void props_set_from_create(struct rd *r)
{
	read_set(r, &tee_set);
	read_set(r, &ta_set);
}

void props_set_client(uint32_t login, const TEE_UUID *uuid)
{
	memcpy(client_identity, &login, 4);
	memcpy(client_identity + 4, uuid, 16);
	client_props[0] = (struct prop){ PROP_IDENTITY, "gpd.client.identity", client_identity, 20 };
	client_props[1] = (struct prop){ PROP_U32, "gpd.client.endian", (uint8_t *)&client_endian, 4 };
	client_set.p = client_props;
	client_set.n = 2;
}

static const struct set *pseudo_set(uintptr_t h)
{
	switch (h) {
	case SET_TEE:
		return &tee_set;
	case SET_CLIENT:
		return &client_set;
	case SET_TA:
		return &ta_set;
	default:
		return NULL;
	}
}

static bool is_pseudo(uintptr_t h)
{
	return h >= SET_TEE && h <= SET_TA;
}

static struct enumerator *enumerator(void *h)
{
	struct enumerator *e = h;
	if (!e || is_pseudo((uintptr_t)h) || !heap_within_block(e, sizeof(*e)) || e->magic != ENUM_MAGIC)
		TEE_Panic(0); /* not an enumerator: OP-TEE's libutee faults or panics */
	return e;
}

/* The property a set handle and name, or an enumerator, stands for. */
static TEE_Result lookup(void *h, const char *name, const struct prop **out)
{
	uintptr_t v = (uintptr_t)h;
	if (is_pseudo(v)) {
		const struct set *s = pseudo_set(v);
		if (!name)
			TEE_Panic(0);
		for (uint32_t i = 0; i < s->n; i++)
			if (!strcmp(s->p[i].name, name)) {
				*out = &s->p[i];
				return TEE_SUCCESS;
			}
		return TEE_ERROR_ITEM_NOT_FOUND;
	}
	struct enumerator *e = enumerator(h);
	const struct set *s = pseudo_set(e->set);
	if (e->idx == NOT_STARTED || !s || e->idx >= s->n)
		return TEE_ERROR_ITEM_NOT_FOUND;
	*out = &s->p[e->idx];
	return TEE_SUCCESS;
}

static void check(TEE_Result res, TEE_Result ok1, TEE_Result ok2, TEE_Result ok3)
{
	if (res != TEE_SUCCESS && res != ok1 && res != ok2 && res != ok3)
		TEE_Panic(0);
}

/* ---- text forms: small hand-written formatting (this runs on the TA's stack) ---- */

static size_t put_dec(char *d, uint64_t v)
{
	char t[24];
	size_t n = 0, i = 0;
	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		d[i++] = t[--n];
	return i;
}

static size_t put_hex(char *d, uint64_t v, int digits)
{
	for (int i = 0; i < digits; i++)
		d[i] = "0123456789abcdef"[(v >> (4 * (digits - 1 - i))) & 15];
	return (size_t)digits;
}

static size_t put_uuid(char *d, const uint8_t *u)
{
	TEE_UUID x;
	size_t n = 0;
	memcpy(&x, u, 16);
	n += put_hex(d + n, x.timeLow, 8);
	d[n++] = '-';
	n += put_hex(d + n, x.timeMid, 4);
	d[n++] = '-';
	n += put_hex(d + n, x.timeHiAndVersion, 4);
	d[n++] = '-';
	for (int i = 0; i < 8; i++) {
		if (i == 2)
			d[n++] = '-';
		n += put_hex(d + n, x.clockSeqAndNode[i], 2);
	}
	return n;
}

static size_t base64_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

static void put_base64(char *d, const uint8_t *s, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0) | (i + 2 < n ? s[i + 2] : 0);
		*d++ = a[v >> 18 & 63];
		*d++ = a[v >> 12 & 63];
		*d++ = i + 1 < n ? a[v >> 6 & 63] : '=';
		*d++ = i + 2 < n ? a[v & 63] : '=';
	}
}

static uint32_t u32_of(const struct prop *p)
{
	uint32_t v = 0;
	memcpy(&v, p->value, p->len < 4 ? p->len : 4);
	return v;
}

static TEE_Result as_string(void *h, const char *name, void *out, size_t *len)
{
	char *buf = out;
	const struct prop *p;
	char tmp[64];
	const char *text = tmp;
	size_t n = 0;
	if (!len)
		TEE_Panic(0);
	TEE_Result res = lookup(h, name, &p);
	if (res) {
		check(res, TEE_ERROR_ITEM_NOT_FOUND, 0, 0);
		return res;
	}
	switch (p->type) {
	case PROP_BOOL:
		text = u32_of(p) ? "true" : "false";
		n = strlen(text);
		break;
	case PROP_U32:
		n = put_dec(tmp, u32_of(p));
		break;
	case PROP_U64: {
		uint64_t v = 0;
		memcpy(&v, p->value, p->len < 8 ? p->len : 8);
		n = put_dec(tmp, v);
		break;
	}
	case PROP_UUID:
		n = p->len >= 16 ? put_uuid(tmp, p->value) : 0;
		break;
	case PROP_IDENTITY:
		if (p->len >= 20) {
			n = put_dec(tmp, u32_of(p));
			tmp[n++] = ':';
			n += put_uuid(tmp + n, p->value + 4);
		}
		break;
	case PROP_STRING:
		text = (const char *)p->value;
		n = strlen(text);
		break;
	case PROP_BINARY:
		n = base64_len(p->len);
		if (n + 1 <= *len && buf)
			put_base64(buf, p->value, p->len);
		text = NULL;
		break;
	}
	if (n + 1 > *len || !buf) {
		*len = n + 1;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (text)
		memcpy(buf, text, n);
	buf[n] = 0;
	*len = n + 1;
	return TEE_SUCCESS;
}

static TEE_Result typed(void *h, const char *name, uint32_t type, const struct prop **p)
{
	TEE_Result res = lookup(h, name, p);
	if (!res && (*p)->type != type)
		res = TEE_ERROR_BAD_FORMAT;
	check(res, TEE_ERROR_ITEM_NOT_FOUND, TEE_ERROR_BAD_FORMAT, 0);
	return res;
}

EXPORT TEE_Result TEE_GetPropertyAsString(void *h, const char *name, char *buf, size_t *len)
{
	return as_string(h, name, buf, len);
}

/* The GP 1.1 forms: the same with a 32-bit length */
typedef TEE_Result (*sized_fn)(void *h, const char *name, void *buf, size_t *len);
static TEE_Result with_len32(sized_fn f, void *h, const char *name, void *buf, uint32_t *len)
{
	size_t l = *len;
	TEE_Result res = f(h, name, buf, &l);
	*len = (uint32_t)l;
	return res;
}

EXPORT TEE_Result __GP11_TEE_GetPropertyAsString(void *h, const char *name, char *buf, uint32_t *len)
{
	return with_len32(as_string, h, name, buf, len);
}

EXPORT TEE_Result TEE_GetPropertyAsBool(void *h, const char *name, bool *value)
{
	const struct prop *p;
	TEE_Result res = typed(h, name, PROP_BOOL, &p);
	if (!res)
		*value = u32_of(p) != 0;
	return res;
}

EXPORT TEE_Result TEE_GetPropertyAsU32(void *h, const char *name, uint32_t *value)
{
	const struct prop *p;
	TEE_Result res = typed(h, name, PROP_U32, &p);
	if (!res)
		*value = u32_of(p);
	return res;
}

EXPORT TEE_Result TEE_GetPropertyAsU64(void *h, const char *name, uint64_t *value)
{
	const struct prop *p;
	TEE_Result res = typed(h, name, PROP_U64, &p);
	if (!res) {
		*value = 0;
		memcpy(value, p->value, p->len < 8 ? p->len : 8);
	}
	return res;
}

static TEE_Result as_binary(void *h, const char *name, void *buf, size_t *len)
{
	const struct prop *p;
	TEE_Result res = lookup(h, name, &p);
	if (!res && p->type != PROP_BINARY)
		res = TEE_ERROR_BAD_FORMAT;
	if (!res) {
		if (p->len > *len || (!buf && p->len)) {
			res = TEE_ERROR_SHORT_BUFFER;
		} else {
			memcpy(buf, p->value, p->len);
		}
		*len = p->len;
	}
	check(res, TEE_ERROR_ITEM_NOT_FOUND, TEE_ERROR_BAD_FORMAT, TEE_ERROR_SHORT_BUFFER);
	return res;
}

EXPORT TEE_Result TEE_GetPropertyAsBinaryBlock(void *h, const char *name, void *buf, size_t *len)
{
	return as_binary(h, name, buf, len);
}

EXPORT TEE_Result __GP11_TEE_GetPropertyAsBinaryBlock(void *h, const char *name, void *buf, uint32_t *len)
{
	return with_len32(as_binary, h, name, buf, len);
}

EXPORT TEE_Result TEE_GetPropertyAsUUID(void *h, const char *name, TEE_UUID *value)
{
	const struct prop *p;
	TEE_Result res = typed(h, name, PROP_UUID, &p);
	if (!res)
		memcpy(value, p->value, sizeof(*value));
	return res;
}

EXPORT TEE_Result TEE_GetPropertyAsIdentity(void *h, const char *name, TEE_Identity *value)
{
	const struct prop *p;
	TEE_Result res = typed(h, name, PROP_IDENTITY, &p);
	if (!res) {
		memcpy(&value->login, p->value, 4);
		memcpy(&value->uuid, p->value + 4, 16);
	}
	return res;
}

EXPORT TEE_Result TEE_AllocatePropertyEnumerator(void **out)
{
	struct enumerator *e = jtee_heap_alloc(sizeof(*e), 0x80000000u);
	if (!e)
		return TEE_ERROR_OUT_OF_MEMORY;
	e->magic = ENUM_MAGIC;
	e->idx = NOT_STARTED;
	e->set = 0;
	*out = e;
	return TEE_SUCCESS;
}

EXPORT void TEE_FreePropertyEnumerator(void *h)
{
	if (!h)
		return;
	enumerator(h)->magic = 0;
	jtee_heap_free(h);
}

EXPORT void TEE_StartPropertyEnumerator(void *h, void *set)
{
	if (!h)
		return;
	struct enumerator *e = enumerator(h);
	e->idx = 0;
	e->set = (uintptr_t)set;
}

EXPORT void TEE_ResetPropertyEnumerator(void *h)
{
	enumerator(h)->idx = NOT_STARTED;
}

static TEE_Result name_of(void *h, const char *unused, void *buf, size_t *len)
{
	(void)unused;
	const struct prop *p;
	if (!h)
		TEE_Panic(0);
	TEE_Result res = lookup(h, NULL, &p);
	if (!res) {
		size_t n = strlen(p->name) + 1;
		if (n > *len || !buf) {
			res = TEE_ERROR_SHORT_BUFFER;
		} else {
			memcpy(buf, p->name, n);
		}
		*len = n;
	}
	check(res, TEE_ERROR_ITEM_NOT_FOUND, TEE_ERROR_SHORT_BUFFER, 0);
	return res;
}

EXPORT TEE_Result TEE_GetPropertyName(void *h, void *buf, size_t *len)
{
	return name_of(h, NULL, buf, len);
}

EXPORT TEE_Result __GP11_TEE_GetPropertyName(void *h, void *buf, uint32_t *len)
{
	return with_len32(name_of, h, NULL, buf, len);
}

EXPORT TEE_Result TEE_GetNextProperty(void *h)
{
	if (!h)
		TEE_Panic(0);
	struct enumerator *e = enumerator(h);
	const struct set *s = pseudo_set(e->set);
	if (e->idx == NOT_STARTED || !s)
		return TEE_ERROR_ITEM_NOT_FOUND;
	e->idx++;
	return e->idx < s->n ? TEE_SUCCESS : TEE_ERROR_ITEM_NOT_FOUND;
}
