/* Writes a .jtee_ta_head section's bytes (NATIVE-TAS.md §A) for the test TAs:
 * mkhead OUT UUID-timeLow FLAGS STACK DATA ABI [type name value]... (values: u32 decimal, or text) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t buf[4096];
static size_t n;

static void put(const void *p, size_t len)
{
	memcpy(buf + n, p, len);
	n += len;
}

static void put32(uint32_t v)
{
	put(&v, 4);
}

int main(int argc, char **argv)
{
	if (argc < 7 || (argc - 7) % 3)
		return 2;
	struct { uint32_t a; uint16_t b, c; uint8_t d[8]; } uuid = { (uint32_t)strtoul(argv[2], 0, 0), 0x1234, 0x5678,
								  { 1, 2, 3, 4, 5, 6, 7, 8 } };
	put("JTEETA\0\1", 8);
	put32(1);
	put32(0); /* length, below */
	put(&uuid, 16);
	for (int i = 3; i < 7; i++)
		put32((uint32_t)strtoul(argv[i], 0, 0));
	put32((uint32_t)(argc - 7) / 3);
	for (int i = 7; i < argc; i += 3) {
		uint32_t type = (uint32_t)atoi(argv[i]);
		put32(type);
		put32((uint32_t)strlen(argv[i + 1]));
		put(argv[i + 1], strlen(argv[i + 1]));
		if (type == 4) {
			put32((uint32_t)strlen(argv[i + 2]));
			put(argv[i + 2], strlen(argv[i + 2]));
		} else {
			put32(4);
			put32((uint32_t)strtoul(argv[i + 2], 0, 0));
		}
	}
	uint32_t len = (uint32_t)n;
	memcpy(buf + 12, &len, 4);
	FILE *f = fopen(argv[1], "wb");
	if (!f || fwrite(buf, 1, n, f) != n || fclose(f))
		return 1;
	return 0;
}
