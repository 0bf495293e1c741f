package dev.jtee.ta;

import dev.jtee.api.Login;
import dev.jtee.api.TeeUuid;

/** {@code TEE_Identity}: how a client logged in and its UUID ({@code gpd.client.identity}). */
public record Identity(Login login, TeeUuid uuid) {
    /** {@code "login:uuid"}, the string form of the property, login in hex as OP-TEE prints it. */
    @Override
    public String toString() {
        return Integer.toHexString(login.value()) + ":" + uuid;
    }
}
