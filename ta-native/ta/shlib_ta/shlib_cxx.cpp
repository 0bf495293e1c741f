/* C++ in a TA: a global object built by its constructor before TA_CreateEntryPoint, whose destructor
 * runs after TA_DestroyEntryPoint, and an exception that crosses a C frame. */
extern "C" {
#include <trace.h>
#include "shlib_cxx.h"
}

class Global {
public:
	Global() : value(5) {}
	~Global() { IMSG("shlib C++ destructor"); }
	int value;
};

static Global global;

class Thrown {
public:
	explicit Thrown(int v) : value(v) {}
	int value;
};

int shlib_cxx_global(void)
{
	return global.value;
}

void shlib_cxx_throw(void)
{
	throw Thrown(1);
}

int shlib_cxx_throw_through_c(void)
{
	try {
		shlib_c_frame();
	} catch (Thrown &t) {
		return t.value;
	}
	return 0;
}
