package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Crypt.attrs;
import static dev.jtee.examples.xtest.Crypt.hex;
import static dev.jtee.ta.TeeDefines.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/** xtest 4002 "Test TEE Internal API MAC operations": AES-CMAC with RFC 4493's examples (NIST SP 800-38B D.1). */
@JteeTest
class Xtest4002MacTest {
    private static final byte[] KEY = hex("2b7e151628aed2a6abf7158809cf4f3c");

    @Test
    void aesCmacRfc4493Examples(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_AES_CMAC, MODE_MAC, 128).key(TYPE_AES, 128, attrs(ATTR_SECRET_VALUE, KEY));
            assertArrayEquals(hex("bb1d6929e95937287fa37d129b756746"), c.mac(new byte[0], 16));
            assertArrayEquals(hex("070a16b46b4d4144f79bdd9dd04a287c"), c.mac(hex("6bc1bee22e409f96e93d7e117393172a"), 16));
            byte[] m40 = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411");
            assertArrayEquals(hex("dfa66747de9ae63030ca32611497c827"), c.mac(m40, 16));
            c.macCompare(m40, hex("dfa66747de9ae63030ca32611497c827"));
            Xtest.assertTeeError(TeeResult.MAC_INVALID, Origin.TRUSTED_APP, () -> c.macCompare(m40, hex("dfa66747de9ae63030ca32611497c826")));
            Xtest.assertTeeError(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, () -> c.mac(m40, 15));
        }
    }

    @Test
    void cmacNeedsAnAesKey(Context ctx) {
        try (Crypt c = new Crypt(ctx)) {
            c.allocate(ALG_AES_CMAC, MODE_MAC, 128);
            // TEE_SetOperationKey with a key of another type is a panic: the session's TA dies
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> c.key(TYPE_HMAC_SHA256, 256, attrs(ATTR_SECRET_VALUE, new byte[32])));
        }
    }
}
