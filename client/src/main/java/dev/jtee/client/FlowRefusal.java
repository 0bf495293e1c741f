package dev.jtee.client;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;

/**
 * A call flow control did not let into the secure world (BUSY or CANCEL, origin COMMS): an answer,
 * not a fault, and given at up to a hundred thousand a second when many callers wait — so it carries
 * no stack trace, only the message saying why.
 */
final class FlowRefusal extends TeeException {
    FlowRefusal(TeeResult result, String why) {
        super(result, Origin.COMMS, why, false);
    }
}
