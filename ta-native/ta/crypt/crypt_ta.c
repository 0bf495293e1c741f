/* jtee's crypt test TA in C (see include/crypt_ta.h): the session's one operation and its keys, each
 * command one or two GP calls, so the xtest 4000 mirrors drive the whole Internal Core API path from C.
 * A GP call's error is the command's result; a misuse GP says panics, panics. */
#include <crypt_ta.h>
#include <pta_system.h>
#include <stdbool.h>
#include <string.h>
#include <tee_internal_api.h>

#define MI TEE_PARAM_TYPE_MEMREF_INPUT
#define MO TEE_PARAM_TYPE_MEMREF_OUTPUT
#define VI TEE_PARAM_TYPE_VALUE_INPUT
#define NO TEE_PARAM_TYPE_NONE

/* A TA with flags 0 has an instance per session: these are the session's. */
static TEE_OperationHandle op = TEE_HANDLE_NULL;
static TEE_ObjectHandle key = TEE_HANDLE_NULL;
static TEE_ObjectHandle key2 = TEE_HANDLE_NULL;

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t types, TEE_Param params[4], void **session)
{
	(void)types;
	(void)params;
	(void)session;
	return TEE_SUCCESS;
}

static void free_keys(void)
{
	TEE_FreeTransientObject(key);
	TEE_FreeTransientObject(key2);
	key = TEE_HANDLE_NULL;
	key2 = TEE_HANDLE_NULL;
}

void TA_CloseSessionEntryPoint(void *session)
{
	(void)session;
	TEE_FreeOperation(op);
	op = TEE_HANDLE_NULL;
	free_keys();
}

static uint32_t u32_at(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* The packed attribute list in [buf, buf + len) unpacked into a TEE_Malloc'ed array (NULL for none):
 * reference attributes point into the buffer. BAD_PARAMETERS for a list that does not end where it says. */
static TEE_Result unpack(const void *buf, size_t len, TEE_Attribute **attrs, uint32_t *count)
{
	const uint8_t *p = buf;
	const uint8_t *end = p + len;
	uint32_t n = 0;
	TEE_Attribute *a = NULL;

	*attrs = NULL;
	*count = 0;
	for (int pass = 0; pass < 2; pass++) {
		const uint8_t *q = p;
		uint32_t i = 0;
		while (end - q >= 8) {
			uint32_t id = u32_at(q);
			if (id & TEE_ATTR_FLAG_VALUE) {
				if (end - q < 12)
					return TEE_ERROR_BAD_PARAMETERS;
				if (a)
					TEE_InitValueAttribute(&a[i], id, u32_at(q + 4), u32_at(q + 8));
				q += 12;
			} else {
				uint32_t l = u32_at(q + 4);
				if ((size_t)(end - q - 8) < l)
					return TEE_ERROR_BAD_PARAMETERS;
				if (a)
					TEE_InitRefAttribute(&a[i], id, q + 8, l);
				q += 8 + l;
			}
			i++;
		}
		if (pass == 0) {
			n = i;
			if (n == 0)
				return TEE_SUCCESS;
			a = TEE_Malloc(n * sizeof(*a), TEE_MALLOC_FILL_ZERO);
			if (!a)
				return TEE_ERROR_OUT_OF_MEMORY;
		}
	}
	*attrs = a;
	*count = n;
	return TEE_SUCCESS;
}

static TEE_Result set_key(uint32_t types, TEE_Param p[4])
{
	bool generate = types == TEE_PARAM_TYPES(VI, MI, VI, NO);
	TEE_Attribute *attrs;
	uint32_t n;
	TEE_Result res;

	if (!generate && types != TEE_PARAM_TYPES(VI, MI, NO, NO))
		return TEE_ERROR_BAD_PARAMETERS;
	if (op == TEE_HANDLE_NULL)
		return TEE_ERROR_BAD_STATE;
	free_keys();
	res = TEE_AllocateTransientObject(p[0].value.a, p[0].value.b, &key);
	if (res)
		return res;
	res = unpack(p[1].memref.buffer, p[1].memref.size, &attrs, &n);
	if (res)
		return res;
	if (generate)
		res = TEE_GenerateKey(key, p[2].value.b, attrs, n);
	else
		res = TEE_PopulateTransientObject(key, attrs, n);
	TEE_Free(attrs);
	return res ? res : TEE_SetOperationKey(op, key);
}

static TEE_Result set_key2(uint32_t types, TEE_Param p[4])
{
	TEE_Attribute *a1 = NULL, *a2 = NULL;
	uint32_t n1, n2;
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(VI, MI, MI, NO))
		return TEE_ERROR_BAD_PARAMETERS;
	if (op == TEE_HANDLE_NULL)
		return TEE_ERROR_BAD_STATE;
	free_keys();
	res = TEE_AllocateTransientObject(p[0].value.a, p[0].value.b, &key);
	if (!res)
		res = TEE_AllocateTransientObject(p[0].value.a, p[0].value.b, &key2);
	if (!res)
		res = unpack(p[1].memref.buffer, p[1].memref.size, &a1, &n1);
	if (!res)
		res = unpack(p[2].memref.buffer, p[2].memref.size, &a2, &n2);
	if (!res)
		res = TEE_PopulateTransientObject(key, a1, n1);
	if (!res)
		res = TEE_PopulateTransientObject(key2, a2, n2);
	TEE_Free(a1);
	TEE_Free(a2);
	return res ? res : TEE_SetOperationKey2(op, key, key2);
}

/* The asymmetric commands: m0 the operation's attributes, m1 in, m2 out (or in, for VERIFY). */
static TEE_Result asymmetric(uint32_t cmd, uint32_t types, TEE_Param p[4])
{
	TEE_Attribute *attrs;
	uint32_t n;
	size_t len = p[2].memref.size;
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(MI, MI, cmd == CRYPT_CMD_VERIFY ? MI : MO, NO))
		return TEE_ERROR_BAD_PARAMETERS;
	if (op == TEE_HANDLE_NULL)
		return TEE_ERROR_BAD_STATE;
	res = unpack(p[0].memref.buffer, p[0].memref.size, &attrs, &n);
	if (res)
		return res;
	switch (cmd) {
	case CRYPT_CMD_SIGN:
		res = TEE_AsymmetricSignDigest(op, attrs, n, p[1].memref.buffer, p[1].memref.size, p[2].memref.buffer, &len);
		break;
	case CRYPT_CMD_VERIFY:
		res = TEE_AsymmetricVerifyDigest(op, attrs, n, p[1].memref.buffer, p[1].memref.size, p[2].memref.buffer,
						 p[2].memref.size);
		break;
	case CRYPT_CMD_ENCRYPT:
		res = TEE_AsymmetricEncrypt(op, attrs, n, p[1].memref.buffer, p[1].memref.size, p[2].memref.buffer, &len);
		break;
	default:
		res = TEE_AsymmetricDecrypt(op, attrs, n, p[1].memref.buffer, p[1].memref.size, p[2].memref.buffer, &len);
		break;
	}
	TEE_Free(attrs);
	if (cmd != CRYPT_CMD_VERIFY && (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER))
		p[2].memref.size = len; /* the size written, or the size needed */
	return res;
}

static TEE_Result derive(uint32_t types, TEE_Param p[4])
{
	TEE_ObjectHandle derived = TEE_HANDLE_NULL;
	TEE_Attribute *attrs;
	uint32_t n;
	size_t len = p[2].memref.size;
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(MI, VI, MO, NO))
		return TEE_ERROR_BAD_PARAMETERS;
	if (op == TEE_HANDLE_NULL)
		return TEE_ERROR_BAD_STATE;
	res = TEE_AllocateTransientObject(TEE_TYPE_GENERIC_SECRET, p[1].value.a, &derived);
	if (res)
		return res;
	res = unpack(p[0].memref.buffer, p[0].memref.size, &attrs, &n);
	if (!res) {
		TEE_DeriveKey(op, attrs, n, derived);
		TEE_Free(attrs);
		res = TEE_GetObjectBufferAttribute(derived, TEE_ATTR_SECRET_VALUE, p[2].memref.buffer, &len);
		if (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER)
			p[2].memref.size = len;
	}
	TEE_FreeTransientObject(derived);
	return res;
}

/* TEE_CipherInit, TEE_CipherUpdate in pieces of `piece` bytes (all of it at once for 0), TEE_CipherDoFinal. */
static TEE_Result cipher(TEE_Param p[4], size_t piece)
{
	const uint8_t *in = p[1].memref.buffer;
	uint8_t *out = p[2].memref.buffer;
	size_t size = p[1].memref.size;
	size_t room = p[2].memref.size;
	size_t written = 0;
	size_t off = 0;
	size_t len;
	TEE_Result res;

	TEE_CipherInit(op, p[0].memref.buffer, p[0].memref.size);
	for (; piece && size - off > piece; off += piece) {
		len = room - written;
		res = TEE_CipherUpdate(op, in + off, piece, out + written, &len);
		if (res) {
			if (res == TEE_ERROR_SHORT_BUFFER)
				p[2].memref.size = written + len;
			return res;
		}
		written += len;
	}
	len = room - written;
	res = TEE_CipherDoFinal(op, in + off, size - off, out + written, &len);
	if (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER)
		p[2].memref.size = written + len;
	return res;
}

static TEE_Result system_pta(TEE_TASessionHandle *pta)
{
	static const TEE_UUID uuid = PTA_SYSTEM_UUID;
	return TEE_OpenTASession(&uuid, TEE_TIMEOUT_INFINITE, 0, NULL, pta, NULL);
}

/* PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY with extra data [extra, extra + extra_size) into key_size bytes at key. */
static TEE_Result derive_unique(TEE_TASessionHandle pta, void *key_out, size_t key_size, void *extra, size_t extra_size)
{
	TEE_Param p[4] = { 0 };
	p[0].memref.buffer = extra_size ? extra : NULL;
	p[0].memref.size = extra_size;
	p[1].memref.buffer = key_out;
	p[1].memref.size = key_size;
	return TEE_InvokeTACommand(pta, TEE_TIMEOUT_INFINITE, PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY,
				   TEE_PARAM_TYPES(MI, MO, NO, NO), p, NULL);
}

/* optee_test's derive_ta_unique_key_test: the same input gives the same key (with and without extra
 * data), other extra data another key, and the PTA refuses extra data over 1024 bytes and keys outside
 * 16..32 bytes. GENERIC on any miss. */
static TEE_Result unique_key_checks(void)
{
	static const char dummy[] = "My dummy data";
	TEE_TASessionHandle pta;
	uint8_t *extra = TEE_Malloc(1025, TEE_MALLOC_FILL_ZERO);
	uint8_t key1[32], key2b[32], big[64];
	bool ok = extra != NULL;
	TEE_Result res = system_pta(&pta);

	if (res) {
		TEE_Free(extra);
		return res;
	}
	if (ok)
		memcpy(extra, dummy, sizeof(dummy));
	for (size_t extra_size = 0; ok && extra_size <= sizeof(dummy); extra_size += sizeof(dummy)) {
		ok = derive_unique(pta, key1, 32, extra, extra_size) == TEE_SUCCESS &&
		     derive_unique(pta, key2b, 32, extra, extra_size) == TEE_SUCCESS &&
		     TEE_MemCompare(key1, key2b, 32) == 0;
	}
	ok = ok && derive_unique(pta, key1, 32, extra, sizeof(dummy)) == TEE_SUCCESS &&
	     derive_unique(pta, key2b, 32, extra, 0) == TEE_SUCCESS && TEE_MemCompare(key1, key2b, 32) != 0;
	ok = ok && derive_unique(pta, key1, 32, extra, 1025) != TEE_SUCCESS;
	for (size_t size = 0; ok && size < sizeof(big); size++) {
		res = derive_unique(pta, big, size, extra, size % 2 ? sizeof(dummy) : 0);
		ok = (size >= 16 && size <= 32) == (res == TEE_SUCCESS);
	}
	TEE_CloseTASession(pta);
	TEE_Free(extra);
	return ok ? TEE_SUCCESS : TEE_ERROR_GENERIC;
}

/* Commands 15 and 17: the client's memrefs passed on to the system PTA as they are. */
static TEE_Result pass_to_system_pta(uint32_t cmd, TEE_Param p[4])
{
	TEE_TASessionHandle pta;
	TEE_Param q[4] = { 0 };
	TEE_Result res = system_pta(&pta);

	if (res)
		return res;
	q[0].memref = p[0].memref;
	q[1].memref = p[1].memref;
	if (cmd == CRYPT_CMD_SEED_RNG_POOL)
		res = TEE_InvokeTACommand(pta, TEE_TIMEOUT_INFINITE, PTA_SYSTEM_ADD_RNG_ENTROPY,
					  TEE_PARAM_TYPES(MI, NO, NO, NO), q, NULL);
	else
		res = TEE_InvokeTACommand(pta, TEE_TIMEOUT_INFINITE, PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY,
					  TEE_PARAM_TYPES(MI, MO, NO, NO), q, NULL);
	TEE_CloseTASession(pta);
	return res;
}

/* The commands that need an allocated operation: the parameter layout is checked first, as CryptTa does. */
#define NEED(layout) \
	do { \
		if (types != (layout)) \
			return TEE_ERROR_BAD_PARAMETERS; \
		if (op == TEE_HANDLE_NULL) \
			return TEE_ERROR_BAD_STATE; \
	} while (0)

static TEE_Result on_operation(uint32_t cmd, uint32_t types, TEE_Param p[4])
{
	size_t len;
	TEE_Result res;

	switch (cmd) {
	case CRYPT_CMD_DIGEST:
		NEED(TEE_PARAM_TYPES(MI, MO, NO, NO));
		len = p[1].memref.size;
		res = TEE_DigestDoFinal(op, p[0].memref.buffer, p[0].memref.size, p[1].memref.buffer, &len);
		break;
	case CRYPT_CMD_DIGEST_EXTRACT: {
		size_t piece = p[2].value.a ? p[2].value.a : 1;
		uint8_t *out = p[1].memref.buffer;
		NEED(TEE_PARAM_TYPES(MI, MO, VI, NO));
		TEE_DigestUpdate(op, p[0].memref.buffer, p[0].memref.size);
		res = TEE_SUCCESS;
		for (size_t off = 0; !res && off < p[1].memref.size; off += piece) {
			len = p[1].memref.size - off < piece ? p[1].memref.size - off : piece;
			res = TEE_DigestExtract(op, out + off, &len);
		}
		return res;
	}
	case CRYPT_CMD_CIPHER:
		NEED(TEE_PARAM_TYPES(MI, MI, MO, NO));
		return cipher(p, 0);
	case CRYPT_CMD_CIPHER_PIECES:
		NEED(TEE_PARAM_TYPES(MI, MI, MO, VI));
		return cipher(p, p[3].value.a ? p[3].value.a : 1);
	case CRYPT_CMD_MAC: {
		bool iv = types == TEE_PARAM_TYPES(MI, MO, MI, NO); /* m2: the IV (CBC-MAC) */
		NEED(iv ? types : TEE_PARAM_TYPES(MI, MO, NO, NO));
		TEE_MACInit(op, iv ? p[2].memref.buffer : NULL, iv ? p[2].memref.size : 0);
		len = p[1].memref.size;
		res = TEE_MACComputeFinal(op, p[0].memref.buffer, p[0].memref.size, p[1].memref.buffer, &len);
		break;
	}
	case CRYPT_CMD_MAC_COMPARE:
		NEED(TEE_PARAM_TYPES(MI, MI, NO, NO));
		TEE_MACInit(op, NULL, 0);
		return TEE_MACCompareFinal(op, p[0].memref.buffer, p[0].memref.size, p[1].memref.buffer,
					   p[1].memref.size);
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
	if (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER)
		p[1].memref.size = len;
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *session, uint32_t cmd, uint32_t types, TEE_Param p[4])
{
	size_t len;
	TEE_Result res;

	(void)session;
	switch (cmd) {
	case CRYPT_CMD_ALLOCATE:
		if (types != TEE_PARAM_TYPES(VI, VI, NO, NO))
			return TEE_ERROR_BAD_PARAMETERS;
		TEE_FreeOperation(op);
		op = TEE_HANDLE_NULL;
		return TEE_AllocateOperation(&op, p[0].value.a, p[0].value.b, p[1].value.a);
	case CRYPT_CMD_SET_KEY:
		return set_key(types, p);
	case CRYPT_CMD_SET_KEY2:
		return set_key2(types, p);
	case CRYPT_CMD_SIGN:
	case CRYPT_CMD_VERIFY:
	case CRYPT_CMD_ENCRYPT:
	case CRYPT_CMD_DECRYPT:
		return asymmetric(cmd, types, p);
	case CRYPT_CMD_DERIVE:
		return derive(types, p);
	case CRYPT_CMD_GET_ATTRIBUTE:
		if (types != TEE_PARAM_TYPES(VI, MO, NO, NO))
			return TEE_ERROR_BAD_PARAMETERS;
		if (key == TEE_HANDLE_NULL)
			return TEE_ERROR_BAD_STATE;
		len = p[1].memref.size;
		res = TEE_GetObjectBufferAttribute(key, p[0].value.a, p[1].memref.buffer, &len);
		if (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER)
			p[1].memref.size = len;
		return res;
	case CRYPT_CMD_SEED_RNG_POOL:
		if (types != TEE_PARAM_TYPES(MI, NO, NO, NO))
			return TEE_ERROR_BAD_PARAMETERS;
		if (p[0].memref.size == 0)
			return TEE_ERROR_BAD_PARAMETERS;
		return pass_to_system_pta(cmd, p);
	case CRYPT_CMD_DERIVE_TA_UNIQUE_KEY_SHM:
		if (types != TEE_PARAM_TYPES(MI, MO, NO, NO))
			return TEE_ERROR_BAD_PARAMETERS;
		return pass_to_system_pta(cmd, p);
	case CRYPT_CMD_DERIVE_TA_UNIQUE_KEY:
		if (types != TEE_PARAM_TYPES(NO, NO, NO, NO))
			return TEE_ERROR_BAD_PARAMETERS;
		return unique_key_checks();
	default:
		return on_operation(cmd, types, p);
	}
}
