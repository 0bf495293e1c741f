global-incdirs-y += include
srcs-y += crash_ta.c
# the overrun and the recursion are meant: keep the compiler from reasoning them away
cflags-crash_ta.c-y += -Wno-stringop-overflow -Wno-infinite-recursion -fno-inline
