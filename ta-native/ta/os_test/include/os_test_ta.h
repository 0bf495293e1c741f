#ifndef OS_TEST_TA_H
#define OS_TEST_TA_H

/*
 * optee_test's os_test TA in jtee's own C: the same UUID and command numbers as the Java
 * examples' OsTestTa (dev.jtee.examples.xtest), which documents each command's parameters.
 */
#define TA_OS_TEST_UUID \
	{ 0x5b9e0e40, 0x2636, 0x11e1, { 0xad, 0x9e, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b } }
#define TA_HELLO_WORLD_UUID \
	{ 0x8aaaf200, 0x2450, 0x11e4, { 0xab, 0xe2, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b } }

#define OS_TEST_HELLO_PROPERTY "hello property, larger than 80 characters, so that it checks that it is" \
	" not truncated by anything in the source code which may be wrong"

#define OS_TEST_CMD_INIT                 0
#define OS_TEST_CMD_CLIENT_WITH_TIMEOUT  1
#define OS_TEST_CMD_BASIC                5
#define OS_TEST_CMD_PANIC                6
#define OS_TEST_CMD_CLIENT               7
#define OS_TEST_CMD_PARAMS_ACCESS        8
#define OS_TEST_CMD_WAIT                 9
#define OS_TEST_CMD_BAD_MEM_ACCESS      10
#define OS_TEST_CMD_TA2TA_MEMREF        11
#define OS_TEST_CMD_TA2TA_MEMREF_MIX    12
#define OS_TEST_CMD_PARAMS              13
#define OS_TEST_CMD_NULL_MEMREF_PARAMS  19
#define OS_TEST_CMD_CLIENT_IDENTITY     20
#define OS_TEST_CMD_TA2TA_MEMREF_SIZE0  37
#define OS_TEST_CMD_ECHO               100
#define OS_TEST_CMD_SHORT_BUFFER       101
#define OS_TEST_CMD_WAIT_MASKED        102
#define OS_TEST_CMD_MALLOC_NO_FILL     103
#define OS_TEST_CMD_CALL_PANICKING_TA  104
#define OS_TEST_CMD_TA2TA_MEMREF_PARAMS 105
#define OS_TEST_CMD_OPEN_TA_SESSION    106

#define OS_TEST_PANIC_CODE 0xbeef
/* optee_test's os_test sizes */
#define OS_TEST_STACK_SIZE (8 * 1024)
#define OS_TEST_DATA_SIZE (900 * 1024)

/* CMD_BASIC parts (p1 a), 0 = all */
#define OS_TEST_BASIC_MALLOC             (1 << 0)
#define OS_TEST_BASIC_MEMORY_FUNCTIONS   (1 << 1)
#define OS_TEST_BASIC_PROPERTIES         (1 << 2)
#define OS_TEST_BASIC_ACCESS_RIGHTS      (1 << 3)
#define OS_TEST_BASIC_TIME               (1 << 4)
#define OS_TEST_BASIC_RANDOM             (1 << 5)
#define OS_TEST_BASIC_TA2TA_ACCESS_RIGHTS (1 << 6)

#endif
