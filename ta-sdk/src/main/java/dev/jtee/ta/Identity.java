package dev.jtee.ta;

import dev.jtee.api.Login;
import dev.jtee.api.TeeUuid;

/** {@code TEE_Identity}: how a client logged in and its UUID ({@code gpd.client.identity}). */
public record Identity(Login login, TeeUuid uuid) {
    /** {@code "login:uuid"}, the string form of the property; the login in decimal as libutee prints it ({@code %u}). */
    @Override
    public String toString() {
        return Integer.toUnsignedString(login.value()) + ":" + uuid;
    }
}
