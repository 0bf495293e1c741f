package dev.jtee.core;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;

/**
 * A pseudo-TA ({@code pseudo_ta_register}): a service of the core that clients and TAs open like a
 * TA, with no instance, heap or thread of its own — its entries run on the caller's secure thread.
 * Sessions are many and concurrent ({@code PTA_DEFAULT_FLAGS}: single instance, multi session,
 * keep alive).
 */
abstract class PseudoTa {
    final TeeUuid uuid;
    final String name;

    PseudoTa(String uuid, String name) {
        this.uuid = TeeUuid.parse(uuid);
        this.name = name;
    }

    /**
     * The open entry: SUCCESS, or the GP result that refuses the session (origin TRUSTED_APP).
     * {@code caller} is the opening TA's instance, null for a client.
     */
    int open(Instance caller) {
        return TeeResult.SUCCESS.code();
    }

    /**
     * Runs command {@code f.command} with the frame's parameters; writes output parameters into the
     * frame and answers a GP result code; {@code caller} is the calling TA's instance, null for a client; (origin TRUSTED_APP, as OP-TEE's {@code pseudo_ta.c} reports).
     */
    abstract int invoke(CallFrame f, Instance caller);
}
