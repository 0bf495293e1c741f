global-incdirs-y += include
srcs-y += gp11crypto_ta.c
