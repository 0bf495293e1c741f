/* storage2: the storage TA's code under a second UUID, for xtest's isolation cases (6015, 6019). */
#include "../storage/storage_ta.c"
