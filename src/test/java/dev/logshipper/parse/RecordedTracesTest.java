package dev.logshipper.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.MultilineConfig;
import dev.logshipper.config.ShipperConfig.MultilineRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in multiline rules (and equivalent start regexps) on stack traces recorded from real JVM,
 * CPython and Go programs (src/test/resources/traces, see its README), in every line format. Each case
 * lists the expected records as {first line number (1-based), number of lines}.
 */
class RecordedTracesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {firstLine, lineCount} per record. */
    private static final int[][] JAVA_RULE = {{1, 1}, {2, 17}, {19, 1}, {20, 15}, {35, 1}, {36, 2}};
    private static final int[][] JAVA_TIMESTAMP_REGEX = {{1, 1}, {2, 17}, {19, 1}, {20, 15}, {35, 3}};
    private static final int[][] PYTHON_RULE = {{1, 1}, {2, 8}, {10, 1}, {11, 18}, {29, 1}, {30, 15}, {45, 8}};
    private static final int[][] GO_RULE = {{1, 1}, {2, 1}, {3, 1}, {4, 24}};
    private static final int[][] GO_TIMESTAMP_REGEX = {{1, 1}, {2, 1}, {3, 25}};

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Format format : Format.values()) {
            cases.add(Arguments.of("java-stderr.txt", format, TestInputs.multiline(MultilineRule.JAVA), JAVA_RULE));
            cases.add(Arguments.of("java-stderr.txt", format, regex("^\\d{4}-\\d{2}-\\d{2}T"), JAVA_TIMESTAMP_REGEX));
            cases.add(Arguments.of("python-stderr.txt", format, TestInputs.multiline(MultilineRule.PYTHON), PYTHON_RULE));
            cases.add(Arguments.of("python-stderr.txt", format, regex("^(INFO|ERROR|WARNING):"), PYTHON_RULE));
            cases.add(Arguments.of("go-stderr.txt", format, TestInputs.multiline(MultilineRule.GO), GO_RULE));
            cases.add(Arguments.of("go-stderr.txt", format, regex("^\\d{4}/\\d{2}/\\d{2} "), GO_TIMESTAMP_REGEX));
        }
        return cases.stream();
    }

    private static MultilineConfig regex(String start) {
        return TestInputs.multiline(MultilineRule.REGEX, start, null, MultilineConfig.DEFAULT_MAX_LINES,
                MultilineConfig.DEFAULT_MAX_BYTES);
    }

    @ParameterizedTest(name = "{0} as {1} with {2}")
    @MethodSource("cases")
    void recordBoundaries(String fixture, Format format, MultilineConfig multiline, int[][] expected) throws IOException {
        List<String> lines = Arrays.asList(new String(read(fixture), StandardCharsets.UTF_8).split("\n", -1));
        lines = lines.subList(0, lines.size() - 1); // the file ends with a newline
        // Wrap every recorded line in the format, remembering each wrapped line's file range.
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        long[] lineStart = new long[lines.size() + 1];
        for (int i = 0; i < lines.size(); i++) {
            lineStart[i] = file.size();
            file.writeBytes(wrap(format, lines.get(i)).getBytes(StandardCharsets.UTF_8));
            file.write('\n');
        }
        lineStart[lines.size()] = file.size();

        Recorder recorder = new Recorder();
        RecordAssembler assembler = TestInputs.assembler(TestInputs.input(format, multiline), recorder);
        long end = TestInputs.feed(assembler, file.toByteArray(), 0);
        assembler.flush();

        assertEquals(expected.length, recorder.records.size(), () -> "records: " + recorder.messages());
        for (int r = 0; r < expected.length; r++) {
            int first = expected[r][0] - 1;
            int count = expected[r][1];
            var emitted = recorder.records.get(r);
            String joined = String.join("\n", lines.subList(first, first + count));
            assertEquals(joined, emitted.message(), "record " + r);
            assertEquals(lineStart[first], emitted.record().startOffset(), "start of record " + r);
            assertEquals(lineStart[first + count], emitted.record().endOffset(), "end of record " + r);
            String expectedStream = format == Format.CRI || format == Format.DOCKER ? "stderr" : null;
            assertEquals(expectedStream, emitted.record().stream());
        }
        recorder.assertCoverage(end);
    }

    private static String wrap(Format format, String line) throws IOException {
        return switch (format) {
            case RAW -> line;
            case CRI -> "2025-01-02T03:04:05.123456789Z stderr F " + line;
            case DOCKER -> JSON.writeValueAsString(Map.of("log", line + "\n", "stream", "stderr",
                    "time", "2025-01-02T03:04:05.123456789Z"));
            case JSON -> JSON.writeValueAsString(Map.of("message", line));
        };
    }

    static byte[] read(String fixture) throws IOException {
        try (InputStream in = RecordedTracesTest.class.getResourceAsStream("/traces/" + fixture)) {
            return in.readAllBytes();
        }
    }

    /** Two recorded traces printed back to back with no log line between: the second header starts a record. */
    @org.junit.jupiter.api.Test
    void backToBackJavaTracesAreSeparateRecords() throws IOException {
        List<String> lines = Arrays.asList(new String(read("java-stderr.txt"), StandardCharsets.UTF_8).split("\n"));
        List<String> first = lines.subList(2, 18);   // java.lang.RuntimeException ... "... 7 more"
        List<String> second = lines.subList(20, 34); // java.lang.Exception ... "... 8 more"
        Recorder recorder = new Recorder();
        RecordAssembler assembler = TestInputs.assembler(
                TestInputs.input(Format.RAW, TestInputs.multiline(MultilineRule.JAVA)), recorder);
        long end = TestInputs.feed(assembler, String.join("\n", first) + "\n" + String.join("\n", second) + "\n");
        assembler.flush();
        assertEquals(List.of(String.join("\n", first), String.join("\n", second)), recorder.messages());
        recorder.assertCoverage(end);
    }
}
