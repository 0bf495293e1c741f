# jtee's TA dev kit: builds an OP-TEE TA directory, unchanged, into $(O)/$(BINARY).ta.
#
# The TA's Makefile sets BINARY = <uuid> (optionally CFG_TEE_TA_LOG_LEVEL, CFG_TA_OPTEE_CORE_API_COMPAT_1_1)
# and includes this file; sub.mk lists srcs-y, global-incdirs-y, incdirs-y, cflags-y,
# cflags-<file>-y, cflags-remove-y, cflags-remove-<file>-y, cppflags-y, cppflags-<file>-y, aflags-y,
# subdirs-y, and may set libnames, libdirs, libdeps. The product is a position-independent shared
# object for this machine linked against the dev kit's libutils.a only, carrying its header in the
# non-allocated ELF section .jtee_ta_head (ta-native/NATIVE-TAS.md §A).

ifneq ($(words $(BINARY)),1)
$(error jtee dev kit: the TA's Makefile must set BINARY to the TA's UUID (LIBNAME and SHLIBNAME are not supported))
endif

TA_DEV_KIT_DIR ?= $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
override TA_DEV_KIT_DIR := $(abspath $(TA_DEV_KIT_DIR))
O ?= .
override O := $(patsubst %/,%,$(O))

CROSS_COMPILE ?=
CC = $(CROSS_COMPILE)gcc
NM = $(CROSS_COMPILE)nm
OBJCOPY = $(CROSS_COMPILE)objcopy
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
ta-cflags := -std=gnu11 -fPIC -fstack-protector-strong -fno-omit-frame-pointer -Os -g \
	-fno-common -Wall -Wno-unused-parameter \
	-Werror=implicit-function-declaration  # an undeclared call would link as an import the host lacks
ifeq ($(WERROR),1)
ta-cflags += -Werror
endif

# ---- sub.mk: each directory's variables are read, then reset before the next one.
ta-srcs :=
ta-global-incdirs :=
sub-vars := srcs-y global-incdirs-y incdirs-y cflags-y cflags-remove-y cppflags-y aflags-y subdirs-y

define ta-subdir
$(foreach v,$(sub-vars),$(eval $(v) :=))
include $(1)/sub.mk
ta-sub-srcs := $$(patsubst ./%,%,$$(addprefix $(1)/,$$(srcs-y)))
ta-srcs += $$(ta-sub-srcs)
ta-global-incdirs += $$(patsubst ./%,%,$$(addprefix $(1)/,$$(global-incdirs-y)))
$$(foreach s,$$(srcs-y),$$(eval ta-cflags-$$(patsubst ./%,%,$(1)/$$(s)) := \
	$$(filter-out $$(cflags-remove-y) $$(cflags-remove-$$(s)-y),$$(cflags-y) $$(cflags-$$(s)-y))) \
	$$(eval ta-remove-$$(patsubst ./%,%,$(1)/$$(s)) := $$(cflags-remove-y) $$(cflags-remove-$$(s)-y)) \
	$$(eval ta-cppflags-$$(patsubst ./%,%,$(1)/$$(s)) := $$(addprefix -I,$$(addprefix $(1)/,$$(incdirs-y))) \
		$$(cppflags-y) $$(cppflags-$$(s)-y)) \
	$$(eval ta-aflags-$$(patsubst ./%,%,$(1)/$$(s)) := $$(aflags-y) $$(aflags-$$(s)-y)))
ta-subdirs-$(1) := $$(subdirs-y)
$$(foreach d,$$(ta-subdirs-$(1)),$$(eval $$(call ta-subdir,$$(patsubst ./%,%,$(1)/$$(d)))))
endef

$(eval $(call ta-subdir,.))

ta-incflags := $(addprefix -I,$(ta-global-incdirs))
ta-objs := $(addprefix $(O)/,$(addsuffix .o,$(basename $(ta-srcs))))
ta-elf := $(O)/$(BINARY).elf
ta-head := $(O)/$(BINARY).head
ta-headgen := $(O)/$(BINARY).headgen
ta-file := $(O)/$(BINARY).ta
ta-libutils := $(TA_DEV_KIT_DIR)/lib/libutils.a
ta-libgcc := $(shell $(CC) -print-libgcc-file-name)

# Symbols a TA may leave for the host to define (NATIVE-TAS.md §B); anything else, e.g. a
# libc function the dev kit does not offer, would bind to the host's own C library.
ta-allowed-undefined := ^(TEE_|__GP11_TEE_|jtee_|tee_|__stack_chk_guard$$)

.PHONY: all clean
all: $(ta-file)

define ta-compile
$(O)/$(basename $(1)).o: $(1) $(MAKEFILE_LIST)
	$$(echo) '  CC      $$@'
	@mkdir -p $$(dir $$@)
	$$(q)$$(CC) $$(filter-out $$(ta-remove-$(1)),$$(ta-cflags)) $$(ta-cflags-$(1)) $$(ta-cppflags) \
		$$(ta-incflags) $$(ta-cppflags-$(1)) $$(CFLAGS_EXTRA) $(if $(filter %.S,$(1)),$$(ta-aflags-$(1))) \
		-MMD -MP -c $$< -o $$@
endef
$(foreach s,$(ta-srcs),$(eval $(call ta-compile,$(s))))

ta-ldlibs := $(addprefix -L,$(libdirs)) $(addprefix -l,$(libnames))

$(ta-elf): $(ta-objs) $(ta-libutils) $(libdeps)
	$(echo) '  LD      $@'
	$(q)$(CC) -shared -nostdlib -Wl,-z,noexecstack -Wl,-z,relro -Wl,-z,now -Wl,--build-id=none \
		-Wl,-soname,$(BINARY).ta -o $@ $(ta-objs) $(ta-ldlibs) $(ta-libutils) $(ta-libgcc)
	$(q)bad=$$($(NM) -D --undefined-only $@ | awk '{print $$NF}' | grep -Ev '$(ta-allowed-undefined)' | tr '\n' ' '); \
	if [ -n "$$bad" ]; then \
		echo "$(BINARY): the TA uses functions neither the dev kit nor the GP Internal Core API provide: $$bad" >&2; \
		rm -f $@; exit 1; fi

$(ta-headgen): $(TA_DEV_KIT_DIR)/src/ta_head.c $(TA_DEV_KIT_DIR)/src/ta_head_main.c $(MAKEFILE_LIST) | $(ta-objs)
	$(echo) '  HEADGEN $@'
	@mkdir -p $(dir $@)
	$(q)$(CC) $(ta-cflags) -fno-stack-protector $(ta-cppflags) $(ta-incflags) $(CFLAGS_EXTRA) \
		-MMD -MP -MT $@ -MF $@.d -c $< -o $@.o || \
		{ echo "$(BINARY): the TA header (TA_UUID, TA_FLAGS, TA_STACK_SIZE, TA_DATA_SIZE, TA_VERSION, TA_DESCRIPTION, TA_CURRENT_TA_EXT_PROPERTIES in user_ta_header_defines.h) does not compile: see the compiler's lines above" >&2; exit 1; }
	$(q)$(HOSTCC) -o $@ $@.o $(TA_DEV_KIT_DIR)/src/ta_head_main.c

$(ta-head): $(ta-headgen)
	$(q)$(ta-headgen) $@

$(ta-file): $(ta-elf) $(ta-head)
	$(echo) '  TA      $@'
	$(q)$(OBJCOPY) --add-section .jtee_ta_head=$(ta-head) --set-section-flags .jtee_ta_head=contents,readonly $(ta-elf) $@

clean:
	rm -f $(ta-objs) $(ta-objs:.o=.d) $(ta-elf) $(ta-head) $(ta-headgen) $(ta-headgen).o $(ta-headgen).d $(ta-file)

-include $(ta-objs:.o=.d) $(ta-headgen).d
