package dev.logshipper.parse;

import static dev.logshipper.parse.TestInputs.feed;
import static dev.logshipper.parse.TestInputs.input;
import static dev.logshipper.parse.TestInputs.multiline;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.JsonFormatConfig;
import dev.logshipper.config.ShipperConfig.MultilineRule;
import dev.logshipper.multiline.FlushReason;
import dev.logshipper.record.ParsedRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordAssemblerTest {

    private final Recorder recorder = new Recorder();
    private final CountingListener counts = new CountingListener();

    private RecordAssembler assembler(InputConfig input) {
        return new RecordAssembler("test.log", input, recorder, recorder, counts);
    }

    private RecordAssembler raw() {
        return assembler(input(Format.RAW, multiline(MultilineRule.NONE)));
    }

    // ---- raw ----

    @Test
    void readTimesReachTheEnrichStageBeforeTheirLines() {
        RecordAssembler a = raw();
        a.onRead(1_000);
        a.onLine("one".getBytes(StandardCharsets.UTF_8), 0, 3, 0, 4);
        a.onRead(2_000);
        a.onLine("two".getBytes(StandardCharsets.UTF_8), 0, 3, 4, 8);
        assertEquals(List.of(List.of(1_000L, 0L), List.of(2_000L, 1L)),
                recorder.reads.stream().map(r -> List.of(r[0], r[1])).toList());
        assertEquals(2, recorder.records.size());
    }

    @Test
    void rawLinesAreRecordsAtOnceWithTheirRanges() {
        RecordAssembler a = raw();
        long end = feed(a, "one\ntwo\n");
        assertEquals(List.of("one", "two"), recorder.messages());
        assertEquals(0, recorder.records.get(0).record().startOffset());
        assertEquals(4, recorder.records.get(0).record().endOffset());
        assertEquals(ParsedRecord.NO_TIMESTAMP, recorder.records.get(0).record().timestampMillis());
        assertEquals(Map.of(), recorder.records.get(0).record().fields());
        recorder.assertCoverage(end);
        assertEquals(2, counts.linesIn);
        assertEquals(2, counts.recordsOut);
    }

    @Test
    void trailingCarriageReturnIsRemovedAndBlankLinesAreSkipped() {
        RecordAssembler a = raw();
        long end = feed(a, "dos line\r\n\n\r\nnext\n");
        assertEquals(List.of("dos line", "next"), recorder.messages());
        assertEquals(2, counts.blankSkipped);
        recorder.assertCoverage(end);
        assertTrue(recorder.ranges.get(1).skipped);
    }

    @Test
    void leadingNulsAreStrippedButInnerNulsAreKept() {
        RecordAssembler a = raw();
        long end = feed(a, "\0\0\0after truncate\nkeep\0inner\n\0\0\n");
        assertEquals(List.of("after truncate", "keep\0inner"), recorder.messages());
        assertEquals(5, counts.nulsStripped);
        assertEquals(1, counts.blankSkipped);
        recorder.assertCoverage(end);
    }

    @Test
    void invalidUtf8IsReplacedAndCounted() {
        RecordAssembler a = raw();
        byte[] line = {'a', (byte) 0xFF, 'b', (byte) 0xE2, (byte) 0x82, 'c', (byte) 0xC3, (byte) 0xA9, '\n'};
        long end = feed(a, line, 0);
        assertEquals(List.of("a\uFFFDb\uFFFDcé"), recorder.messages());
        assertEquals(2, counts.utf8Replacements);
        recorder.assertCoverage(end);
    }

    // ---- json ----

    private RecordAssembler json(String messageKey, String timeKey, String timeFormat) {
        return assembler(input(Format.JSON, new JsonFormatConfig(messageKey, Optional.ofNullable(timeKey), timeFormat),
                multiline(MultilineRule.NONE)));
    }

    @Test
    void jsonMessageAndOtherFieldsAreSeparated() {
        RecordAssembler a = json("message", null, "iso8601");
        feed(a, "{\"level\":\"info\",\"message\":\"hello\",\"n\":1.50,\"ctx\":{\"a\":[1,2]}}\n");
        ParsedRecord r = recorder.records.getFirst().record();
        assertEquals("hello", recorder.messages().getFirst());
        assertEquals(List.of("level", "n", "ctx"), List.copyOf(r.fields().keySet()));
        assertEquals("1.50", r.fields().get("n").toString(), "floats keep their exact text");
        assertEquals(Map.of("a", List.of(1, 2)), r.fields().get("ctx"));
    }

    @Test
    void jsonDefaultKeyFallsBackToMsgThenLogButAnExplicitKeyDoesNot() {
        RecordAssembler a = json("message", null, "iso8601");
        feed(a, "{\"msg\":\"from msg\"}\n{\"log\":\"from log\",\"x\":1}\n{\"x\":2}\n");
        assertEquals(List.of("from msg", "from log", "{\"x\":2}"), recorder.messages());
        assertEquals(Map.of("x", 2), recorder.records.get(2).record().fields(), "no message member: fields kept");

        Recorder other = new Recorder();
        RecordAssembler b = new RecordAssembler("t", input(Format.JSON,
                new JsonFormatConfig("text", Optional.empty(), "iso8601"), multiline(MultilineRule.NONE)),
                other, other, RecordStageListener.NONE);
        feed(b, "{\"msg\":\"ignored\"}\n{\"text\":\"chosen\"}\n");
        assertEquals(List.of("{\"msg\":\"ignored\"}", "chosen"), other.messages());
    }

    @Test
    void jsonNonStringMessageBecomesItsJsonText() {
        RecordAssembler a = json("message", null, "iso8601");
        feed(a, "{\"message\":{\"k\":\"v\"}}\n{\"message\":42}\n");
        assertEquals(List.of("{\"k\":\"v\"}", "42"), recorder.messages());
    }

    @Test
    void jsonTimeIsParsedInEachFormatAndRemovedFromFields() {
        long expected = 1_735_787_045_123L; // 2025-01-02T03:04:05.123Z
        record Case(String format, String value) { }
        List<Case> cases = List.of(
                new Case("iso8601", "\"2025-01-02T03:04:05.123456Z\""),
                new Case("iso8601", "\"2025-01-02T05:04:05.123+02:00\""),
                new Case("epoch_millis", "1735787045123"),
                new Case("epoch_millis", "\"1735787045123\""),
                new Case("epoch_seconds", "1735787045.123"),
                new Case("epoch_seconds", "1735787045.1239"),
                new Case("epoch_seconds", "\"1735787045.123\""),
                new Case("dd/MM/yyyy HH:mm:ss.SSS", "\"02/01/2025 03:04:05.123\""),
                new Case("yyyy-MM-dd HH:mm:ss.SSSXXX", "\"2025-01-02 04:04:05.123+01:00\""));
        for (Case c : cases) {
            Recorder rec = new Recorder();
            RecordAssembler a = new RecordAssembler("t", input(Format.JSON,
                    new JsonFormatConfig("message", Optional.of("ts"), c.format()), multiline(MultilineRule.NONE)),
                    rec, rec, RecordStageListener.NONE);
            feed(a, "{\"ts\":" + c.value() + ",\"message\":\"m\",\"k\":1}\n");
            ParsedRecord r = rec.records.getFirst().record();
            assertEquals(expected, r.timestampMillis(), c.toString());
            assertEquals(Map.of("k", 1), r.fields(), c.toString());
        }
        Recorder rec = new Recorder();
        new RecordAssembler("t", input(Format.JSON, new JsonFormatConfig("message", Optional.of("ts"), "epoch_seconds"),
                multiline(MultilineRule.NONE)), rec, rec, RecordStageListener.NONE)
                .onLine("{\"ts\":1,\"message\":\"m\"}".getBytes(StandardCharsets.UTF_8), 0, 22, 0, 23);
        assertEquals(1000, rec.records.getFirst().record().timestampMillis());
    }

    @Test
    void unparsableJsonTimeIsKeptInFieldsAndCounted() {
        RecordAssembler a = json("message", "time", "iso8601");
        feed(a, "{\"time\":\"yesterday\",\"message\":\"m\"}\n");
        ParsedRecord r = recorder.records.getFirst().record();
        assertFalse(r.hasTimestamp());
        assertEquals(Map.of("time", "yesterday"), r.fields());
        assertEquals(1, counts.timestampFailures);
    }

    @Test
    void linesThatAreNotJsonObjectsAreShippedRawAndCounted() {
        RecordAssembler a = json("message", null, "iso8601");
        long end = feed(a, "plain text\n[1,2]\n{\"message\":\"ok\"} trailing\n{\"message\":\"fine\"}\n{broken\n");
        assertEquals(List.of("plain text", "[1,2]", "{\"message\":\"ok\"} trailing", "fine", "{broken"),
                recorder.messages());
        assertEquals(4, counts.parseFailures);
        recorder.assertCoverage(end);
    }

    // ---- cri ----

    @Test
    void criLineFieldsAreDecoded() {
        RecordAssembler a = assembler(input(Format.CRI, multiline(MultilineRule.NONE)));
        long end = feed(a, "2016-10-06T00:17:09.669794202Z stdout F The content of the log entry 1\n"
                + "2016-10-06T00:17:10.113242941+02:00 stderr F:x second\n"
                + "2016-10-06T00:17:10.113242941Z stdout F\n"
                + "2016-10-06T00:17:10.113242941Z stdout F \n");
        assertEquals(List.of("The content of the log entry 1", "second"), recorder.messages());
        assertEquals("stdout", recorder.records.get(0).record().stream());
        assertEquals("stderr", recorder.records.get(1).record().stream());
        assertEquals(1_475_713_029_669L, recorder.records.get(0).record().timestampMillis());
        assertEquals(1_475_713_030_113L - 7_200_000, recorder.records.get(1).record().timestampMillis());
        assertEquals(2, counts.blankSkipped, "empty F lines produce no record");
        recorder.assertCoverage(end);
    }

    @Test
    void malformedCriLinesAreShippedRawAndCounted() {
        RecordAssembler a = assembler(input(Format.CRI, multiline(MultilineRule.NONE)));
        List<String> bad = List.of("no spaces", "notatime stdout F x", "2016-10-06T00:17:09Z stdin F x",
                "2016-10-06T00:17:09Z stdout X x", "2016-10-06T00:17:09Z stdout PF x", "2016-13-06T00:17:09Z stdout F x");
        long end = feed(a, String.join("\n", bad) + "\n");
        assertEquals(bad, recorder.messages());
        assertEquals(bad.size(), counts.parseFailures);
        recorder.records.forEach(e -> assertEquals(null, e.record().stream()));
        recorder.assertCoverage(end);
    }

    @Test
    void criPartialsAreJoinedPerStreamAcrossA16KiBSplit() {
        String big = "x".repeat(16384) + "y".repeat(16384) + "tail";
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        String ts1 = "2025-01-02T03:04:05.100000000Z";
        file.writeBytes((ts1 + " stdout P " + big.substring(0, 16384) + "\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes(("2025-01-02T03:04:05.200000000Z stderr F interleaved\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes(("2025-01-02T03:04:05.300000000Z stdout P " + big.substring(16384, 32768) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        file.writeBytes(("2025-01-02T03:04:05.400000000Z stdout F " + big.substring(32768) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        RecordAssembler a = assembler(input(Format.CRI, multiline(MultilineRule.NONE)));
        long end = feed(a, file.toByteArray(), 0);

        assertEquals(List.of("interleaved", big), recorder.messages());
        ParsedRecord joined = recorder.records.get(1).record();
        assertEquals("stdout", joined.stream());
        assertEquals(1_735_787_045_100L, joined.timestampMillis(), "the first piece's time");
        assertEquals(0, joined.startOffset());
        assertEquals(end, joined.endOffset());
        assertEquals(1, counts.partialJoins);
        // stdout piece, stderr line, stdout pieces: three tracked runs in file order
        assertEquals(3, recorder.ranges.size());
        recorder.assertCoverage(end);
    }

    @Test
    void aPartialLineLongerThanMaxBytesIsCutNotLost() {
        RecordAssembler a = assembler(input(Format.CRI, multiline(MultilineRule.NONE, null, null, 1000, 10)));
        long end = feed(a, "2025-01-02T03:04:05Z stdout P 0123456\n2025-01-02T03:04:05Z stdout P 789abcd\n"
                + "2025-01-02T03:04:05Z stdout F ef\n");
        assertEquals(List.of("0123456789abcd", "ef"), recorder.messages());
        assertEquals(1, counts.partialSplits);
        recorder.assertCoverage(end);
    }

    // ---- docker ----

    @Test
    void dockerPiecesWithoutNewlineAreJoinedPerStream() {
        RecordAssembler a = assembler(input(Format.DOCKER, multiline(MultilineRule.NONE)));
        long end = feed(a, """
                {"log":"part one, ","stream":"stdout","time":"2025-01-02T03:04:05.5Z"}
                {"log":"err line\\n","stream":"stderr","time":"2025-01-02T03:04:06Z"}
                {"log":"part two\\r\\n","stream":"stdout","time":"2025-01-02T03:04:07Z"}
                {"log":"\\n","stream":"stdout","time":"2025-01-02T03:04:07Z"}
                {"log":"tab\\tand \\"quotes\\" \\u00e9\\n","stream":"stdout","time":"bad","attrs":{"a":"b"}}
                {"stream":"stdout"}
                """);
        assertEquals(List.of("err line", "part one, part two", "tab\tand \"quotes\" é", "{\"stream\":\"stdout\"}"),
                recorder.messages());
        assertEquals("stderr", recorder.records.get(0).record().stream());
        assertEquals("stdout", recorder.records.get(1).record().stream());
        assertEquals(1_735_787_045_500L, recorder.records.get(1).record().timestampMillis());
        assertFalse(recorder.records.get(2).record().hasTimestamp());
        assertEquals(1, counts.timestampFailures);
        assertEquals(1, counts.parseFailures, "a docker line without log is shipped raw");
        assertEquals(1, counts.blankSkipped);
        recorder.assertCoverage(end);
    }

    // ---- multiline ----

    @Test
    void aStaleRecordIsEmittedOnTickNeverDropped() {
        RecordAssembler a = assembler(input(Format.RAW, multiline(MultilineRule.JAVA)));
        long end = feed(a, "ERROR failed\njava.lang.IllegalStateException: x\n\tat A.b(A.java:1)\n");
        assertEquals(List.of(), recorder.messages(), "held while the trace may continue");
        a.onTick(1_000);               // first tick starts the clock for lines read before it
        a.onTick(5_999);
        assertEquals(List.of(), recorder.messages());
        a.onTick(6_000);
        assertEquals(List.of("ERROR failed\njava.lang.IllegalStateException: x\n\tat A.b(A.java:1)"), recorder.messages());
        assertEquals(1, counts.flushed(FlushReason.TIMEOUT));
        assertEquals(1, counts.joined);
        recorder.assertCoverage(end);
    }

    @Test
    void aNewLineRestartsTheTimeout() {
        RecordAssembler a = assembler(input(Format.RAW, multiline(MultilineRule.JAVA)));
        a.onTick(0);
        feed(a, "ERROR failed\n");
        a.onTick(4_000);
        feed(a, "\tat A.b(A.java:1)\n".getBytes(StandardCharsets.UTF_8), 13);
        a.onTick(8_999);
        assertEquals(List.of(), recorder.messages());
        a.onTick(9_000);
        assertEquals(List.of("ERROR failed\n\tat A.b(A.java:1)"), recorder.messages());
    }

    @Test
    void aDanglingCriPartialIsEmittedOnTimeout() {
        RecordAssembler a = assembler(input(Format.CRI, multiline(MultilineRule.NONE)));
        a.onTick(0);
        long end = feed(a, "2025-01-02T03:04:05Z stderr P never finished\n");
        a.onTick(5_000);
        assertEquals(List.of("never finished"), recorder.messages());
        recorder.assertCoverage(end);
    }

    @Test
    void maxLinesSplitsARecordWithoutLosingLines() {
        RecordAssembler a = assembler(input(Format.RAW, multiline(MultilineRule.REGEX, "^S", null, 3, 1_000_000)));
        long end = feed(a, "S1\n c1\n c2\n c3\n c4\n c5\n c6\nS2\n");
        a.flush();
        assertEquals(List.of("S1\n c1\n c2", " c3\n c4\n c5", " c6", "S2"), recorder.messages());
        assertEquals(2, counts.flushed(FlushReason.MAX_LINES));
        assertEquals(1, counts.flushed(FlushReason.FLUSH));
        recorder.assertCoverage(end);
    }

    @Test
    void maxBytesSplitsBeforeTheLineThatWouldOverflowAndAnOversizedLineGoesAlone() {
        RecordAssembler a = assembler(input(Format.RAW, multiline(MultilineRule.REGEX, "^S", null, 1000, 12)));
        long end = feed(a, "S12345\n c123\n c4\n averyveryverylongline\nS2\n");
        a.flush();
        assertEquals(List.of("S12345\n c123", " c4", " averyveryverylongline", "S2"), recorder.messages());
        recorder.messages().forEach(m -> assertTrue(m.length() <= 12 || !m.contains("\n"), m));
        // "S12345\n c123" reaches 12 bytes exactly; " c4" cannot take the long line; the long line alone is over
        assertEquals(3, counts.flushed(FlushReason.MAX_BYTES));
        recorder.assertCoverage(end);
    }

    @Test
    void streamsAreJoinedSeparately() {
        RecordAssembler a = assembler(input(Format.CRI, multiline(MultilineRule.JAVA)));
        long end = feed(a, """
                2025-01-02T03:04:05Z stdout F ERROR boom
                2025-01-02T03:04:05Z stderr F unrelated stderr line
                2025-01-02T03:04:05Z stdout F java.lang.RuntimeException: boom
                2025-01-02T03:04:05Z stderr F \tat looks.Like(AFrame.java:1)
                2025-01-02T03:04:05Z stdout F \tat A.b(A.java:1)
                2025-01-02T03:04:05Z stdout F INFO next
                """);
        a.flush();
        // "INFO next" completes the stdout trace; flush() then emits stdout's open record before stderr's
        assertEquals(List.of("ERROR boom\njava.lang.RuntimeException: boom\n\tat A.b(A.java:1)", "INFO next",
                "unrelated stderr line\n\tat looks.Like(AFrame.java:1)"), recorder.messages());
        assertEquals(List.of("stdout", "stdout", "stderr"),
                recorder.records.stream().map(e -> e.record().stream()).toList());
        recorder.assertCoverage(end);
    }

    @Test
    void regexWithStartAndContinueEmitsUnmatchedLinesAlone() {
        RecordAssembler a = assembler(input(Format.RAW, multiline(MultilineRule.REGEX, "^\\[", "^\\s", 1000, 100_000)));
        long end = feed(a, "[1] start\n  cont\nloose\n  orphan cont\n[2] start\n  cont\n");
        a.flush();
        assertEquals(List.of("[1] start\n  cont", "loose", "  orphan cont", "[2] start\n  cont"), recorder.messages());
        recorder.assertCoverage(end);
    }

    @Test
    void regexWithContinueOnlyJoinsIndentedLines() {
        RecordAssembler a = assembler(input(Format.RAW, multiline(MultilineRule.REGEX, null, "^\\s", 1000, 100_000)));
        long end = feed(a, "a\n b\nc\nd\n e\n");
        a.flush();
        assertEquals(List.of("a\n b", "c", "d\n e"), recorder.messages());
        recorder.assertCoverage(end);
    }

    @Test
    void jsonMessagesAreJoinedKeepingTheFirstLinesTimeAndFields() {
        RecordAssembler a = assembler(input(Format.JSON,
                new JsonFormatConfig("message", Optional.of("t"), "epoch_millis"), multiline(MultilineRule.JAVA)));
        long end = feed(a, "{\"t\":5,\"message\":\"ERROR x\",\"lvl\":\"e\"}\n{\"t\":6,\"message\":\"\\tat A.b(A.java:1)\"}\n");
        a.flush();
        ParsedRecord r = recorder.records.getFirst().record();
        assertEquals("ERROR x\n\tat A.b(A.java:1)", recorder.messages().getFirst());
        assertEquals(5, r.timestampMillis());
        assertEquals(Map.of("lvl", "e"), r.fields());
        recorder.assertCoverage(end);
    }

    @Test
    void anInterruptedHandOverLeavesTheRecordUnacknowledgedAndKeepsTheFlag() {
        Recorder tracker = new Recorder();
        RecordAssembler a = new RecordAssembler("t", input(Format.RAW, multiline(MultilineRule.NONE)), tracker,
                (record, ack) -> { throw new InterruptedException(); }, counts);
        try {
            a.onLine("x".getBytes(StandardCharsets.UTF_8), 0, 1, 0, 2);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, counts.abandoned);
        assertEquals(1, tracker.ranges.size());
        assertEquals(0, tracker.ranges.getFirst().acked);
    }

    @Test
    void flushEmitsEverythingHeld() {
        RecordAssembler a = assembler(input(Format.CRI, multiline(MultilineRule.PYTHON)));
        long end = feed(a, "2025-01-02T03:04:05Z stdout F Traceback (most recent call last):\n"
                + "2025-01-02T03:04:05Z stderr P half\n");
        a.flush();
        assertEquals(List.of("Traceback (most recent call last):", "half"), recorder.messages());
        assertArrayEquals(new long[] {0, end}, new long[] {recorder.ranges.getFirst().start, recorder.ranges.getLast().end});
        recorder.assertCoverage(end);
    }
}
