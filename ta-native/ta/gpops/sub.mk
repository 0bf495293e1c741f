global-incdirs-y += include
srcs-y += gpops_ta.c
srcs-y += asym.c
global-incdirs-y += .
srcs-y += system.c
