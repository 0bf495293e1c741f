global-incdirs-y += include
srcs-y += ecdh_ta.c
