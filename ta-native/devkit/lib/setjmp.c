/* setjmp()/longjmp(): naked functions, no prologue to disturb the registers they save and restore.
 * longjmp() makes setjmp() return val, or 1 for 0. */
#include <setjmp.h>

#if defined(__x86_64__)
/* jmp_buf: rbx, rbp, r12, r13, r14, r15, the caller's rsp, the return address */
__attribute__((naked)) int setjmp(jmp_buf env)
{
	__asm__ volatile("mov %rbx, 0(%rdi)\n\t"
			 "mov %rbp, 8(%rdi)\n\t"
			 "mov %r12, 16(%rdi)\n\t"
			 "mov %r13, 24(%rdi)\n\t"
			 "mov %r14, 32(%rdi)\n\t"
			 "mov %r15, 40(%rdi)\n\t"
			 "lea 8(%rsp), %rdx\n\t"
			 "mov %rdx, 48(%rdi)\n\t"
			 "mov (%rsp), %rdx\n\t"
			 "mov %rdx, 56(%rdi)\n\t"
			 "xor %eax, %eax\n\t"
			 "ret\n\t");
}

__attribute__((naked)) void longjmp(jmp_buf env, int val)
{
	__asm__ volatile("mov %esi, %eax\n\t"
			 "test %eax, %eax\n\t"
			 "jnz 1f\n\t"
			 "inc %eax\n"
			 "1:\n\t"
			 "mov 0(%rdi), %rbx\n\t"
			 "mov 8(%rdi), %rbp\n\t"
			 "mov 16(%rdi), %r12\n\t"
			 "mov 24(%rdi), %r13\n\t"
			 "mov 32(%rdi), %r14\n\t"
			 "mov 40(%rdi), %r15\n\t"
			 "mov 48(%rdi), %rsp\n\t"
			 "jmp *56(%rdi)\n\t");
}
#elif defined(__aarch64__)
/* jmp_buf: x19-x30, sp, d8-d15 */
__attribute__((naked)) int setjmp(jmp_buf env)
{
	__asm__ volatile("stp x19, x20, [x0, #0]\n\t"
			 "stp x21, x22, [x0, #16]\n\t"
			 "stp x23, x24, [x0, #32]\n\t"
			 "stp x25, x26, [x0, #48]\n\t"
			 "stp x27, x28, [x0, #64]\n\t"
			 "stp x29, x30, [x0, #80]\n\t"
			 "mov x2, sp\n\t"
			 "str x2, [x0, #96]\n\t"
			 "stp d8, d9, [x0, #104]\n\t"
			 "stp d10, d11, [x0, #120]\n\t"
			 "stp d12, d13, [x0, #136]\n\t"
			 "stp d14, d15, [x0, #152]\n\t"
			 "mov w0, #0\n\t"
			 "ret\n\t");
}

__attribute__((naked)) void longjmp(jmp_buf env, int val)
{
	__asm__ volatile("ldp x19, x20, [x0, #0]\n\t"
			 "ldp x21, x22, [x0, #16]\n\t"
			 "ldp x23, x24, [x0, #32]\n\t"
			 "ldp x25, x26, [x0, #48]\n\t"
			 "ldp x27, x28, [x0, #64]\n\t"
			 "ldp x29, x30, [x0, #80]\n\t"
			 "ldr x2, [x0, #96]\n\t"
			 "mov sp, x2\n\t"
			 "ldp d8, d9, [x0, #104]\n\t"
			 "ldp d10, d11, [x0, #120]\n\t"
			 "ldp d12, d13, [x0, #136]\n\t"
			 "ldp d14, d15, [x0, #152]\n\t"
			 "cmp w1, #0\n\t"
			 "csinc w0, w1, wzr, ne\n\t"
			 "ret\n\t");
}
#else
#error "setjmp: this machine's registers are not known"
#endif
