#ifndef JTEE_TYPES_EXT_H
#define JTEE_TYPES_EXT_H
#include <stdbool.h>
#include <sys/types.h>
#endif
