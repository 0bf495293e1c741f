package dev.jtee.cli;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import picocli.CommandLine;

/**
 * How the commands report what went wrong: one line naming the command and the problem, then at
 * most one hint line; exit 2 for a usage error (picocli's {@link CommandLine.ExitCode#USAGE}), 1
 * for a failure.
 */
final class CliErrors {
    static final int FAILURE = 1;

    private CliErrors() {
    }

    /** A usage error: the line, then where to read how the command is used (not the whole usage). */
    static int usage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        String message = oneLine(e.getMessage());
        if (message.startsWith("Missing required subcommand") && !cmd.getSubcommands().isEmpty()) {
            message += ": " + String.join(", ", cmd.getSubcommands().keySet()); // which ones there are
        }
        err.println(name + ": " + message);
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            List<String> s = u.getSuggestions();
            err.println("did you mean " + String.join(" or ", s.subList(0, Math.min(3, s.size()))) + "? see: " + name + " --help");
        } else {
            err.println("see: " + name + " --help");
        }
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /** A failure while running: the line, and the stack trace only when asked for. */
    static int failure(Exception e, CommandLine cmd, boolean debug) {
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + describe(e));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    /** What a user can act on: the file and what is wrong with it, rather than an exception's class name. */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        String why = switch (e) {
            case NoSuchFileException n -> "no such file or directory";
            case AccessDeniedException a -> "permission denied";
            case NotDirectoryException n -> "not a directory";
            case FileAlreadyExistsException f -> "already exists";
            case FileSystemException f -> f.getReason() != null ? lowerFirst(f.getReason()) : "cannot use it";
            case FileNotFoundException f -> f.getMessage();
            case BindException b -> "address in use (" + b.getMessage() + ")";
            default -> e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
        };
        return oneLine(file != null ? file + ": " + why : why);
    }

    /** The OS's "Not a directory" reads as the rest of a line: "x: not a directory". */
    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
