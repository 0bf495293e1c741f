global-incdirs-y += ../storage/include
srcs-y += storage2_ta.c
