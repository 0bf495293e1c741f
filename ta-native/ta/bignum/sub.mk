global-incdirs-y += include
srcs-y += bignum_ta.c
