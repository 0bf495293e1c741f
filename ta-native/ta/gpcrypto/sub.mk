global-incdirs-y += include
srcs-y += gpcrypto_ta.c
