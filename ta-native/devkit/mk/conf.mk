# jtee's TA dev kit configuration, read as an OP-TEE dev kit's mk/conf.mk is: by ta_dev_kit.mk and by
# the TA Makefiles that include it first (optee_test's os_test does). Every CFG_ variable set to y
# reaches the compiler as -DCFG_x=1, any other value as -DCFG_x=value, n or empty not at all.
ifeq ($(filter aarch64 arm64,$(shell uname -m)),)
sm ?= ta_x86_64
else
sm ?= ta_arm64
endif
sm-$(sm) := y
# Floating point is the machine's own; the system pseudo-TA's header is in include/
CFG_TA_FLOAT_SUPPORT ?= y
CFG_SYSTEM_PTA ?= y
CFG_TEE_TA_LOG_LEVEL ?= 2
# Not in jtee: mbedTLS in TAs, branch protection, memory tagging, sanitizers, ftrace, TPM event log
CFG_TA_MBEDTLS ?= n
CFG_TA_MBEDTLS_MPI ?= n
CFG_TA_BTI ?= n
CFG_TA_PAUTH ?= n
CFG_MEMTAG ?= n
CFG_TA_SANITIZE_UNDEFINED ?= n
CFG_TA_SANITIZE_KADDRESS ?= n
CFG_FTRACE_SUPPORT ?= n
CFG_TA_MCOUNT ?= n
CFG_CORE_TPM_EVENT_LOG ?= n
CFG_SECURE_DATA_PATH ?= n
CFG_CACHE_API ?= n
CFG_ATTESTATION_PTA ?= n
