package dev.logshipper.names;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloudWatchNamesTest {

    static Stream<Arguments> groups() {
        return Stream.of(
                Arguments.of("/aws/containerinsights/demo/app", "/aws/containerinsights/demo/app"),
                Arguments.of("a.b-c_d/e#f", "a.b-c_d/e#f"),
                Arguments.of("my group:*name", "my_group__name"),
                // one '_' per character, not per UTF-16 unit or byte
                Arguments.of("caf\u00e9/\uD83D\uDE00", "caf_/_"),
                Arguments.of("tab\tnl\n", "tab_nl_"),
                Arguments.of("aws/lambda/x", "/aws/lambda/x"),
                Arguments.of("awsx/y", "awsx/y"),
                Arguments.of("", "unknown"),
                Arguments.of("a".repeat(600), "a".repeat(512)),
                // the added '/' still respects the limit
                Arguments.of("aws/" + "b".repeat(600), "/aws/" + "b".repeat(507)));
    }

    @ParameterizedTest
    @MethodSource("groups")
    void logGroup(String raw, String expected) {
        assertEquals(expected, CloudWatchNames.logGroup(raw));
    }

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("web-0/app", "web-0/app"),
                Arguments.of("pod:container*x", "pod_container_x"),
                Arguments.of("spaces and caf\u00e9 \uD83D\uDE00 ok", "spaces and caf\u00e9 \uD83D\uDE00 ok"),
                Arguments.of("nul\u0000nl\nbell\u0007", "nul_nl_bell_"),
                Arguments.of("lone\uD800surrogate", "lone_surrogate"),
                Arguments.of("", "unknown"),
                Arguments.of("x".repeat(513), "x".repeat(512)),
                // 511 ASCII + a 2-byte char would be 513 bytes: the char is dropped, not split
                Arguments.of("x".repeat(511) + "\u00e9", "x".repeat(511)),
                // 510 + a 4-byte emoji would be 514: dropped whole, never half a surrogate pair
                Arguments.of("x".repeat(510) + "\uD83D\uDE00", "x".repeat(510)),
                Arguments.of("x".repeat(508) + "\uD83D\uDE00", "x".repeat(508) + "\uD83D\uDE00"),
                Arguments.of("\u65e5".repeat(200), "\u65e5".repeat(170)));
    }

    @ParameterizedTest
    @MethodSource("streams")
    void logStream(String raw, String expected) {
        String actual = CloudWatchNames.logStream(raw);
        assertEquals(expected, actual);
        assertTrue(actual.getBytes(StandardCharsets.UTF_8).length <= 512);
    }
}
