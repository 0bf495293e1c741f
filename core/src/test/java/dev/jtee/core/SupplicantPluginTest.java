package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.TaParams;
import dev.jtee.ta.TaSessionHandle;
import dev.jtee.ta.TeeApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tee-supplicant's plugins behind the system pseudo-TA's SUPP_PLUGIN_INVOKE (what a C TA's
 * tee_invoke_supp_plugin sends, xtest 1033): a plugin built here by gcc against jtee's
 * tee_plugin_method.h, loaded from the world's plugin directory, called from a TA with the
 * parameters OP-TEE's libutee passes (the plugin's TEE_UUID as the C struct lies in memory).
 */
class SupplicantPluginTest {
    static final String TA = "99999999-0000-0000-0000-0000000000c1";
    static final String PLUGIN = "6d2b3e58-1c4a-4f3e-9b7d-0a1b2c3d4e5f";
    static final int CALL = 100;
    static final String SOURCE = """
            #include <string.h>
            #include <tee_plugin_method.h>
            static unsigned int inits;
            static TEEC_Result init(void) { inits++; return TEEC_SUCCESS; }
            /* 1: the number of inits so far; 2: adds the two u32s in place (sub_cmd '+') or subtracts;
               3: replaces the bytes with their sum; 4: writes a text, GENERIC if it does not fit */
            static TEEC_Result invoke(unsigned int cmd, unsigned int sub_cmd, void *data, size_t in_len, size_t *out_len)
            {
                    unsigned int *v = data;
                    unsigned char *d = data, sum = 0;
                    static const char text[] = "from the plugin";
                    switch (cmd) {
                    case 1: memcpy(data, &inits, sizeof(inits)); *out_len = sizeof(inits); return TEEC_SUCCESS;
                    case 2: v[0] = sub_cmd == '+' ? v[0] + v[1] : v[0] - v[1]; *out_len = 4; return TEEC_SUCCESS;
                    case 3: for (size_t i = 0; i < in_len; i++) sum += d[i]; d[0] = sum; *out_len = 1; return TEEC_SUCCESS;
                    case 4: if (in_len < sizeof(text)) return TEEC_ERROR_GENERIC;
                            memcpy(data, text, sizeof(text)); *out_len = sizeof(text); return TEEC_SUCCESS;
                    default: return TEEC_ERROR_NOT_SUPPORTED;
                    }
            }
            struct plugin_method plugin_method = {
                    .name = "jtee-test",
                    .uuid = { 0x6d2b3e58, 0x1c4a, 0x4f3e, { 0x9b, 0x7d, 0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f } },
                    .init = init,
                    .invoke = invoke,
            };
            """;

    @TempDir
    Path dir;
    final ScriptTa.Script script = new ScriptTa.Script();
    Client c;

    @BeforeEach
    void start() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path src = dir.resolve("plugin.c");
        Files.writeString(src, SOURCE);
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-I", include().toString(), src.toString(),
                "-o", plugins.resolve(PLUGIN + ".plugin").toString()).redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc: " + out);
        Files.writeString(plugins.resolve("README"), "not a plugin");
        c = Client.start(w -> w.threads(2).supplicantPlugins(plugins).ta(() -> script.newTa(TestTa.manifest(TA, "plugin-caller", 0))));
    }

    /** jtee's libteec headers, where tee_plugin_method.h is (the repository's native/libteec/include). */
    private static Path include() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("native/libteec/include"))) {
            p = p.getParent();
        }
        assertTrue(p != null, "native/libteec/include not found above " + Path.of("").toAbsolutePath());
        return p.resolve("native/libteec/include");
    }

    @AfterEach
    void stop() {
        c.world.close();
    }

    private void run(ScriptTa.Body body) {
        script.on(CALL, body);
        int s = c.openOk(TA);
        CallFrame f = c.invoke(s, CALL);
        script.rethrow();
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        c.close(s);
    }

    /** SUPP_PLUGIN_INVOKE as libutee sends it; {@code data} in and out; returns the length the plugin answered. */
    private static int invoke(TaSessionHandle h, String plugin, int cmd, int subCmd, byte[] data) {
        long uuid = TeeApi.malloc(16, 0);
        long buf = data.length == 0 ? 0 : TeeApi.malloc(data.length, 0);
        try {
            TeeApi.write(uuid, SystemPtaTest.uuidStruct(TeeUuid.parse(plugin)), 0, 16);
            if (buf != 0) {
                TeeApi.write(buf, data, 0, data.length);
            }
            TaParams p = TaParams.none().memref(0, ParamType.MEMREF_INPUT, uuid, 16).value(1, ParamType.VALUE_INPUT, cmd, subCmd)
                    .memref(2, ParamType.MEMREF_INOUT, buf, data.length).value(3, ParamType.VALUE_OUTPUT, 0, 0);
            TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, SystemPta.SUPP_PLUGIN_INVOKE, p);
            if (buf != 0) {
                TeeApi.read(buf, data, 0, data.length);
            }
            return p.a(3);
        } finally {
            TeeApi.free(uuid);
            TeeApi.free(buf);
        }
    }

    private static TaSessionHandle openSystem() {
        return TeeApi.openTASession(TeeUuid.parse(SystemPta.UUID), TeeApi.TIMEOUT_INFINITE, TaParams.none());
    }

    @Test
    void aTaReachesThePluginByUuidWithDataBothWays() {
        run((session, params) -> {
            TaSessionHandle h = openSystem();
            byte[] n = new byte[4];
            assertEquals(4, invoke(h, PLUGIN, 1, 0, n));
            assertEquals(1, n[0], "init ran once, when the world loaded the plugin");
            byte[] v = {20, 0, 0, 0, 10, 0, 0, 0};
            assertEquals(4, invoke(h, PLUGIN, 2, '+', v));
            assertEquals(30, v[0]);
            v[0] = 20;
            invoke(h, PLUGIN, 2, '-', v);
            assertEquals(10, v[0]);
            byte[] arr = {0, 1, 2, 3, 4, 5};
            assertEquals(1, invoke(h, PLUGIN, 3, 0, arr));
            assertEquals(15, arr[0]);
            byte[] text = new byte[64];
            assertEquals(16, invoke(h, PLUGIN, 4, 0, text));
            assertArrayEquals("from the plugin\0".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(text, 16));
            TeeApi.closeTASession(h);
            return TeeResult.SUCCESS;
        });
        assertTrue(c.console.stream().anyMatch(l -> l.contains("supplicant plugin 'jtee-test' " + PLUGIN + " loaded")), c.console.toString());
        assertTrue(c.console.stream().anyMatch(l -> l.contains("README skipped")), "a file that is no plugin is one line: " + c.console);
    }

    @Test
    void thePluginsOwnErrorsAnUnknownPluginAndBadParametersReachTheTa() {
        run((session, params) -> {
            TaSessionHandle h = openSystem();
            assertEquals(TeeResult.GENERIC, failure(() -> invoke(h, PLUGIN, 4, 0, new byte[3])), "the plugin's result");
            assertEquals(TeeResult.NOT_SUPPORTED, failure(() -> invoke(h, PLUGIN, 9, 0, new byte[0])));
            assertEquals(TeeResult.ITEM_NOT_FOUND, failure(() -> invoke(h, "00000000-0000-0000-0000-000000000000", 1, 0, new byte[4])),
                    "tee-supplicant's answer for a UUID no plugin has");
            long shortUuid = TeeApi.malloc(8, 0);
            assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE,
                    SystemPta.SUPP_PLUGIN_INVOKE, TaParams.none().memref(0, ParamType.MEMREF_INPUT, shortUuid, 8)
                            .value(1, ParamType.VALUE_INPUT, 1, 0).memref(2, ParamType.MEMREF_INOUT, 0, 0)
                            .value(3, ParamType.VALUE_OUTPUT, 0, 0))), "a UUID is 16 bytes");
            assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE,
                    SystemPta.SUPP_PLUGIN_INVOKE, TaParams.none())), "OP-TEE's parameter types only");
            TeeApi.free(shortUuid);
            TeeApi.closeTASession(h);
            return TeeResult.SUCCESS;
        });
    }

    private static TeeResult failure(Runnable r) {
        TeeException e = assertThrows(TeeException.class, r::run);
        assertEquals(Origin.TRUSTED_APP, e.origin(), "the pseudo-TA's own answer");
        return e.result();
    }
}
