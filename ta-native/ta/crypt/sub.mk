global-incdirs-y += include
srcs-y += crypt_ta.c
