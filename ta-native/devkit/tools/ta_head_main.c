/* The build-time program that writes a TA's .jtee_ta_head bytes (see ta_head.c) to a file. */
#include <stdio.h>
#include <stdlib.h>

size_t jtee_ta_head_build(unsigned char *buf, size_t cap, const char **bad_prop);

int main(int argc, char **argv)
{
	static unsigned char buf[1 << 20];
	const char *bad = NULL;
	size_t n;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUT_FILE\n", argv[0]);
		return 2;
	}
	n = jtee_ta_head_build(buf, sizeof(buf), &bad);
	if (n == 0) {
		fprintf(stderr, "user_ta_header_defines.h: property \"%s\" has a value of a type the TA header cannot hold (bad base64 or unknown type)\n", bad ? bad : "?");
		return 1;
	}
	if (n > sizeof(buf)) {
		fprintf(stderr, "user_ta_header_defines.h: the TA's properties take %zu bytes, more than the %zu the header holds\n", n, sizeof(buf));
		return 1;
	}
	f = fopen(argv[1], "wb");
	if (!f || fwrite(buf, 1, n, f) != n || fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
