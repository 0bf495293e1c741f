srcs-y += shlib_dl.c
