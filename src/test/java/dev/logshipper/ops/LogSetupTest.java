package dev.logshipper.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipper's own log lines: exactly one line per event, as text or as JSON, whatever the message holds. */
class LogSetupTest {

    private static LogRecord record(String message, Throwable thrown) {
        LogRecord r = new LogRecord(Level.WARNING, message);
        r.setLoggerName("dev.logshipper.parse.RecordAssembler");
        r.setInstant(java.time.Instant.parse("2026-01-02T03:04:05Z"));
        r.setThrown(thrown);
        return r;
    }

    @Test
    void textIsOneLineEvenWithNewlinesAndAStackTrace() {
        String line = new LogSetup.TextLineFormatter().format(record("first\nsecond",
                new IllegalStateException("outer", new java.io.IOException("inner"))));
        assertEquals("2026-01-02T03:04:05Z WARN RecordAssembler: first second | java.lang.IllegalStateException: outer"
                + " caused by java.io.IOException: inner\n", line);
    }

    @Test
    void jsonIsOneParsableObjectPerLine() throws IOException {
        String message = "quote \" backslash \\ tab \t newline \n control \u0001 unicode é";
        String line = new LogSetup.JsonLineFormatter().format(record(message, new RuntimeException("boom")));
        assertTrue(line.endsWith("}\n"));
        assertEquals(1, line.split("\n", -1).length - 1, line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("2026-01-02T03:04:05Z", json.get("time").asText());
        assertEquals("WARN", json.get("level").asText());
        assertEquals("RecordAssembler", json.get("logger").asText());
        assertEquals(message, json.get("message").asText());
        assertEquals("java.lang.RuntimeException: boom", json.get("error").asText());
    }

    @Test
    void levelsMapBothWays() {
        assertEquals(Level.WARNING, LogSetup.toJul("warn"));
        assertEquals(Level.FINE, LogSetup.toJul("debug"));
        assertEquals("ERROR", LogSetup.levelName(Level.SEVERE));
        assertEquals("TRACE", LogSetup.levelName(Level.FINEST));
    }
}
