/* setjmp()/longjmp() for a TA (libutils.a): the callee-saved registers, stack pointer and return
 * address of this machine (x86-64: 8 words; arm64: 22). */
#ifndef _SETJMP_H_
#define _SETJMP_H_

typedef long jmp_buf[22];

int setjmp(jmp_buf env) __attribute__((returns_twice));
void longjmp(jmp_buf env, int val) __attribute__((noreturn));

#endif /* _SETJMP_H_ */
