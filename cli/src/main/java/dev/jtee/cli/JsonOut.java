package dev.jtee.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --json} form of a command's answer: one JSON document on standard output, for scripts. */
final class JsonOut {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOut() {
    }

    static void print(PrintStream out, Object value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A GP result as scripts compare it: the name, the code in hex, the origin. */
    static Map<String, Object> result(TeeResult result, Origin origin) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result.name());
        m.put("code", String.format("0x%08x", result.code()));
        m.put("origin", origin.name());
        return m;
    }
}
