global-incdirs-y += include
srcs-y += sign_verify_ta.c
