package dev.jtee.examples.xtest;

import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * xtest 4013 "Test generation of device unique TA keys": the crypt TA's derive_ta_unique_key_test
 * against the system PTA — equal keys for equal input, another for other extra data, extra data over
 * 1024 bytes and keys outside 16..32 bytes refused (TA_DERIVED_* of pta_system.h); then the case's
 * negative half: the TA passes the client's own buffers on, and a key into that (normal-world) memory
 * is TEE_ERROR_SECURITY.
 */
@JteeTest
class Xtest4013DeriveTaUniqueKeyTest {
    @Test
    void theCryptTasUniqueKeyChecksPass(Context ctx) {
        try (Session s = ctx.openSession(Crypt.UUID)) {
            // any check the TA finds wrong comes back as TEE_ERROR_GENERIC and throws here
            s.invoke(CryptTa.CMD_DERIVE_TA_UNIQUE_KEY, Operation.create());
            byte[] extra = new byte[32];
            byte[] key = new byte[32];
            Operation op = Operation.create()
                    .tempMemref(0, dev.jtee.api.ParamType.MEMREF_TEMP_INPUT, extra)
                    .tempMemref(1, dev.jtee.api.ParamType.MEMREF_TEMP_OUTPUT, key);
            dev.jtee.api.TeeException e = org.junit.jupiter.api.Assertions.assertThrows(dev.jtee.api.TeeException.class,
                    () -> s.invoke(CryptTa.CMD_DERIVE_TA_UNIQUE_KEY_SHM, op));
            org.junit.jupiter.api.Assertions.assertEquals(dev.jtee.api.TeeResult.SECURITY, e.result());
            org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[32], key, "no key in the client's memory");
        }
    }
}
