package dev.jtee.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import picocli.CommandLine;

/** Parameter values as the commands take them: u32s in decimal or 0x hex, bytes as hex or @file. */
final class CliArgs {
    private CliArgs() {
    }

    static int parseU32(CommandLine cmd, String s) {
        try {
            long v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s.trim());
            if (v < Integer.MIN_VALUE || v > 0xFFFFFFFFL) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(cmd, "not a u32: " + s);
        }
    }

    static byte[] bytes(CommandLine cmd, String in) throws IOException {
        if (in.startsWith("@")) {
            return Files.readAllBytes(Path.of(in.substring(1)));
        }
        try {
            return HexFormat.of().parseHex(in);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--in wants hex bytes or @file: " + in);
        }
    }
}
