/*
 * What the libteec test programs share: checks that record the first failure
 * of a case, and a runner that prints "ok <case>" or "FAIL <case>: why" per
 * case and "N passed, M failed" at the end. Optional argument: run only that
 * case. Each case uses the one context the runner initialized.
 */
#ifndef JTEE_TEST_CASES_H
#define JTEE_TEST_CASES_H

#include <stdio.h>
#include <string.h>

#include <tee_client_api.h>

static TEEC_Context ctx;
static int failed_checks;
static char why[256];

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		if (!failed_checks) \
			snprintf(why, sizeof(why), __VA_ARGS__); \
		failed_checks++; \
	} \
} while (0)

#define CHECK_RES(res, want) CHECK((res) == (want), "line %d: result 0x%x, want 0x%x", __LINE__, (unsigned)(res), (unsigned)(want))
#define CHECK_ORIGIN(o, want) CHECK((o) == (want), "line %d: origin %u, want %u", __LINE__, (unsigned)(o), (unsigned)(want))

struct test_case {
	const char *name;
	void (*run)(void);
};

/* Runs cases (all, or the one argv[1] names); the exit status main returns. */
static int run_cases(const struct test_case *cases, size_t n, int argc, char *argv[])
{
	int failures = 0, passed = 0;
	TEEC_Result res = TEEC_InitializeContext(NULL, &ctx);

	if (res != TEEC_SUCCESS) {
		printf("FAIL initialize_context: 0x%x\n", res);
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
			continue;
		failed_checks = 0;
		cases[i].run();
		if (failed_checks) {
			printf("FAIL %s: %s\n", cases[i].name, why);
			failures++;
		} else {
			printf("ok %s\n", cases[i].name);
			passed++;
		}
		fflush(stdout);
	}
	TEEC_FinalizeContext(&ctx);
	printf("%d passed, %d failed\n", passed, failures);
	return failures ? 1 : 0;
}

#endif
