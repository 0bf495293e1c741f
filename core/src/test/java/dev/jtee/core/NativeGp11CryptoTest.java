package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GP 1.1 variants of the crypto and storage API (OP-TEE's CFG_TA_OPTEE_CORE_API_COMPAT_1_1, as
 * optee_examples' acipher, ecdh, sign_verify and secure_storage TAs are built): the gp11crypto test TA
 * (ta-native/ta/gp11crypto, 2 KiB stack) makes GP 1.1 calls — uint32_t lengths, GP 1.1 attributes
 * and object info — that the TA host's __GP11_ functions carry to the world. Known answers (SHA-256
 * of "abc", the GCM paper's test case 2), SHORT_BUFFER sizes written back into uint32_t, and a
 * persistent object written, enumerated, read and deleted; a failed check answers GENERIC with its
 * text in p0.
 */
class NativeGp11CryptoTest {
    static final String GP11CRYPTO = "9c0a17e0-0011-4e6e-8a7f-6a7b1e5c0011";

    static Client c;

    @BeforeAll
    static void start() {
        Path home = Path.of(System.getProperty(NativeRuntime.HOME_PROPERTY));
        List<String> console = new CopyOnWriteArrayList<>();
        c = Client.of(Client.builder(console).taDir(home.resolve("ta")), console);
    }

    @AfterAll
    static void stop() {
        c.close();
    }

    @ParameterizedTest(name = "command {0}")
    @ValueSource(ints = {0, 1})
    void gp11CallsPassInTheTa(int command) {
        int s = c.openOk(GP11CRYPTO);
        CallFrame f = new CallFrame();
        f.session = s;
        f.command = command;
        f.paramTypes = ParamTypes.pack(ParamType.MEMREF_OUTPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
        byte[] why = new byte[256];
        f.buffer[0] = why;
        f.size[0] = why.length;
        c.world.invokeCommand(f);
        String text = new String(why, StandardCharsets.US_ASCII).replaceAll("\u0000.*", "");
        assertEquals(TeeResult.SUCCESS.code(), f.result, "result 0x" + Integer.toHexString(f.result) + ": " + text
                + "\n" + String.join("\n", c.console));
        c.close(s);
    }
}
