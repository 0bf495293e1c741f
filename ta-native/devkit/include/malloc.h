#ifndef JTEE_MALLOC_H
#define JTEE_MALLOC_H
#include <stdlib.h>
#endif
