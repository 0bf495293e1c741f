/* jtee's dynamic tags for a TA's init and fini arrays (in the OS-specific range, unknown to the C
 * library's loader): written by jtee-ta-dyn, read by the TA host (NATIVE-TAS.md §E). */
#ifndef JTEE_TA_DYN_H
#define JTEE_TA_DYN_H
#define JTEE_DT_INIT_ARRAY 0x6a7e0019
#define JTEE_DT_FINI_ARRAY 0x6a7e001a
#define JTEE_DT_INIT_ARRAYSZ 0x6a7e001b
#define JTEE_DT_FINI_ARRAYSZ 0x6a7e001c
#endif
