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

    private FlowRefusal(Reason reason) {
        super(reason.result, Origin.COMMS, false, reason.message);
    }

    /** One way of refusing, worded once: each refusal for it is then a single small object. */
    static final class Reason {
        private final TeeResult result;
        private final String message;

        Reason(TeeResult result, String why) {
            this.result = result;
            this.message = message(result, Origin.COMMS, why);
        }

        FlowRefusal refusal() {
            return new FlowRefusal(this);
        }
    }
}
