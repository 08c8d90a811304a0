package dev.logshipper.enrich;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parser against the kubelet's own formatting. The fixtures under {@code podinfo/} were written by
 * {@code src/test/go/podinfofixture/main.go}, which runs the kubelet's {@code fieldpath.FormatMap}
 * ({@code fmt.Sprintf("%v=%q\n", key, value)} over sorted keys, final newline trimmed) with Go's own
 * {@code strconv.Quote}, next to {@code encoding/json} dumps of the same maps.
 */
class PodInfoFileParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @MethodSource("fixtureNames")
    void parsesWhatTheKubeletWrote(String name) throws IOException {
        byte[] written = resource(name);
        Map<String, String> expected = JSON.readValue(resource(name + ".expected.json"), new TypeReference<>() {
        });

        PodInfoFileParser.Result result = PodInfoFileParser.parse(written);

        assertEquals(List.of(), result.malformed());
        assertEquals(expected, result.entries());
        assertEquals(List.copyOf(new java.util.TreeMap<>(expected).keySet()), List.copyOf(result.entries().keySet()),
                "entries iterate in key order");
    }

    static Stream<String> fixtureNames() {
        return Stream.of("labels", "annotations");
    }

    @Test
    void fixtureReallyExercisesTheEscapes() throws IOException {
        String annotations = new String(resource("annotations"), StandardCharsets.UTF_8);
        for (String escape : List.of("\\\"", "\\\\", "\\n", "\\r", "\\t", "\\a", "\\b", "\\v", "\\f", "\\x00", "\\x7f",
                "\\xff", "\\u00a0", "\\u2028", "\\U0010fffd", "\\u200d")) {
            assertTrue(annotations.contains(escape), "fixture contains " + escape);
        }
        assertTrue(!annotations.endsWith("\n"), "FormatMap trims the final newline");
    }

    /** Single values as Go's strconv.Quote writes them (see the cases in appendEscapedRune). */
    static Stream<Arguments> quotedValues() {
        return Stream.of(
                Arguments.of("k=\"plain\"", "plain"),
                Arguments.of("k=\"\"", ""),
                Arguments.of("k=\"a=b=c\"", "a=b=c"),
                Arguments.of("k=\"say \\\"hi\\\"\"", "say \"hi\""),
                Arguments.of("k=\"back\\\\slash\"", "back\\slash"),
                Arguments.of("k=\"\\a\\b\\f\\n\\r\\t\\v\"", "\u0007\b\f\n\r\t\u000b"),
                Arguments.of("k=\"nul\\x00del\\x7f\"", "nul\u0000del\u007f"),
                Arguments.of("k=\"\\u00a0\\ufeff\"", "\u00a0\ufeff"),
                Arguments.of("k=\"\\U0001f600\"", "\uD83D\uDE00"),
                Arguments.of("k=\"caf\u00e9 \uD83D\uDE00\"", "caf\u00e9 \uD83D\uDE00"),
                // \xHH is a raw byte: a lone invalid byte decodes to U+FFFD, a valid sequence to its character.
                Arguments.of("k=\"bad\\xffbyte\"", "bad\ufffdbyte"),
                Arguments.of("k=\"\\xc3\\xa9\"", "\u00e9"),
                // Octal: never written by Quote, accepted by Unquote.
                Arguments.of("k=\"\\101\\102\"", "AB"));
    }

    @ParameterizedTest
    @MethodSource("quotedValues")
    void unquotesLikeGo(String line, String expected) {
        PodInfoFileParser.Result result = PodInfoFileParser.parse(line.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), result.malformed());
        assertEquals(Map.of("k", expected), result.entries());
    }

    @Test
    void skipsMalformedLinesAndKeepsTheRest() {
        String content = String.join("\n",
                "a=\"1\"",
                "no-equals-sign",
                "b=unquoted",
                "c=\"unknown \\q escape\"",
                "d=\"unterminated",
                "=\"empty key\"",
                "e=\"inner \" quote\"",
                "f=\"short \\x4\"",
                "g=\"surrogate \\ud800\"",
                "h=\"ends with backslash\\\"",
                "z=\"26\"");

        PodInfoFileParser.Result result = PodInfoFileParser.parse(content.getBytes(StandardCharsets.UTF_8));

        assertEquals(Map.of("a", "1", "z", "26"), result.entries());
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10),
                result.malformed().stream().map(PodInfoFileParser.MalformedLine::lineNumber).toList());
        assertEquals("no-equals-sign", result.malformed().getFirst().line());
    }

    @Test
    void emptyFileAndTrailingNewlinesAreFine() {
        assertEquals(Map.of(), PodInfoFileParser.parse(new byte[0]).entries());
        PodInfoFileParser.Result result = PodInfoFileParser.parse("a=\"1\"\r\nb=\"2\"\n\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("a", "1", "b", "2"), result.entries());
        assertEquals(List.of(), result.malformed());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PodInfoFileParserTest.class.getResourceAsStream("podinfo/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource podinfo/" + name);
            }
            return in.readAllBytes();
        }
    }
}
