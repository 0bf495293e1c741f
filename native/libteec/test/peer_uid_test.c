/*
 * libteec refuses a daemon socket served by another user (issue 15 §6): a fake
 * listener bound by a child running as another uid (nobody, 65534; this
 * program must run as root to become it) accepts connections and reports how
 * many bytes each sent. TEEC_InitializeContext must fail with
 * TEEC_ERROR_COMMUNICATION, print one "refusing the jtee daemon" line, and send
 * nothing; with JTEE_DAEMON_USER naming that uid it connects and says HELLO
 * (the fake then hangs up, so the result is still COMMUNICATION, from the
 * handshake). Prints "ok <case>" per case; exits non-zero on a failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tee_client_api.h>

#define OTHER_UID 65534

static int failures;

static void check(int cond, const char *name, const char *why)
{
	if (cond) {
		printf("ok %s\n", name);
	} else {
		printf("FAIL %s: %s\n", name, why);
		failures++;
	}
	fflush(stdout);
}

/* The child: as OTHER_UID, listens at path and writes each connection's byte count to report. */
static void fake_daemon(const char path[100], int ready, int report)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int l;

	if (setgroups(0, NULL) || setresgid(OTHER_UID, OTHER_UID, OTHER_UID) || setresuid(OTHER_UID, OTHER_UID, OTHER_UID))
		_exit(3);
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	if (l < 0 || bind(l, (struct sockaddr *)&addr, sizeof(addr)) || listen(l, 4))
		_exit(4);
	if (write(ready, "r", 1) != 1)
		_exit(5);
	for (;;) {
		int c = accept(l, NULL, NULL);
		char buf[256];
		ssize_t n;
		unsigned total = 0;
		struct timeval tv = { .tv_sec = 5 };

		if (c < 0)
			_exit(6);
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		/* a client that trusts us sends its HELLO at once; one that refuses closes */
		n = read(c, buf, sizeof(buf));
		if (n > 0)
			total = (unsigned)n;
		close(c);
		if (write(report, &total, sizeof(total)) != sizeof(total))
			_exit(7);
	}
}

/* Runs TEEC_InitializeContext with stderr captured into err; returns its result. */
static TEEC_Result init_capturing(char *err, size_t size)
{
	int p[2], saved = dup(2);
	TEEC_Context ctx;
	TEEC_Result res;
	ssize_t n;

	if (pipe(p))
		return 0xdead;
	fflush(stderr);
	dup2(p[1], 2);
	close(p[1]);
	res = TEEC_InitializeContext(NULL, &ctx);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = read(p[0], err, size - 1);
	err[n > 0 ? n : 0] = 0;
	close(p[0]);
	if (res == TEEC_SUCCESS)
		TEEC_FinalizeContext(&ctx);
	return res;
}

int main(void)
{
	char dir[] = "/tmp/jtee-peer-uid-XXXXXX", path[100], err[1024], why[1200];
	int ready[2], report[2];
	unsigned sent = 0;
	pid_t child;
	char r;
	TEEC_Result res;

	if (geteuid() != 0) {
		printf("FAIL setup: must run as root to start a listener of another uid (%d)\n", OTHER_UID);
		return 2;
	}
	if (!mkdtemp(dir) || chmod(dir, 0777) || pipe(ready) || pipe(report))
		return 2;
	snprintf(path, sizeof(path), "%s/jtee.sock", dir);
	child = fork();
	if (child == 0)
		fake_daemon(path, ready[1], report[1]);
	if (read(ready[0], &r, 1) != 1) {
		printf("FAIL setup: the fake daemon did not start\n");
		return 2;
	}
	setenv("JTEE_SOCKET", path, 1);
	unsetenv("JTEE_DAEMON_USER");

	res = init_capturing(err, sizeof(err));
	snprintf(why, sizeof(why), "result 0x%x, stderr \"%s\"", (unsigned)res, err);
	check(res == TEEC_ERROR_COMMUNICATION, "impostor_refused_with_communication", why);
	check(strstr(err, "jtee libteec: refusing the jtee daemon at ") && strstr(err, path) &&
	      strstr(err, "JTEE_DAEMON_USER=") && strchr(err, '\n') == err + strlen(err) - 1,
	      "impostor_named_in_one_stderr_line", why);
	check(read(report[0], &sent, sizeof(sent)) == sizeof(sent) && sent == 0, "nothing_sent_to_impostor", why);

	setenv("JTEE_DAEMON_USER", "root, 65534", 1);
	res = init_capturing(err, sizeof(err));
	snprintf(why, sizeof(why), "result 0x%x, stderr \"%s\"", (unsigned)res, err);
	check(strstr(err, "refusing") == NULL, "configured_uid_trusted", why);
	check(read(report[0], &sent, sizeof(sent)) == sizeof(sent) && sent > 0, "configured_daemon_gets_hello", why);
	/* the fake hangs up after the HELLO: the handshake fails, as with any daemon that goes away */
	check(res == TEEC_ERROR_COMMUNICATION, "hung_up_handshake_is_communication", why);

	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	unlink(path);
	rmdir(dir);
	printf("%d failed\n", failures);
	return failures ? 1 : 0;
}
