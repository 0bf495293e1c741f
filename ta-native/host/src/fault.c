/* Faults: TEE_Panic, the stack protector and signals (SIGSEGV/SIGBUS on an alternate stack, SIGILL,
 * SIGFPE) become one FAULT frame with the instance's regions and the TA's call stack, unwound and
 * symbolised by libunwind (the .ta's symbol table, static functions too); then the host exits. This is
 * a dying process: the formatting is careful but not async-signal-safe in every library call. */
#include "tahost.h"

#define UNW_LOCAL_ONLY
#include <dlfcn.h>
#include <libunwind.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define SPARE_STACK (256 * 1024)
#define MAX_SEGS 64
#define MAX_FRAMES 64

struct seg {
	uintptr_t va;
	size_t size;
	uint32_t flags;
	int module; /* 0 the TA, then its libraries (dl.c) */
};
static struct seg segs[MAX_SEGS];
static int n_segs;
static uintptr_t host_lo, host_hi; /* the host executable's text: where the TA's call stack ends */

static uint8_t *spare;
static ucontext_t spare_ctx;
static unw_context_t ta_uc;
static int pend_kind;
static uint32_t pend_code;

static int each_object(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	(void)arg;
	int module = dl_module_index(info->dlpi_addr); /* the TA and its libraries */
	bool ta = module >= 0;
	bool host = info->dlpi_name == NULL || info->dlpi_name[0] == 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		uintptr_t va = info->dlpi_addr + ph->p_vaddr;
		if (ta && n_segs < MAX_SEGS) {
			uint32_t f = ((ph->p_flags & PF_R) ? 1u : 0) | ((ph->p_flags & PF_W) ? 2u : 0) | ((ph->p_flags & PF_X) ? 4u : 0);
			segs[n_segs++] = (struct seg){ va, ph->p_memsz, f, module };
		}
		if (host && (ph->p_flags & PF_X) && !host_hi) {
			host_lo = va;
			host_hi = va + ph->p_memsz;
		}
	}
	return 0;
}

void fault_regions_ta(void)
{
	n_segs = 0;
	dl_iterate_phdr(each_object, NULL);
}

/* The rights (r 1, w 2) the TA has over [a, a+len), or -1 when that is not all the TA's memory. */
int fault_region_rights(uintptr_t a, size_t len)
{
	uintptr_t e = a + len;
	for (int i = 0; i < n_segs; i++)
		if (a >= segs[i].va && e <= segs[i].va + segs[i].size)
			return (int)(segs[i].flags & 3);
	if (a >= heap_lo() && e <= heap_lo() + heap_size())
		return 3;
	if (a >= (uintptr_t)H.stack_lo && e <= (uintptr_t)H.stack_hi)
		return 3;
	if (map_zi_contains(a, len))
		return 3;
	for (int i = 0; i < 4; i++) {
		int t = PT_GET(H.param_types, i);
		uintptr_t b = (uintptr_t)H.param_buf[i];
		if (t >= PT_MEMREF_INPUT && t <= PT_MEMREF_INOUT && b && a >= b && e <= b + H.param_size[i])
			return t == PT_MEMREF_INPUT ? 1 : 3;
	}
	return -1;
}

static void out_region(uintptr_t va, uint64_t size, uint32_t flags, const char *name)
{
	out_u64(va);
	out_u64(size);
	out_u32(flags);
	out_u32((uint32_t)strlen(name));
	out_bytes(name, strlen(name));
}

static void out_regions(void)
{
	int n = n_segs + 2 + map_zi_count();
	for (int i = 0; i < 4; i++)
		if (PT_GET(H.param_types, i) >= PT_MEMREF_INPUT && H.param_buf[i])
			n++;
	out_u32((uint32_t)n);
	for (int i = 0; i < n_segs; i++) {
		char name[16];
		snprintf(name, sizeof(name), "[%d]", segs[i].module);
		out_region(segs[i].va, segs[i].size, segs[i].flags, name);
	}
	out_region(heap_lo(), heap_size(), 3, "(heap)");
	out_region((uintptr_t)H.stack_lo, (uint64_t)(H.stack_hi - H.stack_lo), 3, "(stack)");
	for (int i = 0; i < map_zi_count(); i++) {
		uintptr_t va;
		size_t size;
		map_zi_region(i, &va, &size);
		out_region(va, size, 3, "(zi)");
	}
	for (int i = 0; i < 4; i++) {
		int t = PT_GET(H.param_types, i);
		if (t >= PT_MEMREF_INPUT && H.param_buf[i])
			out_region((uintptr_t)H.param_buf[i], H.param_size[i], t == PT_MEMREF_INPUT ? 1 : 3, "(param)");
	}
}

static bool in_host(uintptr_t pc)
{
	return pc >= host_lo && pc < host_hi;
}

static bool in_ta(uintptr_t pc)
{
	for (int i = 0; i < n_segs; i++)
		if (pc >= segs[i].va && pc < segs[i].va + segs[i].size)
			return true;
	return false;
}

/* The frames from the fault up to the TA's entry point (host frames above the TA's, like TEE_Panic's, too). */
static void out_frames(unw_cursor_t *c)
{
	uint64_t pcs[MAX_FRAMES];
	char names[MAX_FRAMES][128];
	int n = 0;
	bool seen_ta = false;
	do {
		unw_word_t pc = 0, off = 0;
		if (unw_get_reg(c, UNW_REG_IP, &pc) < 0 || pc == 0)
			break;
		if (seen_ta && in_host(pc))
			break; /* the host's entry trampoline: the TA's stack ends here */
		if (!in_ta(pc) && !in_host(pc) && !dladdr((void *)pc, &(Dl_info){ 0 }))
			break; /* no code there: a return address the fault overwrote (a smashed frame) */
		seen_ta |= in_ta(pc);
		pcs[n] = pc;
		names[n][0] = 0;
		char sym[112];
		if (unw_get_proc_name(c, sym, sizeof(sym), &off) == 0)
			snprintf(names[n], sizeof(names[n]), "%s+0x%lx", sym, (unsigned long)off);
		n++;
	} while (n < MAX_FRAMES && unw_step(c) > 0);
	out_u32((uint32_t)n);
	for (int i = 0; i < n; i++) {
		out_u64(pcs[i]);
		out_u32((uint32_t)strlen(names[i]));
		out_bytes(names[i], strlen(names[i]));
	}
}

static void send_fault(int kind, uint32_t code, uint64_t addr, unw_cursor_t *c)
{
	out_begin(FR_FAULT, 0);
	out_u32((uint32_t)kind);
	out_u32(code);
	out_u64(addr);
	out_regions();
	out_frames(c);
	out_heap_stats();
	dl_out_modules();
	out_send();
	_exit(1);
}

/* Runs on the spare stack: the TA's stack stays as the fault left it for the unwinder. */
static void report_from_ta(void)
{
	unw_cursor_t c;
	/* no trace line of its own for a smashed canary: the world's dump says "stack smashing detected" */
	if (unw_init_local(&c, &ta_uc) < 0) {
		out_begin(FR_FAULT, 0);
		_exit(1);
	}
	unw_step(&c); /* fault_from_ta itself */
	send_fault(pend_kind, pend_code, 0, &c);
}

void fault_from_ta(int kind, uint32_t code)
{
	pend_kind = kind;
	pend_code = code;
	unw_getcontext(&ta_uc);
	getcontext(&spare_ctx);
	spare_ctx.uc_stack.ss_sp = spare;
	spare_ctx.uc_stack.ss_size = SPARE_STACK;
	spare_ctx.uc_link = NULL;
	makecontext(&spare_ctx, report_from_ta, 0);
	setcontext(&spare_ctx);
	_exit(1);
}

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	unw_cursor_t c;
	(void)sig;
	uint64_t addr = (uint64_t)(uintptr_t)si->si_addr;
	if (unw_init_local2(&c, (unw_context_t *)uc, UNW_INIT_SIGNAL_FRAME) < 0) {
		_exit(1);
	}
	send_fault(FAULT_DATA_ABORT, 0, addr, &c);
}

void fault_init(void)
{
	stack_t ss = { 0 };
	spare = mmap(NULL, SPARE_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ss.ss_sp = mmap(NULL, SPARE_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ss.ss_size = SPARE_STACK;
	if (spare == MAP_FAILED || ss.ss_sp == MAP_FAILED || sigaltstack(&ss, NULL))
		die("cannot set up the fault stacks");
	struct sigaction sa = { 0 };
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL))
			die("cannot catch signal %d", sigs[i]);
}
