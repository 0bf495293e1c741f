global-incdirs-y += include
srcs-y += shlib_lib.c
