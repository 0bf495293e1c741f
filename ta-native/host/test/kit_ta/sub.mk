srcs-y += kit_ta.c
