package dev.jtee.client;

import static dev.jtee.client.Fakes.assertTeeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Client identities as the Linux TEE driver derives them (tee_session_calc_client_uuid). The
 * expected UUIDs were computed independently with Python's uuid.uuid5 over the same namespace.
 */
class LoginTest extends OnFakeWorld {
    private FakeWorld.Call open(Login login, Integer connectionData) {
        ctx.openSession(Fakes.TA, login, connectionData, null).close();
        var opens = world.calls(FakeWorld.Kind.OPEN);
        return opens.get(opens.size() - 1);
    }

    @Test
    void uuidV5MatchesTheRfc4122Construction() {
        assertEquals(TeeUuid.parse("ef0180a3-13f3-5d1c-b7f5-888c0e21059a"),
                ClientIdentity.uuidV5(ClientIdentity.NAMESPACE, "uid=0".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void publicLoginSendsTheNilUuid() {
        FakeWorld.Call c = open(Login.PUBLIC, 1234);
        assertEquals(TeeUuid.NIL, c.clientUuid());
        assertEquals(Login.PUBLIC.value(), c.login());
    }

    @Test
    void userLoginDerivesFromTheEffectiveUid() {
        FakeWorld.Call c = open(Login.USER, null);
        assertEquals(Login.USER.value(), c.login());
        assertEquals(TeeUuid.parse("fc34275c-d8dd-5ba7-968b-504718363b87"), c.clientUuid(), "UUIDv5 of uid=3e8");
    }

    @Test
    void groupLoginDerivesFromTheGidInConnectionData() {
        FakeWorld.Call c = open(Login.GROUP, 100);
        assertEquals(TeeUuid.parse("d32f761e-b364-519b-be12-ed54ba663b0a"), c.clientUuid(), "UUIDv5 of gid=64");
        assertEquals(100, c.connectionData());
        // a supplementary group works too
        assertEquals(ClientIdentity.uuidV5(ClientIdentity.NAMESPACE, "gid=1b".getBytes(StandardCharsets.UTF_8)),
                open(Login.GROUP, 27).clientUuid());
    }

    @Test
    void groupLoginNeedsConnectionData() {
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.openSession(Fakes.TA, Login.GROUP, null, null));
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.openSession(Fakes.TA, Login.GROUP_APPLICATION, null, null));
        assertTrue(world.calls(FakeWorld.Kind.OPEN).isEmpty());
    }

    @Test
    void groupLoginForAGroupTheProcessIsNotInIsRefusedByTheKernel() {
        // the kernel answers EPERM, libteec maps it to GENERIC from COMMS
        assertTeeError(TeeResult.GENERIC, Origin.COMMS, () -> ctx.openSession(Fakes.TA, Login.GROUP, 4242, null));
        assertTeeError(TeeResult.GENERIC, Origin.COMMS, () -> ctx.openSession(Fakes.TA, Login.GROUP, -1, null));
        assertTrue(world.calls(FakeWorld.Kind.OPEN).isEmpty());
    }

    @Test
    void applicationLoginsDeriveFromTheExecutablePath() {
        assertEquals(TeeUuid.parse("52a3d6f2-537b-5851-b4bd-ddc5e8d63c14"), open(Login.APPLICATION, null).clientUuid());
        assertEquals(TeeUuid.parse("19dc6e8f-930a-5640-85ca-4e22a07a147c"), open(Login.USER_APPLICATION, null).clientUuid());
        assertEquals(TeeUuid.parse("325082f1-a8f2-56e5-b6e2-cd2a0792ee02"), open(Login.GROUP_APPLICATION, 100).clientUuid());
    }

    @Test
    void identitiesAreDeterministicAndDistinct() {
        TeeUuid user = open(Login.USER, null).clientUuid();
        assertEquals(user, open(Login.USER, null).clientUuid());
        assertNotEquals(user, open(Login.GROUP, 100).clientUuid());
        assertNotEquals(user, open(Login.USER_APPLICATION, null).clientUuid());
    }

    @Test
    void trustedAppIsNotAClientLogin() {
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.openSession(Fakes.TA, Login.TRUSTED_APP, null, null));
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.openSession(Fakes.TA, null, null, null));
        assertTrue(world.calls(FakeWorld.Kind.OPEN).isEmpty());
    }

    @Test
    void unknownCredentialsFailAsTheKernelWould() {
        ClientIdentity nobody = new ClientIdentity(new ClientIdentity.Credentials(null, null, null, null));
        assertTeeError(TeeResult.GENERIC, Origin.COMMS, () -> nobody.clientUuid(Login.USER, null));
        assertTeeError(TeeResult.GENERIC, Origin.COMMS, () -> nobody.clientUuid(Login.APPLICATION, null));
        assertEquals(TeeUuid.NIL, nobody.clientUuid(Login.PUBLIC, null));
    }

    @Test
    void thisProcessHasAUserIdentity() {
        ClientIdentity.Credentials self = ClientIdentity.system().credentials();
        if (self.euid() != null) {
            String name = "uid=" + Long.toHexString(self.euid());
            assertEquals(ClientIdentity.uuidV5(ClientIdentity.NAMESPACE, name.getBytes(StandardCharsets.UTF_8)),
                    ClientIdentity.system().clientUuid(Login.USER, null));
        }
        if (self.egid() != null) {
            // the own effective group is always allowed
            ClientIdentity.system().clientUuid(Login.GROUP, self.egid().intValue());
        }
        assertTrue(self.euid() != null || !System.getProperty("os.name").toLowerCase().contains("linux"),
                "on Linux the uid is known");
    }
}
