srcs-y += bigint_ta.c
