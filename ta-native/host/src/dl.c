/* The TA's modules (NATIVE-TAS.md §E): the TA and the TA shared libraries it links, found by UUID in
 * the world's TA directories (--lib-dir) as OP-TEE's ldelf finds them in its TA store, plus those
 * dlopen() adds. The C library's loader maps and relocates them; their .init_array and .fini_array
 * (renamed by the dev kit's jtee-ta-dyn) run here when OP-TEE runs them: dependencies first before
 * TA_CreateEntryPoint, a dlopen()ed library's right after it loads, the finis after
 * TA_DestroyEntryPoint. PTA_SYSTEM_DLOPEN and PTA_SYSTEM_DLSYM, what libdl asks the system
 * pseudo-TA, are served here in the TA's process. */
#include "tahost.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../devkit/tools/ta_dyn.h"

#define MAX_MODULES 32
#define MAX_LIB_DIRS 16

struct module {
	TEE_UUID uuid;
	char path[PATH_MAX];   /* the file it came from */
	struct link_map *map;
	bool inited;
};
static struct module mods[MAX_MODULES];
static int n_mods;
static const char *lib_dirs[MAX_LIB_DIRS];
static int n_lib_dirs;

TEE_Result tee_uuid_from_str(TEE_UUID *uuid, const char *s);

void dl_add_lib_dir(const char *dir)
{
	if (n_lib_dirs == MAX_LIB_DIRS)
		die("more than %d --lib-dir options", MAX_LIB_DIRS);
	lib_dirs[n_lib_dirs++] = dir;
}

static void uuid_str(const TEE_UUID *u, char out[37])
{
	snprintf(out, 37, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", u->timeLow, u->timeMid,
		 u->timeHiAndVersion, u->clockSeqAndNode[0], u->clockSeqAndNode[1], u->clockSeqAndNode[2],
		 u->clockSeqAndNode[3], u->clockSeqAndNode[4], u->clockSeqAndNode[5], u->clockSeqAndNode[6],
		 u->clockSeqAndNode[7]);
}

static struct module *module_of(const TEE_UUID *u)
{
	for (int i = 0; i < n_mods; i++)
		if (!memcmp(&mods[i].uuid, u, sizeof(*u)))
			return &mods[i];
	return NULL;
}

/* ---- a file's DT_NEEDED and DT_SONAME, from its section table (nothing of it runs) ---- */

struct dyn_names {
	int n_needed;
	char needed[MAX_MODULES][64];
	char soname[64];
};

static bool read_dyn_names(const char *path, struct dyn_names *d, char *why, size_t why_len)
{
	memset(d, 0, sizeof(*d));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st)) {
		snprintf(why, why_len, "cannot read %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	uint8_t *m = st.st_size >= (off_t)sizeof(Elf64_Ehdr)
			     ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	close(fd);
	if (m == MAP_FAILED) {
		snprintf(why, why_len, "%s is not an ELF file", path);
		return false;
	}
	size_t size = (size_t)st.st_size;
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)m;
	bool ok = !memcmp(eh->e_ident, ELFMAG, SELFMAG) && eh->e_ident[EI_CLASS] == ELFCLASS64 &&
		  eh->e_shentsize == sizeof(Elf64_Shdr) && eh->e_shoff < size &&
		  (size - eh->e_shoff) / sizeof(Elf64_Shdr) >= eh->e_shnum;
	for (int i = 0; ok && i < eh->e_shnum; i++) {
		const Elf64_Shdr *sh = (const Elf64_Shdr *)(m + eh->e_shoff) + i;
		if (sh->sh_type != SHT_DYNAMIC)
			continue;
		const Elf64_Shdr *str = sh->sh_link < eh->e_shnum ? (const Elf64_Shdr *)(m + eh->e_shoff) + sh->sh_link : NULL;
		if (!str || sh->sh_offset > size || sh->sh_size > size - sh->sh_offset || str->sh_offset > size ||
		    str->sh_size > size - str->sh_offset) {
			ok = false;
			break;
		}
		const Elf64_Dyn *dyn = (const Elf64_Dyn *)(m + sh->sh_offset);
		for (size_t j = 0; j < sh->sh_size / sizeof(*dyn) && dyn[j].d_tag != DT_NULL; j++) {
			if (dyn[j].d_tag != DT_NEEDED && dyn[j].d_tag != DT_SONAME)
				continue;
			if (dyn[j].d_un.d_val >= str->sh_size)
				continue;
			const char *name = (const char *)m + str->sh_offset + dyn[j].d_un.d_val;
			size_t len = strnlen(name, str->sh_size - dyn[j].d_un.d_val);
			char *dst = dyn[j].d_tag == DT_SONAME ? d->soname
				  : d->n_needed < MAX_MODULES ? d->needed[d->n_needed++] : NULL;
			if (dst && len < 64)
				memcpy(dst, name, len);
		}
	}
	munmap(m, size);
	if (!ok)
		snprintf(why, why_len, "%s has a malformed ELF section table", path);
	return ok;
}

/* A library by UUID: <dir>/<uuid>.so in the first TA directory that has it, whose soname is the UUID. */
static TEE_Result find_library(const TEE_UUID *u, char path[PATH_MAX], char *why, size_t why_len)
{
	char name[37];
	uuid_str(u, name);
	for (int i = 0; i < n_lib_dirs; i++) {
		snprintf(path, PATH_MAX, "%s/%s.so", lib_dirs[i], name);
		if (access(path, R_OK))
			continue;
		struct dyn_names d;
		if (!read_dyn_names(path, &d, why, why_len))
			return TEE_ERROR_BAD_FORMAT;
		if (strcmp(d.soname, name)) {
			snprintf(why, why_len, "%s is not TA library %s (its soname is '%s')", path, name, d.soname);
			return TEE_ERROR_BAD_FORMAT;
		}
		return TEE_SUCCESS;
	}
	snprintf(why, why_len, "TA library %s is in none of the TA directories (%d searched)", name, n_lib_dirs);
	return TEE_ERROR_ITEM_NOT_FOUND;
}

/* ---- loading: a private directory of links named as the loader looks them up ---- */

static char stage_dir[PATH_MAX / 2];
struct staging {
	int n;
	char link[MAX_MODULES + 1][PATH_MAX];
	TEE_UUID uuid[MAX_MODULES + 1];
	char file[MAX_MODULES + 1][PATH_MAX];
};
static struct staging stage; /* large: never on the TA's stack */

static bool staged(const TEE_UUID *u)
{
	for (int i = 0; i < stage.n; i++)
		if (!memcmp(&stage.uuid[i], u, sizeof(*u)))
			return true;
	return false;
}

static bool stage_link(const char *name, const TEE_UUID *u, const char *file)
{
	if (stage.n > MAX_MODULES)
		return false;
	if (snprintf(stage.link[stage.n], PATH_MAX, "%s/%s", stage_dir, name) >= PATH_MAX ||
	    symlink(file, stage.link[stage.n]))
		return false;
	stage.uuid[stage.n] = *u;
	if (snprintf(stage.file[stage.n], PATH_MAX, "%s", file) >= PATH_MAX)
		return false;
	stage.n++;
	return true;
}

static void unstage(void)
{
	for (int i = 0; i < stage.n; i++)
		unlink(stage.link[i]);
	rmdir(stage_dir);
	stage.n = 0;
}

/* Links the root and every TA library it needs, transitively, that is not loaded yet. The TA's and
 * libraries' RUNPATH is $ORIGIN (the dev kit's), so the loader finds them beside the root's link. */
static TEE_Result stage_closure(const char *root_name, const TEE_UUID *root, const char *root_file, char *why,
				size_t why_len)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(stage_dir, sizeof(stage_dir), "%s/jtee-tahost-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	stage.n = 0;
	if (!mkdtemp(stage_dir) || !stage_link(root_name, root, root_file)) {
		snprintf(why, why_len, "cannot stage the TA's modules in %.200s: %s", stage_dir, strerror(errno));
		return TEE_ERROR_GENERIC;
	}
	for (int i = 0; i < stage.n; i++) {
		struct dyn_names d;
		if (!read_dyn_names(stage.file[i], &d, why, why_len))
			return TEE_ERROR_BAD_FORMAT;
		for (int j = 0; j < d.n_needed; j++) {
			TEE_UUID u;
			char file[PATH_MAX];
			if (strlen(d.needed[j]) != 36 || tee_uuid_from_str(&u, d.needed[j]) != TEE_SUCCESS)
				continue; /* not a TA library: the dev kit's link check allows none */
			if (module_of(&u) || staged(&u))
				continue;
			TEE_Result res = find_library(&u, file, why, why_len);
			if (res != TEE_SUCCESS)
				return res;
			if (!stage_link(d.needed[j], &u, file)) {
				snprintf(why, why_len, "cannot stage TA library %s: %s", d.needed[j], strerror(errno));
				return TEE_ERROR_GENERIC;
			}
		}
	}
	return TEE_SUCCESS;
}

/* The modules the last dlopen() brought in, in the loader's order (the root, then breadth first). */
static void register_new(void *handle)
{
	struct link_map *lm = NULL;
	if (dlinfo(handle, RTLD_DI_LINKMAP, &lm) || !lm)
		die("cannot read the TA's link map");
	while (lm->l_prev)
		lm = lm->l_prev;
	for (; lm; lm = lm->l_next) {
		for (int i = 0; i < stage.n; i++) {
			if (strcmp(lm->l_name, stage.link[i]) && (stage.n > 1 || strcmp(lm->l_name, stage.file[i])))
				continue;
			if (n_mods == MAX_MODULES)
				die("more than %d TA modules", MAX_MODULES);
			mods[n_mods] = (struct module){ .uuid = stage.uuid[i], .map = lm };
			snprintf(mods[n_mods].path, PATH_MAX, "%s", stage.file[i]);
			n_mods++;
		}
	}
}

struct load_job {
	const char *root_name;
	const TEE_UUID *uuid;
	const char *file;
	int flags;
	TEE_Result res;
	void *handle;
	char why[512];
};

static void load_job_run(void *arg)
{
	struct load_job *j = arg;
	j->res = stage_closure(j->root_name, j->uuid, j->file, j->why, sizeof(j->why));
	if (j->res == TEE_SUCCESS) {
		/* without libraries to find, the loader takes the file itself */
		j->handle = dlopen(stage.n == 1 ? j->file : stage.link[0], j->flags);
		if (!j->handle) {
			snprintf(j->why, sizeof(j->why), "%s", dlerror());
			j->res = TEE_ERROR_BAD_FORMAT;
		} else {
			register_new(j->handle);
		}
	}
	unstage();
}

void *dl_load_ta(const char *path)
{
	static struct load_job j;
	j = (struct load_job){ .root_name = "ta", .uuid = &H.uuid, .file = path, .flags = RTLD_NOW | RTLD_LOCAL };
	load_job_run(&j);
	if (j.res != TEE_SUCCESS)
		die("cannot load the TA: %s", j.why);
	return j.handle;
}

/* ---- .init_array / .fini_array, with jtee's tags ---- */

static void fn_array(const struct module *m, int64_t tag, int64_t size_tag, void (***fn)(void), size_t *n)
{
	*fn = NULL;
	*n = 0;
	for (const ElfW(Dyn) *d = m->map->l_ld; d->d_tag != DT_NULL; d++) {
		if (d->d_tag == tag)
			*fn = (void (**)(void))(m->map->l_addr + d->d_un.d_ptr);
		else if (d->d_tag == size_tag)
			*n = d->d_un.d_val / sizeof(void *);
	}
	if (!*fn)
		*n = 0;
}

/* Runs on the TA's stack: the modules not initialised yet, dependencies (loaded later) first. */
void dl_run_inits(void)
{
	for (int i = n_mods - 1; i >= 0; i--) {
		if (mods[i].inited)
			continue;
		mods[i].inited = true;
		void (**fn)(void);
		size_t n;
		fn_array(&mods[i], JTEE_DT_INIT_ARRAY, JTEE_DT_INIT_ARRAYSZ, &fn, &n);
		for (size_t k = 0; k < n; k++)
			fn[k]();
	}
}

/* After TA_DestroyEntryPoint: each initialised module's fini array backwards, the TA first. */
void dl_run_finis(void)
{
	for (int i = 0; i < n_mods; i++) {
		if (!mods[i].inited)
			continue;
		mods[i].inited = false;
		void (**fn)(void);
		size_t n;
		fn_array(&mods[i], JTEE_DT_FINI_ARRAY, JTEE_DT_FINI_ARRAYSZ, &fn, &n);
		while (n)
			fn[--n]();
	}
}

int dl_module_index(uintptr_t base)
{
	for (int i = 0; i < n_mods; i++)
		if (mods[i].map->l_addr == base)
			return i;
	return -1;
}

/* A FAULT's module list (NATIVE-TAS.md §C): "<uuid> <file name>" per module, the TA first. */
void dl_out_modules(void)
{
	out_u32((uint32_t)n_mods);
	for (int i = 0; i < n_mods; i++) {
		char text[37 + 1 + 200];
		char uuid[37];
		const char *file = strrchr(mods[i].path, '/');
		uuid_str(&mods[i].uuid, uuid);
		snprintf(text, sizeof(text), "%s %.200s", uuid, file ? file + 1 : mods[i].path);
		out_u32((uint32_t)strlen(text));
		out_bytes(text, strlen(text));
	}
}

/* ---- dl_iterate_phdr for the TA: its modules only, never the host's own objects ---- */

static struct dl_phdr_info infos[MAX_MODULES];

static int collect(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	(void)arg;
	for (int i = 0; i < n_mods; i++)
		if (mods[i].map->l_addr == info->dlpi_addr) {
			infos[i] = *info;
			infos[i].dlpi_name = mods[i].path;
		}
	return 0;
}

/* Every module goes to the callback; the answer is its last return value (OP-TEE's libutee). The
 * callbacks run after the C library's iteration, outside its lock: a callback may dlopen(). */
EXPORT int jtee_dl_iterate_phdr(int (*callback)(struct dl_phdr_info *, size_t, void *), void *data)
{
	int n = n_mods, st = 0;
	memset(infos, 0, sizeof(infos));
	dl_iterate_phdr(collect, NULL);
	for (int i = 0; i < n; i++) {
		struct dl_phdr_info info = infos[i];
		st = callback(&info, sizeof(info), data);
	}
	return st;
}

/* ---- the system pseudo-TA's DLOPEN and DLSYM (OP-TEE's core/pta/system.c and ldelf) ---- */

#define JTEE_RTLD_NOW 2
#define JTEE_RTLD_GLOBAL 0x100
#define JTEE_RTLD_NODELETE 0x1000

static const TEE_UUID zero_uuid;

/* A module's handle: the loader's own answer for a loaded object, by the name it has there. */
static void *module_handle(const struct module *m, int flags)
{
	return dlopen(m->map->l_name, RTLD_NOW | RTLD_NOLOAD | flags);
}

static struct load_job dl_job;
static char dl_file[PATH_MAX], dl_name[37];

static void dlopen_job(void *arg)
{
	struct load_job *j = arg;
	j->res = find_library(j->uuid, dl_file, j->why, sizeof(j->why));
	if (j->res != TEE_SUCCESS)
		return;
	/* the TA and its libraries join the global scope: a dlopen()ed library may use their symbols,
	 * as in OP-TEE, where all of a TA's modules are one namespace */
	if (!module_handle(&mods[0], RTLD_GLOBAL)) {
		snprintf(j->why, sizeof(j->why), "%s", dlerror());
		j->res = TEE_ERROR_GENERIC;
		return;
	}
	load_job_run(j);
}

TEE_Result dl_system_dlopen(uint32_t types, void *buf, uint64_t size, uint32_t flags)
{
	static TEE_UUID u;
	if (types != (PT_MEMREF_INPUT | PT_VALUE_INPUT << 4) || !buf || size != sizeof(TEE_UUID))
		return TEE_ERROR_BAD_PARAMETERS;
	memcpy(&u, buf, sizeof(u));
	if (flags != (JTEE_RTLD_NOW | JTEE_RTLD_GLOBAL | JTEE_RTLD_NODELETE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (!memcmp(&u, &zero_uuid, sizeof(u)) || module_of(&u))
		return TEE_SUCCESS;
	uuid_str(&u, dl_name);
	dl_job = (struct load_job){ .root_name = dl_name, .uuid = &u, .file = dl_file, .flags = RTLD_NOW | RTLD_GLOBAL };
	run_on_arith_stack(dlopen_job, &dl_job); /* the loader needs more stack than a TA has */
	if (dl_job.res != TEE_SUCCESS) {
		trace_line(1, "dlopen(\"%s\"): %s", dl_name, dl_job.why);
		return dl_job.res;
	}
	fault_regions_ta();
	dl_run_inits();
	return TEE_SUCCESS;
}

struct sym_job {
	const TEE_UUID *uuid;
	char name[256];
	void *addr;
};

/* The named module first, then every module in load order (ldelf's ta_elf_resolve_sym). */
static void dlsym_job(void *arg)
{
	struct sym_job *j = arg;
	struct module *m = memcmp(j->uuid, &zero_uuid, sizeof(*j->uuid)) ? module_of(j->uuid) : NULL;
	void *h = m ? module_handle(m, 0) : NULL;
	j->addr = h ? dlsym(h, j->name) : NULL;
	for (int i = 0; !j->addr && i < n_mods; i++) {
		h = module_handle(&mods[i], 0);
		j->addr = h ? dlsym(h, j->name) : NULL;
	}
}

TEE_Result dl_system_dlsym(uint32_t types, void *uuid_buf, uint64_t uuid_size, void *sym, uint64_t sym_size,
			   uint32_t *a, uint32_t *b)
{
	static TEE_UUID u;
	static struct sym_job j;
	if (types != (PT_MEMREF_INPUT | PT_MEMREF_INPUT << 4 | PT_VALUE_OUTPUT << 8) || !uuid_buf ||
	    uuid_size != sizeof(TEE_UUID) || !sym)
		return TEE_ERROR_BAD_PARAMETERS;
	memcpy(&u, uuid_buf, sizeof(u));
	if (memcmp(&u, &zero_uuid, sizeof(u)) && !module_of(&u))
		return TEE_ERROR_ITEM_NOT_FOUND;
	size_t len = strnlen(sym, sym_size);
	if (len >= sizeof(j.name))
		return TEE_ERROR_ITEM_NOT_FOUND;
	j = (struct sym_job){ .uuid = &u };
	memcpy(j.name, sym, len);
	run_on_arith_stack(dlsym_job, &j);
	if (!j.addr)
		return TEE_ERROR_ITEM_NOT_FOUND;
	*a = (uint32_t)((uintptr_t)j.addr >> 32);
	*b = (uint32_t)(uintptr_t)j.addr;
	return TEE_SUCCESS;
}
