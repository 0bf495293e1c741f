# jtee's TA dev kit: builds an OP-TEE TA directory, unchanged, into $(O)/$(BINARY).ta.
#
# The TA's Makefile sets BINARY = <uuid> (optionally CFG_TEE_TA_LOG_LEVEL, CFG_TA_OPTEE_CORE_API_COMPAT_1_1)
# and includes this file; sub.mk lists srcs-y, global-incdirs-y, incdirs-y, cflags-y,
# cflags-<file>-y, cflags-remove-y, cflags-remove-<file>-y, cppflags-y, cppflags-<file>-y, aflags-y,
# subdirs-y, and may set libnames, libdirs, libdeps. The product is a position-independent shared
# object for this machine linked against the dev kit's libutils.a only, carrying its header in the
# non-allocated ELF section .jtee_ta_head (ta-native/NATIVE-TAS.md §A).
# Instead of BINARY, SHLIBNAME = lib<name> with SHLIBUUID = <uuid> builds a TA shared library:
# $(O)/lib<name>.so to link TAs against (LDADD = -L<dir> -l<name>; its soname is the UUID) and
# $(O)/<uuid>.so, the file a TA host finds by UUID in the world's TA directories (NATIVE-TAS.md §E);
# LIBNAME = lib<name> builds a static library $(O)/lib<name>.a.

TA_DEV_KIT_DIR ?= $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
override TA_DEV_KIT_DIR := $(abspath $(TA_DEV_KIT_DIR))
include $(TA_DEV_KIT_DIR)/mk/conf.mk

ifneq ($(words $(BINARY) $(LIBNAME) $(SHLIBNAME)),1)
$(error jtee dev kit: the TA's Makefile must set exactly one of BINARY (a TA's UUID), LIBNAME or SHLIBNAME)
endif
ifneq ($(SHLIBNAME),)
ifneq ($(words $(SHLIBUUID)),1)
$(error jtee dev kit: SHLIBNAME = $(SHLIBNAME) needs SHLIBUUID, the library's UUID)
endif
endif

O ?= .
override O := $(patsubst %/,%,$(O))
link-out-dir := $(O)

CROSS_COMPILE ?=
CC = $(CROSS_COMPILE)gcc
CXX = $(CROSS_COMPILE)g++
NM = $(CROSS_COMPILE)nm
OBJCOPY = $(CROSS_COMPILE)objcopy
AR = $(CROSS_COMPILE)ar
HOSTCC ?= gcc

ifeq ($(V),1)
q :=
echo := @:
else
q := @
echo := @echo
endif
ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
echo := @:
endif

CFG_TEE_TA_LOG_LEVEL ?= 2
CFG_TA_OPTEE_CORE_API_COMPAT_1_1 ?= n

ta-cppflags := -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-I. -I$(TA_DEV_KIT_DIR)/include -DTRACE_LEVEL=$(CFG_TEE_TA_LOG_LEVEL) -D__jtee_ta__=1
ifeq ($(CFG_TA_OPTEE_CORE_API_COMPAT_1_1),y)
ta-cppflags += -D__OPTEE_CORE_API_COMPAT_1_1=1
endif
# conf.mk's (and the command line's) CFG_ variables, as OP-TEE's dev kit passes them
ta-cppflags += $(strip $(foreach v,$(filter CFG_% _CFG_%,$(.VARIABLES)),$(if $(filter y,$($(v))),-D$(v)=1,\
	$(if $(filter xn x,x$($(v))),,-D$(v)='$($(v))'))))
ta-cflags := -std=gnu11 -fPIC -fstack-protector-strong -fno-omit-frame-pointer -Os -g \
	-fno-common -Wall -Wno-unused-parameter \
	-Werror=implicit-function-declaration  # an undeclared call would link as an import the host lacks
# C++ sources (.cpp, with cxxflags-y & co.), as OP-TEE's dev kit builds them; no exceptions in a
# library, as OP-TEE (its unwinder would need a shared libgcc)
ta-cxxflags := -fPIC -fstack-protector-strong -fno-omit-frame-pointer -Os -g -fno-common -Wall -Wno-unused-parameter \
	$(if $(SHLIBNAME),-fno-exceptions)
ifeq ($(WERROR),1)
ta-cflags += -Werror
ta-cxxflags += -Werror
endif

# ---- sub.mk: each directory's variables are read, then reset before the next one.
ta-srcs :=
ta-global-incdirs :=
sub-vars := srcs-y global-incdirs-y incdirs-y cflags-y cflags-remove-y cxxflags-y cxxflags-remove-y cppflags-y aflags-y subdirs-y

define ta-subdir
$(foreach v,$(sub-vars),$(eval $(v) :=))
include $(1)/sub.mk
ta-sub-srcs := $$(patsubst ./%,%,$$(addprefix $(1)/,$$(srcs-y)))
ta-srcs += $$(ta-sub-srcs)
ta-global-incdirs += $$(patsubst ./%,%,$$(addprefix $(1)/,$$(global-incdirs-y)))
$$(foreach s,$$(filter-out %.cpp,$$(srcs-y)),$$(eval ta-cflags-$$(patsubst ./%,%,$(1)/$$(s)) := \
	$$(filter-out $$(cflags-remove-y) $$(cflags-remove-$$(s)-y),$$(cflags-y) $$(cflags-$$(s)-y))) \
	$$(eval ta-remove-$$(patsubst ./%,%,$(1)/$$(s)) := $$(cflags-remove-y) $$(cflags-remove-$$(s)-y)))
$$(foreach s,$$(filter %.cpp,$$(srcs-y)),$$(eval ta-cflags-$$(patsubst ./%,%,$(1)/$$(s)) := \
	$$(filter-out $$(cxxflags-remove-y) $$(cxxflags-remove-$$(s)-y),$$(cxxflags-y) $$(cxxflags-$$(s)-y))) \
	$$(eval ta-remove-$$(patsubst ./%,%,$(1)/$$(s)) := $$(cxxflags-remove-y) $$(cxxflags-remove-$$(s)-y)))
$$(foreach s,$$(srcs-y),\
	$$(eval ta-cppflags-$$(patsubst ./%,%,$(1)/$$(s)) := $$(addprefix -I,$$(addprefix $(1)/,$$(incdirs-y))) \
		$$(cppflags-y) $$(cppflags-$$(s)-y)) \
	$$(eval ta-aflags-$$(patsubst ./%,%,$(1)/$$(s)) := $$(aflags-y) $$(aflags-$$(s)-y)))
ta-subdirs-$(1) := $$(subdirs-y)
$$(foreach d,$$(ta-subdirs-$(1)),$$(eval $$(call ta-subdir,$$(patsubst ./%,%,$(1)/$$(d)))))
endef

$(eval $(call ta-subdir,.))

ta-incflags := $(addprefix -I,$(ta-global-incdirs))
ta-objs := $(addprefix $(O)/,$(addsuffix .o,$(basename $(ta-srcs))))
ta-libutils := $(TA_DEV_KIT_DIR)/lib/libutils.a $(TA_DEV_KIT_DIR)/lib/libdl.a
ta-libgcc := $(shell $(CC) -print-libgcc-file-name)
# the runtime: libutils (and libdl); with C++ sources GCC's libsupc++ and unwinder too, in one group
# (their C library needs are libutils' lib/cxxrt.c)
ifneq ($(filter %.cpp,$(ta-srcs)),)
ta-runtime = -Wl,--start-group $(ta-libutils) $(shell $(CXX) -print-file-name=libsupc++.a) \
	$(shell $(CXX) -print-file-name=libgcc_eh.a) $(ta-libgcc) -Wl,--end-group
else
ta-runtime = $(ta-libutils) $(ta-libgcc)
endif
ta-dyn := $(TA_DEV_KIT_DIR)/bin/jtee-ta-dyn
ifneq ($(BINARY),)
ta-elf := $(O)/$(BINARY).elf
ta-head := $(O)/$(BINARY).head
ta-headgen := $(O)/$(BINARY).headgen
ta-file := $(O)/$(BINARY).ta
ta-soname := $(BINARY).ta
ta-products := $(ta-file)
else ifneq ($(SHLIBNAME),)
ta-elf := $(O)/$(SHLIBNAME).so
ta-file := $(O)/$(SHLIBUUID).so
ta-soname := $(SHLIBUUID)
ta-products := $(ta-file)
else
ta-products := $(O)/$(LIBNAME).a
endif

# A library may also use symbols of the TA that loads it (os_test_lib uses os_test's os_test_global),
# unknown at its link: what it may not leave undefined is what the C library would define.
ifneq ($(SHLIBNAME),)
ta-libc := $(shell $(CC) -print-file-name=libc.so.6)
ta-undefined-filter = grep -xF "$$($(NM) -D --defined-only $(ta-libc) | awk '{print $$NF}' | sed 's/@.*//' | sort -u)"
else
ta-undefined-filter = cat
endif

# Symbols a TA may leave for the host to define (NATIVE-TAS.md §B); anything else, e.g. a
# libc function the dev kit does not offer, would bind to the host's own C library.
# __tls_get_addr and _dl_find_object are the dynamic loader's (not the C library's): a module's
# __thread variables, as libutee's __tls_get_addr gives them in OP-TEE, and where the C++ unwinder
# finds a module's unwind tables.
ta-allowed-undefined := ^(TEE_|__GP11_TEE_|jtee_|tee_|__stack_chk_guard$$|__tls_get_addr$$|_dl_find_object$$)

.PHONY: all clean
all: $(ta-products)

define ta-compile
$(O)/$(basename $(1)).o: $(1) $(MAKEFILE_LIST)
	$$(echo) '  $(if $(filter %.cpp,$(1)),CXX     ,CC      )$$@'
	@mkdir -p $$(dir $$@)
	$$(q)$(if $(filter %.cpp,$(1)),$$(CXX) $$(filter-out $$(ta-remove-$(1)),$$(ta-cxxflags)),$$(CC) $$(filter-out $$(ta-remove-$(1)),$$(ta-cflags))) \
		$$(ta-cflags-$(1)) $$(ta-cppflags) \
		$$(ta-incflags) $$(ta-cppflags-$(1)) $$(CFLAGS_EXTRA) $(if $(filter %.S,$(1)),$$(ta-aflags-$(1))) \
		-MMD -MP -c $$< -o $$@
endef
$(foreach s,$(ta-srcs),$(eval $(call ta-compile,$(s))))

# LDADD (OP-TEE's: -L<dir> -l<name> of TA shared libraries, -ldl) after the dev kit's own lib/, so
# -ldl is the dev kit's libdl.a; the symbols those shared libraries define are the TA's to import.
ta-ldlibs := $(addprefix -L,$(libdirs)) $(addprefix -l,$(libnames))
ta-ldadd = -L$(TA_DEV_KIT_DIR)/lib $(LDADD)
ta-ldadd-shlibs = $(wildcard $(foreach d,$(patsubst -L%,%,$(filter -L%,$(ta-ldadd))),\
	$(foreach l,$(patsubst -l%,%,$(filter -l%,$(ta-ldadd))),$(d)/lib$(l).so)))

# The shared object: its .init_array/.fini_array are the TA host's to run at OP-TEE's moments (the
# first open session, after a dlopen(), after TA_DestroyEntryPoint), not the C library's at load and
# exit: jtee-ta-dyn renames their dynamic tags (NATIVE-TAS.md §E). RUNPATH $ORIGIN: the TA host
# puts a TA's libraries beside it, by UUID, when it loads it.
ifneq ($(ta-elf),)
$(ta-elf): $(ta-objs) $(ta-libutils) $(libdeps) $(ta-ldadd-shlibs)
	$(echo) '  LD      $@'
	$(q)$(CC) -shared -nostdlib -Wl,-z,noexecstack -Wl,-z,relro -Wl,-z,now -Wl,--build-id=none \
		-Wl,-soname,$(ta-soname) -Wl,-rpath,'$$ORIGIN' -o $@ $(ta-objs) $(ta-ldlibs) $(ta-ldadd) $(ta-runtime)
	$(q)imported=$$(for l in $(ta-ldadd-shlibs); do $(NM) -D --defined-only $$l | awk '{print $$NF}'; done | sort -u); \
	bad=$$($(NM) -D --undefined-only $@ | awk '{print $$NF}' | grep -Ev '$(ta-allowed-undefined)' \
		| grep -vxF "$${imported:-^}" | $(ta-undefined-filter) | tr '\n' ' '); \
	if [ -n "$$bad" ]; then \
		echo "$(or $(BINARY),$(SHLIBNAME)): the TA uses functions neither the dev kit nor the GP Internal Core API provide: $$bad" >&2; \
		rm -f $@; exit 1; fi
	$(q)$(ta-dyn) $@ || { rm -f $@; exit 1; }

endif

ifneq ($(BINARY),)
$(ta-headgen): $(TA_DEV_KIT_DIR)/src/ta_head.c $(TA_DEV_KIT_DIR)/src/ta_head_main.c $(MAKEFILE_LIST) | $(ta-objs)
	$(echo) '  HEADGEN $@'
	@mkdir -p $(dir $@)
	$(q)$(CC) $(ta-cflags) -fno-stack-protector $(ta-cppflags) $(ta-incflags) $(CFLAGS_EXTRA) \
		-MMD -MP -MT $@ -MF $@.d -c $< -o $@.o || \
		{ echo "$(BINARY): the TA header (TA_UUID, TA_FLAGS, TA_STACK_SIZE, TA_DATA_SIZE, TA_VERSION, TA_DESCRIPTION, TA_CURRENT_TA_EXT_PROPERTIES in user_ta_header_defines.h) does not compile: see the compiler's lines above" >&2; exit 1; }
	$(q)$(HOSTCC) -o $@ $@.o $(TA_DEV_KIT_DIR)/src/ta_head_main.c

$(ta-head): $(ta-headgen)
	$(q)$(ta-headgen) $@
endif

ifneq ($(BINARY),)
$(ta-file): $(ta-elf) $(ta-head)
	$(echo) '  TA      $@'
	$(q)$(OBJCOPY) --add-section .jtee_ta_head=$(ta-head) --set-section-flags .jtee_ta_head=contents,readonly $(ta-elf) $@
else ifneq ($(SHLIBNAME),)
$(ta-file): $(ta-elf)
	$(echo) '  SHLIB   $@'
	$(q)cp $< $@
else
$(O)/$(LIBNAME).a: $(ta-objs)
	$(echo) '  AR      $@'
	$(q)rm -f $@ && $(AR) rcs $@ $^
endif

clean:
	rm -f $(ta-objs) $(ta-objs:.o=.d) $(ta-elf) $(ta-head) $(ta-headgen) $(ta-headgen).o $(ta-headgen).d $(ta-products)

-include $(ta-objs:.o=.d) $(if $(BINARY),$(ta-headgen).d)
