/* dlopen() and friends as OP-TEE's libdl offers them to a TA: a library is named by its UUID's
 * string, and the only flags OP-TEE takes are RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE (libdl.a). */
#ifndef _DLFCN_H_
#define _DLFCN_H_

#define RTLD_NOW 2
#define RTLD_GLOBAL 0x100
#define RTLD_NODELETE 0x1000

void *dlopen(const char *filename, int flags);
int dlclose(void *handle);
void *dlsym(void *handle, const char *symbol);

#endif /* _DLFCN_H_ */
