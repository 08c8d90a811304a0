package dev.logshipper.filter;

import dev.logshipper.record.ParsedRecord;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** keep, drop, rename, remove and throttle as configured in YAML, with their counters and acknowledgements. */
class FilterStageTest {

    @Test
    void dropByMessageRegexDropsMatchesAcknowledgesAndCountsThem() throws Exception {
        Harness h = new Harness("""
                    filters:
                      - drop: {message: 'GET /(healthz|readyz) '}
                """);
        assertFalse(h.offer("10.0.0.1 GET /healthz 200"));
        assertFalse(h.offer("10.0.0.1 GET /readyz 200"));
        assertTrue(h.offer("10.0.0.1 GET /api/orders 200"));
        assertEquals(2, h.delivered);
        assertEquals(2, h.listener.count("app/filters[0].drop/match"));
    }

    @Test
    void aPlainTextRegexIsMatchedAsBytesAnywhereInTheMessageIncludingNonAscii() throws Exception {
        Harness h = new Harness("""
                    filters:
                      - drop: {message: 'GET /healthz'}
                """);
        assertFalse(h.offer("é→ GET /healthz"));
        assertTrue(h.offer("GET /healthy"));
        assertTrue(h.offer("GET /health"));
    }

    @Test
    void keepPassesOnlyMatchesAndCountsTheRestAsNoMatch() throws Exception {
        Harness h = new Harness("""
                    filters:
                      - keep: {message: 'ERROR|WARN'}
                """);
        assertTrue(h.offer("2026-01-01 ERROR boom"));
        assertFalse(h.offer("2026-01-01 INFO fine"));
        assertEquals(1, h.listener.count("app/filters[0].keep/no_match"));
    }

    @Test
    void keepByFieldDropsRecordsWithoutTheFieldUnderTheirOwnReason() throws Exception {
        Harness h = new Harness("""
                    format: json
                    filters:
                      - keep: {field: http.status, pattern: '^5'}
                """);
        assertTrue(h.offer(Harness.record("failed", null, Map.of("http", Map.of("status", 503)))));
        assertFalse(h.offer(Harness.record("ok", null, Map.of("http", Map.of("status", 200)))));
        assertFalse(h.offer(Harness.record("no http", null, Map.of("user", "x"))));
        assertEquals(1, h.listener.count("app/filters[0].keep/no_match"));
        assertEquals(1, h.listener.count("app/filters[0].keep/missing_field"));
    }

    @Test
    void aTopLevelFieldWhoseNameHasDotsIsFoundByThatName() throws Exception {
        Harness h = new Harness("""
                    format: json
                    filters:
                      - drop: {field: http.path, pattern: '^/healthz$'}
                """);
        assertFalse(h.offer(Harness.record("x", null, Map.of("http.path", "/healthz"))));
        assertFalse(h.offer(Harness.record("x", null, Map.of("http", Map.of("path", "/healthz")))));
        assertTrue(h.offer(Harness.record("x", null, Map.of("http", Map.of("path", "/healthz/deep")))));
        assertTrue(h.offer(Harness.record("x", null, Map.of())));
    }

    @Test
    void keepAndDropByStream() throws Exception {
        Harness h = new Harness("""
                    format: cri
                    filters:
                      - drop: {stream: stdout}
                """);
        assertFalse(h.offer(Harness.record("out", "stdout", Map.of())));
        assertTrue(h.offer(Harness.record("err", "stderr", Map.of())));
        Harness keep = new Harness("""
                    format: docker
                    filters:
                      - keep: {stream: STDERR}
                """);
        assertTrue(keep.offer(Harness.record("err", "stderr", Map.of())));
        assertFalse(keep.offer(Harness.record("out", "stdout", Map.of())));
    }

    @Test
    void dropByLevelFieldIgnoresCaseAndKeepsRecordsWithoutALevel() throws Exception {
        Harness h = new Harness("""
                    format: json
                    filters:
                      - drop: {level: [debug, TRACE]}
                """);
        assertFalse(h.offer(Harness.record("a", null, Map.of("level", "DEBUG"))));
        assertFalse(h.offer(Harness.record("b", null, Map.of("level", "trace"))));
        assertTrue(h.offer(Harness.record("c", null, Map.of("level", "info"))));
        assertTrue(h.offer(Harness.record("d", null, Map.of("level", "debugging"))));
        assertTrue(h.offer(Harness.record("e", null, Map.of())));
        assertEquals(2, h.listener.count("app/filters[0].drop/level"));
    }

    @Test
    void dropByLevelPatternReadsTheFirstGroupOfTheMessage() throws Exception {
        Harness h = new Harness("""
                    filters:
                      - drop: {level: [debug], levelPattern: '^\\S+ +(\\w+)'}
                """);
        assertFalse(h.offer("2026-01-01T00:00:00Z DEBUG cache miss"));
        assertTrue(h.offer("2026-01-01T00:00:00Z INFO started"));
        assertTrue(h.offer("no-level"));
    }

    @Test
    void filtersRunInOrderAndTheFirstDropEndsTheChain() throws Exception {
        Harness h = new Harness("""
                    filters:
                      - drop: {message: noise}
                      - keep: {message: 'ERROR'}
                      - redact: {builtin: [email]}
                """);
        assertFalse(h.offer("ERROR noise from a@b.example"));
        assertFalse(h.offer("INFO from a@b.example"));
        assertTrue(h.offer("ERROR from a@b.example"));
        assertEquals("ERROR from [REDACTED:email]", h.lastMessage());
        assertEquals(1, h.listener.count("app/filters[0].drop/match"));
        assertEquals(1, h.listener.count("app/filters[1].keep/no_match"));
        assertEquals(1, h.listener.count("app/email"), "the dropped records were never redacted");
    }

    @Test
    void renameAndRemoveWorkOnDottedPathsWithoutChangingTheOriginalMaps() throws Exception {
        Harness h = new Harness("""
                    format: json
                    filters:
                      - rename: {fields: {msg_level: level, http.code: http.status}}
                      - remove: {fields: [password, http.headers.cookie]}
                """);
        Map<String, Object> headers = new LinkedHashMap<>(Map.of("cookie", "c=1", "accept", "*/*"));
        Map<String, Object> http = new LinkedHashMap<>(Map.of("code", 200, "headers", headers));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("msg_level", "info");
        fields.put("password", "hunter2");
        fields.put("http", http);
        assertTrue(h.offer(Harness.record("x", null, java.util.Collections.unmodifiableMap(fields))));
        Map<String, Object> out = h.passed.getLast().fields();
        assertEquals(Map.of("level", "info", "http", Map.of("status", 200, "headers", Map.of("accept", "*/*"))), out);
        assertEquals("hunter2", fields.get("password"), "the record's own maps are not modified");
        assertEquals("c=1", headers.get("cookie"));
    }

    @Test
    void aRecordNoFilterChangesIsPassedOnAsTheSameObject() throws Exception {
        Harness h = new Harness("""
                    format: json
                    filters:
                      - drop: {message: never}
                      - redact: {}
                      - rename: {fields: {absent: present}}
                      - remove: {fields: [absent]}
                """);
        ParsedRecord record = Harness.record("plain text 2026-01-01T10:00:00.123Z seq=42", null,
                Map.of("user", "bob", "n", 7, "list", List.of("a", Map.of("b", "c"))));
        assertTrue(h.offer(record));
        assertSame(record, h.passed.getLast());
    }

    @Test
    void throttleByRecordsDropsWhatExceedsTheRateAndRefillsWithTime() throws Exception {
        Harness h = new Harness("""
                    filters:
                      - throttle: {records: 3}
                """);
        int passed = 0;
        for (int i = 0; i < 10; i++) {
            passed += h.offer("line " + i) ? 1 : 0;
        }
        assertEquals(3, passed, "one second of burst");
        assertEquals(7, h.listener.count("app/filters[0].throttle/rate"));
        assertEquals(7, h.delivered);
        h.nanos.addAndGet(1_000_000_000L / 3 + 1);
        assertTrue(h.offer("after a third of a second"));
        assertFalse(h.offer("but only one"));
    }

    @Test
    void throttleByBytesLetsOneOversizedRecordThroughAFullBucketAndThenWaitsForTheDebt() throws Exception {
        Harness h = new Harness("""
                    filters:
                      - throttle: {bytes: 100}
                """);
        assertTrue(h.offer("x".repeat(250)), "a full bucket grants a record larger than the burst");
        assertFalse(h.offer("y"));
        h.nanos.addAndGet(1_000_000_000L);
        assertFalse(h.offer("y"), "150 bytes of debt minus 100 refilled");
        h.nanos.addAndGet(1_000_000_000L);
        assertTrue(h.offer("y"));
    }

    @Test
    void anInputWithoutRecordFiltersGetsNoStage() throws Exception {
        Harness h = new Harness("""
                    message: envelope
                    filters:
                      - add: {fields: {team: a}}
                """);
        ParsedRecord record = Harness.record("x", null, Map.of());
        assertTrue(h.offer(record));
        assertSame(record, h.passed.getLast());
        assertTrue(h.listener.counts.isEmpty());
    }
}
