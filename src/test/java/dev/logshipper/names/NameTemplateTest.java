package dev.logshipper.names;

import dev.logshipper.enrich.FileMetadata;
import dev.logshipper.names.NameTemplate.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NameTemplateTest {

    private static final FileMetadata FULL = new FileMetadata("eksfargate-logging-demo", "logdemo", "web-0",
            "uid-1", "fargate-ip-1", "app", "c0ffee", "spring", "application",
            Map.of("app", "appf", "app.kubernetes.io/name", "spring app"), Map.of("team", "logs"));

    private static final FileMetadata EMPTY = new FileMetadata(null, null, null, null, null, null, null,
            "spring", "application", Map.of(), Map.of());

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("/aws/containerinsights/{cluster}/{namespace}", Kind.LOG_GROUP, FULL,
                        "/aws/containerinsights/eksfargate-logging-demo/logdemo"),
                Arguments.of("{pod_name}/{container_name}", Kind.LOG_STREAM, FULL, "web-0/app"),
                Arguments.of("{pod_uid}.{container_id}.{node_name}.{input}.{file_name}", Kind.LOG_STREAM, FULL,
                        "uid-1.c0ffee.fargate-ip-1.spring.application"),
                Arguments.of("/apps/{labels.app}/{annotations.team}", Kind.LOG_GROUP, FULL, "/apps/appf/logs"),
                // label value with a space is sanitised in a group, kept in a stream
                Arguments.of("/apps/{labels.app.kubernetes.io/name}", Kind.LOG_GROUP, FULL, "/apps/spring_app"),
                Arguments.of("{labels.app.kubernetes.io/name}", Kind.LOG_STREAM, FULL, "spring app"),
                Arguments.of("springlogs", Kind.LOG_STREAM, FULL, "springlogs"),
                // missing values use the documented fallback
                Arguments.of("/aws/containerinsights/{cluster}/{namespace}", Kind.LOG_GROUP, EMPTY,
                        "/aws/containerinsights/unknown/unknown"),
                Arguments.of("{pod_name}/{container_name}/{labels.nope}", Kind.LOG_STREAM, EMPTY,
                        "unknown/unknown/unknown"),
                // a placeholder making the name start with aws/ gets a leading slash
                Arguments.of("{cluster}/x", Kind.LOG_GROUP, withCluster("aws"), "/aws/x"),
                // a field value is any text: neither checked against nor cut to CloudWatch's name rules
                Arguments.of("{labels.app.kubernetes.io/name}: *{annotations.team}*", Kind.FIELD_VALUE, FULL,
                        "spring app: *logs*"),
                Arguments.of("aws/{labels.nope}", Kind.FIELD_VALUE, EMPTY, "aws/unknown"),
                Arguments.of("{labels.v}", Kind.FIELD_VALUE, new FileMetadata(null, null, null, null, null, null, null,
                        "i", "f", Map.of("v", "x".repeat(600)), Map.of()), "x".repeat(600)));
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void renders(String template, Kind kind, FileMetadata metadata, String expected) {
        assertEquals(expected, NameTemplate.compile("k", template, kind).render(metadata));
    }

    static Stream<Arguments> badTemplates() {
        return Stream.of(
                Arguments.of("", Kind.LOG_GROUP, "is empty; a log group template looks like /aws/containerinsights/"),
                Arguments.of("/x/{pod}", Kind.LOG_GROUP, "has an unknown placeholder {pod}"),
                Arguments.of("{podname}", Kind.LOG_STREAM, "allowed: {cluster}, {namespace}, {pod_name}"),
                Arguments.of("{Pod-Name}", Kind.LOG_STREAM, "has an unknown placeholder {Pod-Name}"),
                Arguments.of("/x/{labels.}", Kind.LOG_GROUP, "has {labels.} without a key, such as {labels.app}"),
                Arguments.of("/x/{labels}", Kind.LOG_GROUP, "has an unknown placeholder {labels}"),
                Arguments.of("/x/{cluster", Kind.LOG_GROUP, "has a { at position 3 that is not closed by }"),
                Arguments.of("/x/{cl{cluster}", Kind.LOG_GROUP, "has a { at position 3 that is not closed by }"),
                Arguments.of("/x/cluster}", Kind.LOG_GROUP, "has a stray } at position 10"),
                Arguments.of("/my group!/{cluster}", Kind.LOG_GROUP, "contains U+0020, '!', which CloudWatch does not"
                        + " allow in a log group name; allowed are a-z A-Z 0-9 _ - / . # and {placeholders}"),
                Arguments.of("aws/{cluster}", Kind.LOG_GROUP, "starts with aws/, which CloudWatch reserves"),
                Arguments.of("{pod_name}:{container_name}", Kind.LOG_STREAM, "contains ':', which CloudWatch does not"
                        + " allow in a log stream name"),
                Arguments.of("{pod_name}*\u0007", Kind.LOG_STREAM, "contains '*', U+0007"),
                Arguments.of("/" + "a".repeat(512) + "/{cluster}", Kind.LOG_GROUP,
                        "has 514 bytes of fixed text; a log group name is at most 512 bytes"),
                Arguments.of("\u00e9".repeat(257), Kind.LOG_STREAM,
                        "has 514 bytes of fixed text; a log stream name is at most 512 bytes"),
                Arguments.of("", Kind.FIELD_VALUE, "is empty; a field value template looks like {labels.app}"),
                Arguments.of("{label.app}", Kind.FIELD_VALUE, "has an unknown placeholder {label.app}"),
                Arguments.of("{labels.app", Kind.FIELD_VALUE, "has a { at position 0 that is not closed by }"));
    }

    @ParameterizedTest
    @MethodSource("badTemplates")
    void reportsEachProblemSayingWhatIsAllowed(String template, Kind kind, String expectedPart) {
        String problem = NameTemplate.problem(template, kind).orElseThrow();

        assertTrue(problem.contains(expectedPart), problem);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NameTemplate.compile("cloudwatch.logGroup", template, kind));
        assertEquals("cloudwatch.logGroup: '" + template + "' " + problem, e.getMessage());
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String problem = NameTemplate.problem("aws/{a}:{b}", Kind.LOG_GROUP).orElseThrow();
        assertTrue(problem.contains("unknown placeholder {a}") && problem.contains("unknown placeholder {b}")
                && problem.contains("contains ':'") && problem.contains("starts with aws/"), problem);
    }

    @Test
    void fieldValuesHaveNoNameRules() {
        assertEquals(Optional.empty(), NameTemplate.problem("aws/a:b* c\t" + "x".repeat(600), Kind.FIELD_VALUE));
    }

    @Test
    void defaultsAreValid() {
        assertEquals(Optional.empty(), NameTemplate.problem("/aws/containerinsights/{cluster}/{namespace}", Kind.LOG_GROUP));
        assertEquals(Optional.empty(), NameTemplate.problem("{pod_name}/{container_name}", Kind.LOG_STREAM));
    }

    @Test
    void renderedNamesAreCutTo512Bytes() {
        FileMetadata longLabel = new FileMetadata(null, null, null, null, null, null, null, "i", "f",
                Map.of("v", "\u00e9".repeat(400)), Map.of());
        String stream = NameTemplate.compile("k", "{labels.v}/{labels.v}", Kind.LOG_STREAM).render(longLabel);
        assertTrue(stream.getBytes(StandardCharsets.UTF_8).length <= 512);
        assertEquals(256, stream.length(), "256 two-byte characters fit exactly");
    }

    private static FileMetadata withCluster(String cluster) {
        return new FileMetadata(cluster, null, null, null, null, null, null, "i", "f", Map.of(), Map.of());
    }
}
