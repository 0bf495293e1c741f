package dev.jtee.examples.xtest;

import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * xtest 4013 "Test generation of device unique TA keys": the crypt TA's derive_ta_unique_key_test
 * against the system PTA — equal keys for equal input, another for other extra data, extra data over
 * 1024 bytes and keys outside 16..32 bytes refused (TA_DERIVED_* of pta_system.h). The case's second
 * half (a key into the client's shared memory is TEE_ERROR_SECURITY) is not mirrored: the world cannot
 * yet tell a TA's own buffer from the client's memory it passes on.
 */
@JteeTest
class Xtest4013DeriveTaUniqueKeyTest {
    @Test
    void theCryptTasUniqueKeyChecksPass(Context ctx) {
        try (Session s = ctx.openSession(Crypt.UUID)) {
            // any check the TA finds wrong comes back as TEE_ERROR_GENERIC and throws here
            s.invoke(CryptTa.CMD_DERIVE_TA_UNIQUE_KEY, Operation.create());
        }
    }
}
