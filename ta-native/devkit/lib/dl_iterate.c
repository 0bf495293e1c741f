/* dl_iterate_phdr(): the TA host knows the modules of the TA (NATIVE-TAS.md §E). */
#include <link.h>

#include "jtee_host.h"

int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size, void *data), void *data)
{
	return jtee_dl_iterate_phdr(callback, data);
}
