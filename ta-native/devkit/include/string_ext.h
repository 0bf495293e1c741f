#ifndef JTEE_STRING_EXT_H
#define JTEE_STRING_EXT_H
#include <string.h>
#endif
