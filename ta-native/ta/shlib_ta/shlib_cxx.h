/* Between shlib_ta.c, the C++ file and the C frame an exception crosses */
#ifndef SHLIB_CXX_H
#define SHLIB_CXX_H

#ifdef __cplusplus
extern "C" {
#endif
int shlib_cxx_global(void);
int shlib_cxx_throw_through_c(void);
void shlib_cxx_throw(void);
void shlib_c_frame(void);
#ifdef __cplusplus
}
#endif

#endif
