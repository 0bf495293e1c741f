global-incdirs-y += include
global-incdirs-y += ../shlib_lib/include
global-incdirs-y += .
srcs-y += shlib_ta.c
srcs-y += shlib_cxx.cpp
srcs-y += shlib_cxx_c.c
