package dev.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code --json}: one JSON document on standard output that a script reads without parsing text. */
class JsonOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(CliRun r) throws Exception {
        return JSON.readTree(r.out());
    }

    @Test
    void invokeGivesResultOriginAndOutputs() throws Exception {
        CliRun r = CliRun.run("invoke", "hello_world", "0", "--value", "42", "--json", "--quiet-tee");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode j = json(r);
        assertEquals("TEE_SUCCESS", j.get("result").asText());
        assertEquals("0x00000000", j.get("code").asText());
        assertEquals("TRUSTED_APP", j.get("origin").asText());
        assertEquals("8aaaf200-2450-11e4-abe2-0002a5d5c51b", j.get("uuid").asText());
        assertEquals(43, j.get("outputs").get(0).get("a").asLong());
        assertEquals("VALUE_INOUT", j.get("outputs").get(0).get("type").asText());

        CliRun bad = CliRun.run("invoke", "hello_world", "7", "--value", "1", "--json", "--quiet-tee");
        assertEquals(1, bad.exit());
        assertEquals("TEE_ERROR_BAD_PARAMETERS", json(bad).get("result").asText());
        assertEquals("0xffff0006", json(bad).get("code").asText());

        CliRun missing = CliRun.run("invoke", "no_such_ta", "0", "--json", "--quiet-tee");
        assertEquals(1, missing.exit());
        assertEquals("TEE_ERROR_ITEM_NOT_FOUND", json(missing).get("result").asText());
        assertEquals("open", json(missing).get("stage").asText());
    }

    @Test
    void taListGivesEveryTa() throws Exception {
        CliRun r = CliRun.run("ta", "list", "--json", "--quiet-tee");
        assertEquals(0, r.exit(), r.err());
        boolean found = false;
        for (JsonNode ta : json(r).get("tas")) {
            if (ta.get("name").asText().equals("sims")) {
                found = true;
                assertEquals("e6a33ed4-562b-463a-bb7e-ff5e15a493c8", ta.get("uuid").asText());
                assertEquals("SINGLE_INSTANCE", ta.get("flags").get(0).asText());
                assertEquals("MULTI_SESSION", ta.get("flags").get(1).asText());
            }
        }
        assertTrue(found, r.out());
        assertTrue(json(r).get("refused").isArray());
    }

    @Test
    void taProfileGivesTheVerdict() throws Exception {
        CliRun failed = CliRun.run("ta", "profile", "hello_world", "--command", "0", "--json", "--quiet-tee");
        assertEquals(1, failed.exit(), failed.out() + failed.err());
        JsonNode j = json(failed);
        assertEquals("CALLS_FAILED", j.get("verdict").asText());
        assertEquals(11, j.get("calls").asInt());
        assertEquals(10, j.get("failedCalls").size());
        CliRun ok = CliRun.run("ta", "profile", "hello_world", "--command", "0", "--value", "1", "--json", "--quiet-tee");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertEquals("OK", json(ok).get("verdict").asText());
        assertEquals(2048, json(ok).get("stack").get("declared").asLong());
    }

    @Test
    void stressGivesTheSummary() throws Exception {
        CliRun r = CliRun.run("stress", "hello_world", "0", "--value", "1", "--callers", "1", "--duration", "200ms", "--json", "--quiet-tee");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode j = json(r);
        assertEquals("jtee stress", j.get("tool").asText());
        assertEquals(1, j.get("steps").size());
    }
}
