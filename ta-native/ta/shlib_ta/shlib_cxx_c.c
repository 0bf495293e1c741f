/* A C frame between C++'s throw and its catch (built with unwind tables, as C is by default here). */
#include "shlib_cxx.h"

void shlib_c_frame(void)
{
	shlib_cxx_throw();
}
