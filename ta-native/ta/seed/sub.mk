global-incdirs-y += include
srcs-y += seed_ta.c sha256.c
cflags-seed_ta.c-y += -Wno-stringop-overflow -fno-inline
