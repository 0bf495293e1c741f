package dev.jtee.daemon;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.ClientUuids;
import java.nio.charset.StandardCharsets;

/**
 * The TA-visible client identity of an OpenSession over the socket, derived from the peer's
 * credentials exactly as the Linux driver derives it from the calling process (whatever identity
 * the client might claim is ignored). Stateless.
 */
final class Identities {
    /** The kernel's INVALID_GID. */
    private static final int INVALID_GID = -1;

    private Identities() {
    }

    /**
     * Sets {@code g.clientUuid} for {@code g.login}; returns 0, or a GP result (origin COMMS, as the
     * kernel's refusals reach libteec) when the login cannot be granted.
     */
    static int derive(CallFrame g, PeerCredentials peer) {
        Login login;
        try {
            login = Login.of(g.login);
        } catch (IllegalArgumentException e) {
            return TeeResult.BAD_PARAMETERS.code();
        }
        long gid = 0;
        switch (login) {
            case TRUSTED_APP -> {
                return TeeResult.BAD_PARAMETERS.code();
            }
            case USER, USER_APPLICATION -> {
                if (peer.uid() == -1) {
                    return TeeResult.GENERIC.code();
                }
            }
            case GROUP, GROUP_APPLICATION -> {
                gid = g.connectionData & 0xFFFFFFFFL;
                if (g.connectionData == INVALID_GID || !peer.inGroup(gid)) {
                    return TeeResult.GENERIC.code(); // EPERM
                }
            }
            default -> {
            }
        }
        if ((login == Login.APPLICATION || login == Login.USER_APPLICATION || login == Login.GROUP_APPLICATION)
                && peer.application() == null) {
            return TeeResult.GENERIC.code();
        }
        String name = ClientUuids.name(login, Integer.toUnsignedLong(peer.uid()), gid, peer.application());
        if (name != null && name.getBytes(StandardCharsets.UTF_8).length >= ClientUuids.MAX_NAME) {
            return TeeResult.GENERIC.code(); // E2BIG
        }
        g.clientUuid = name == null ? TeeUuid.NIL : ClientUuids.of(name);
        return 0;
    }

    static int origin() {
        return Origin.COMMS.value();
    }
}
