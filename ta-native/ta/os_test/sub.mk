global-incdirs-y += include
srcs-y += os_test_ta.c
# the bad accesses and the recursion are meant: keep the compiler from reasoning them away
cflags-os_test_ta.c-y += -Wno-stringop-overflow -Wno-infinite-recursion -Wno-array-bounds -Wno-use-after-free -fno-inline
