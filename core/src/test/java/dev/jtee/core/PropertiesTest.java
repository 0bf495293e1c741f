package dev.jtee.core;

import static dev.jtee.core.Client.assertResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.Identity;
import dev.jtee.ta.PropSet;
import dev.jtee.ta.PropertyRead;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TeeTime;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reference facts §2: property sets, their types and string forms, time and random. */
class PropertiesTest {
    static final String UUID = "66666666-0000-0000-0000-000000000001";
    static final TeeUuid CLIENT = TeeUuid.parse("12345678-9abc-def0-1234-56789abcdef0");

    @Test
    void propertiesOfTheTaTheClientAndTheTee() {
        TaManifest m = TaManifest.builder(UUID, "props").flags(TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION)
                .stackSize(8192).dataSize(65536).version("2.1").description("a property test TA")
                .property("my.bool", true).property("my.u32", 0xFFFFFFFF).property("my.u64", 42L)
                .property("my.blob", "Hello world!".getBytes(StandardCharsets.US_ASCII))
                .property("my.uuid", CLIENT).property("my.identity", new Identity(Login.USER, CLIENT))
                .property("my.string", "text")
                .build();
        ScriptTa.Script script = new ScriptTa.Script().on(1, (session, params) -> {
            PropSet ta = PropSet.CURRENT_TA;
            assertEquals(TeeUuid.parse(UUID), TeeApi.getPropertyAsUuid(ta, "gpd.ta.appID"));
            assertTrue(TeeApi.getPropertyAsBool(ta, "gpd.ta.singleInstance"));
            assertTrue(TeeApi.getPropertyAsBool(ta, "gpd.ta.multiSession"));
            assertFalse(TeeApi.getPropertyAsBool(ta, "gpd.ta.instanceKeepAlive"));
            assertEquals(65536, TeeApi.getPropertyAsU32(ta, "gpd.ta.dataSize"));
            assertEquals(8192, TeeApi.getPropertyAsU32(ta, "gpd.ta.stackSize"), "TA_STACK_SIZE, without the framework's 2 KiB");
            assertEquals("2.1", TeeApi.getPropertyAsString(ta, "gpd.ta.version"));
            assertEquals("a property test TA", TeeApi.getPropertyAsString(ta, "gpd.ta.description"));
            assertEquals(0, TeeApi.getPropertyAsU32(ta, "gpd.ta.endian"));
            assertEquals("true", TeeApi.getPropertyAsString(ta, "my.bool"));
            assertEquals("false", TeeApi.getPropertyAsString(ta, "gpd.ta.instanceKeepAlive"));
            assertEquals("4294967295", TeeApi.getPropertyAsString(ta, "my.u32"), "u32 as unsigned decimal");
            assertEquals(42L, TeeApi.getPropertyAsU64(ta, "my.u64"));
            assertEquals("SGVsbG8gd29ybGQh", TeeApi.getPropertyAsString(ta, "my.blob"), "binary block as base64");
            assertArrayEquals("Hello world!".getBytes(StandardCharsets.US_ASCII), TeeApi.getPropertyAsBinaryBlock(ta, "my.blob"));
            assertEquals(CLIENT.toString(), TeeApi.getPropertyAsString(ta, "my.uuid"));
            assertEquals("1:" + CLIENT, TeeApi.getPropertyAsString(ta, "my.identity"));
            List<String> names = TeeApi.propertyNames(ta);
            assertEquals("gpd.ta.appID", names.get(0));
            assertTrue(names.containsAll(List.of("gpd.ta.singleInstance", "gpd.ta.multiSession", "gpd.ta.instanceKeepAlive",
                    "gpd.ta.dataSize", "gpd.ta.stackSize", "gpd.ta.version", "gpd.ta.description", "gpd.ta.endian",
                    "my.bool", "my.u32", "my.u64", "my.blob", "my.uuid", "my.identity", "my.string")), names.toString());

            PropSet client = PropSet.CURRENT_CLIENT;
            Identity id = TeeApi.getPropertyAsIdentity(client, "gpd.client.identity");
            assertEquals(new Identity(Login.APPLICATION, CLIENT), id);
            assertEquals("4:" + CLIENT, TeeApi.getPropertyAsString(client, "gpd.client.identity"), "login:uuid, login as %u");
            assertEquals(0, TeeApi.getPropertyAsU32(client, "gpd.client.endian"));

            PropSet tee = PropSet.TEE_IMPLEMENTATION;
            assertEquals("GPD-1.1-dev", TeeApi.getPropertyAsString(tee, "gpd.tee.apiversion"));
            assertEquals("OPTEE", TeeApi.getPropertyAsString(tee, "gpd.tee.description"));
            assertEquals(0x01030100, TeeApi.getPropertyAsU32(tee, "gpd.tee.internalCore.version"));
            assertEquals(TeeApi.getPropertyAsUuid(tee, "gpd.tee.deviceID"), TeeApi.getPropertyAsUuid(tee, "gpd.tee.deviceID"));
            assertEquals(2048, TeeApi.getPropertyAsU32(tee, "gpd.tee.arith.maxBigIntSize"));
            assertTrue(TeeApi.getPropertyAsBool(tee, "gpd.tee.cryptography.ecc"));
            for (PropSet set : PropSet.values()) {
                for (String name : TeeApi.propertyNames(set)) {
                    TeeApi.getPropertyAsString(set, name); // every property has a string form
                }
            }

            // failures: TeeException with origin TEE
            TeeException missing = assertThrows(TeeException.class, () -> TeeApi.getPropertyAsString(ta, "no.such"));
            assertEquals(TeeResult.ITEM_NOT_FOUND, missing.result());
            assertEquals(Origin.TEE, missing.origin());
            assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, () -> TeeApi.getPropertyAsU32(ta, "my.string")).result());
            assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, () -> TeeApi.getPropertyAsBool(ta, "my.u32")).result());
            assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, () -> TeeApi.getPropertyAsU64(ta, "my.u32")).result());
            assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, () -> TeeApi.getPropertyAsUuid(ta, "my.bool")).result());
            assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, () -> TeeApi.getPropertyAsIdentity(ta, "my.uuid")).result());
            assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, () -> TeeApi.getPropertyAsBinaryBlock(ta, "my.string")).result());

            // buffer forms: NUL-terminated strings, SHORT_BUFFER with the length needed
            long buf = TeeApi.malloc(64, TeeApi.MALLOC_FILL_ZERO);
            PropertyRead shortRead = TeeApi.getPropertyAsString(ta, "my.string", buf, 4);
            assertEquals(new PropertyRead(TeeResult.SHORT_BUFFER, 5), shortRead);
            assertEquals(new PropertyRead(TeeResult.SUCCESS, 5), TeeApi.getPropertyAsString(ta, "my.string", buf, 5));
            byte[] got = new byte[5];
            TeeApi.read(buf, got, 0, 5);
            assertArrayEquals(new byte[] {'t', 'e', 'x', 't', 0}, got);
            assertEquals(new PropertyRead(TeeResult.ITEM_NOT_FOUND, 0), TeeApi.getPropertyAsString(ta, "no.such", buf, 64));
            assertEquals(new PropertyRead(TeeResult.SHORT_BUFFER, 12), TeeApi.getPropertyAsBinaryBlock(ta, "my.blob", buf, 11));
            assertEquals(new PropertyRead(TeeResult.SUCCESS, 12), TeeApi.getPropertyAsBinaryBlock(ta, "my.blob", buf, 64));
            assertEquals(new PropertyRead(TeeResult.BAD_FORMAT, 0), TeeApi.getPropertyAsBinaryBlock(ta, "my.string", buf, 64));
            TeeApi.free(buf);

            // time and random
            TeeTime t1 = TeeApi.getSystemTime();
            assertEquals(TeeResult.SUCCESS, TeeApi.waitFor(2));
            TeeTime t2 = TeeApi.getSystemTime();
            assertTrue(t2.toMillis() >= t1.toMillis() + 2, t1 + " then " + t2);
            assertTrue(t2.millis() >= 0 && t2.millis() < 1000);
            long r = TeeApi.malloc(32, TeeApi.MALLOC_FILL_ZERO);
            TeeApi.generateRandom(r, 32);
            byte[] random = new byte[32];
            TeeApi.read(r, random, 0, 32);
            assertFalse(java.util.Arrays.equals(new byte[32], random));
            TeeApi.free(r);
            return TeeResult.SUCCESS;
        });
        Client c = Client.start(b -> b.ta(() -> script.newTa(m)));
        try {
            CallFrame o = new CallFrame();
            o.uuid = TeeUuid.parse(UUID);
            o.login = Login.APPLICATION.value();
            o.clientUuid = CLIENT;
            c.world.openSession(o);
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, o);
            CallFrame f = c.invoke(o.session, 1);
            script.rethrow();
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        } finally {
            c.world.close();
        }
    }

    @Test
    void teeApiOutsideAnEntryPointIsRefused() {
        assertThrows(IllegalStateException.class, () -> TeeApi.malloc(1, 0));
    }
}
