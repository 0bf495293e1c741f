package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Internal Core API's objects, crypto and storage from a C TA (issue 17): the gpcrypto test TA
 * (ta-native/ta/gpcrypto) runs KATs and GP error-code checks in the TA through the real TA host,
 * each GP call served by the world's engine (NativeApiCalls); a failed check answers GENERIC with
 * the TA source line in p0.a.
 */
class NativeGpCryptoTest {
    static final String GPCRYPTO = "9c0a17e0-0017-4e6e-8a7f-6a7b1e5c0017";
    static final int TRANSIENT = 0;
    static final int DIGEST = 1;
    static final int AES_GCM = 2;
    static final int HMAC = 3;
    static final int STORE = 4;
    static final int LOAD = 5;
    static final int DELETE = 6;
    static final int BAD_HANDLE = 7;
    static final int ENCRYPT = 8;

    static Client c;
    static final List<PanicReport> panics = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        Path home = Path.of(System.getProperty(NativeRuntime.HOME_PROPERTY));
        List<String> console = new CopyOnWriteArrayList<>();
        c = Client.of(Client.builder(console).taDir(home.resolve("ta")), console);
        c.world.onPanic(panics::add);
    }

    @AfterAll
    static void stop() {
        c.close();
    }

    private static CallFrame call(int session, int command, byte[] in, byte[] in2, byte[] out) {
        CallFrame f = new CallFrame();
        f.session = session;
        f.command = command;
        f.paramTypes = ParamTypes.pack(ParamType.VALUE_OUTPUT, in == null ? ParamType.NONE : ParamType.MEMREF_INPUT,
                in2 != null ? ParamType.MEMREF_INPUT : out != null ? ParamType.MEMREF_OUTPUT : ParamType.NONE, ParamType.NONE);
        if (in != null) {
            f.buffer[1] = in;
            f.size[1] = in.length;
        }
        byte[] third = in2 != null ? in2 : out;
        if (third != null) {
            f.buffer[2] = third;
            f.size[2] = third.length;
        }
        c.world.invokeCommand(f);
        return f;
    }

    private static void passes(int command) {
        int s = c.openOk(GPCRYPTO);
        CallFrame f = call(s, command, null, null, null);
        assertEquals(TeeResult.SUCCESS.code(), f.result,
                "command " + command + " failed at gpcrypto_ta.c line " + f.valueA[0] + "\n" + c.consoleText());
        c.close(s);
    }

    @Test
    void transientObjectsAndAttributes() {
        passes(TRANSIENT);
    }

    @Test
    void sha256KatAndShortBufferWithTheNeededSize() {
        passes(DIGEST);
    }

    @Test
    void aesGcmKatAndMacInvalid() {
        passes(AES_GCM);
    }

    @Test
    void hmacSha256KatAndCompareFinal() {
        passes(HMAC);
    }

    /** 64 KiB through the shared memory both ways, checked against the JDK's AES-GCM. */
    @Test
    void aesGcmOfALargeBufferMatchesTheJdk() throws Exception {
        byte[] plain = new byte[64 << 10];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i * 31);
        }
        int s = c.openOk(GPCRYPTO);
        byte[] out = new byte[plain.length + 16];
        CallFrame f = call(s, ENCRYPT, plain, null, out);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(out.length, f.size[2]);
        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"), new GCMParameterSpec(128, new byte[12]));
        assertArrayEquals(jdk.doFinal(plain), out);
        c.close(s);
    }

    @Test
    void persistentObjectsSurviveTheInstanceAndDelete() {
        byte[] id = "jtee-17n-object".getBytes(StandardCharsets.US_ASCII);
        byte[] data = "persistent bytes from a C TA".getBytes(StandardCharsets.US_ASCII);
        int s = c.openOk(GPCRYPTO);
        call(s, DELETE, id, null, null); // a leftover of an earlier run
        Client.assertResult(TeeResult.ITEM_NOT_FOUND, Origin.TRUSTED_APP, call(s, LOAD, id, null, new byte[64]));
        CallFrame f = call(s, STORE, id, data, null);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        c.close(s); // the single instance ends: the object is in storage, not in the host
        s = c.openOk(GPCRYPTO);
        byte[] back = new byte[64];
        f = call(s, LOAD, id, null, back);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(data.length, f.valueA[0]);
        assertArrayEquals(data, Arrays.copyOf(back, data.length));
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, call(s, DELETE, id, null, null));
        Client.assertResult(TeeResult.ITEM_NOT_FOUND, Origin.TRUSTED_APP, call(s, DELETE, id, null, null));
        c.close(s);
    }

    /** A handle the TA never had: OP-TEE's libutee panics (BAD_PARAMETERS from the syscall); the instance dies. */
    @Test
    void aBadOperationHandlePanicsTheTa() {
        int before = panics.size();
        int s = c.openOk(GPCRYPTO);
        CallFrame f = call(s, BAD_HANDLE, null, null, null);
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, f);
        assertTrue(panics.size() > before, "a panic report");
        assertEquals(TeeResult.BAD_PARAMETERS.code(), panics.get(panics.size() - 1).code(), c.consoleText());
        assertTrue(c.consoleHas("TEE_FreeOperation with an invalid operation handle"), c.consoleText());
        c.close(s);
        passes(DIGEST); // a new instance serves again
    }
}
