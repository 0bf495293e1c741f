package dev.jtee.junit;

import java.util.List;

/**
 * What the secure world printed during a failed test, attached to the failure as a suppressed
 * exception so the report shows the TA's panic, its exception and the dump next to the result the
 * client saw. It has no stack trace of its own: the lines are the story.
 */
final class SecureWorldConsole extends RuntimeException {
    SecureWorldConsole(String headline, List<String> lines) {
        super(headline + (lines.isEmpty() ? "" : "\n  " + String.join("\n  ", lines)), null, false, false);
    }
}
