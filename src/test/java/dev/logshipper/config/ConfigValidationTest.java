package dev.logshipper.config;

import static dev.logshipper.config.Loading.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation error path: each YAML snippet has exactly one problem, and the message must name the key,
 * the value and what is allowed. The table doubles as the catalogue of error messages.
 */
class ConfigValidationTest {
    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                // enums
                bad("output: xml", "output: \"xml\" is not one of cloudwatch, stdout"),
                bad("inputs: [{format: xml}]", "inputs[0].format: \"xml\" is not one of raw, json, cri, docker"),
                bad("inputs: [{startAt: middle}]", "inputs[0].startAt: \"middle\" is not one of head, tail"),
                bad("inputs: [{message: full}]", "inputs[0].message: \"full\" is not one of message, envelope"),
                bad("inputs: [{multiline: {rule: ruby}}]",
                        "inputs[0].multiline.rule: \"ruby\" is not one of none, regex, java, python, go"),
                bad("cloudwatch: {outOfWindow: keep}", "cloudwatch.outOfWindow: \"keep\" is not one of clamp, drop"),
                bad("logging: {level: verbose}",
                        "logging.level: \"verbose\" is not one of error, warn, info, debug, trace"),
                bad("server: {enabled: maybe}", "server.enabled: \"maybe\" is not one of true, false"),
                // CloudWatch
                bad("cloudwatch: {retentionDays: 8}", "cloudwatch.retentionDays: 8 is not one of 1, 3, 5, 7, 14, 30,"
                        + " 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"),
                bad("cloudwatch: {retentionDays: forever}", "cloudwatch.retentionDays: \"forever\" is not a whole number"),
                bad("cloudwatch: {logGroupClass: COLD}",
                        "cloudwatch.logGroupClass: \"COLD\" is not one of STANDARD, INFREQUENT_ACCESS"),
                bad("cloudwatch: {endpoint: 'localhost:4566'}", "cloudwatch.endpoint: \"localhost:4566\" is not an"
                        + " absolute http or https URI such as https://logs.eu-west-1.amazonaws.com or http://localhost:4566"),
                bad("cloudwatch: {endpoint: 'ftp://example.com'}", "cloudwatch.endpoint: \"ftp://example.com\" is not an"
                        + " absolute http or https URI such as https://logs.eu-west-1.amazonaws.com or http://localhost:4566"),
                bad("cloudwatch: {endpoint: /logs}", "cloudwatch.endpoint: \"/logs\" is not an absolute http or https"
                        + " URI such as https://logs.eu-west-1.amazonaws.com or http://localhost:4566"),
                bad("cloudwatch: {endpoint: 'http://bad host'}", "cloudwatch.endpoint: \"http://bad host\" is not an"
                        + " absolute http or https URI such as https://logs.eu-west-1.amazonaws.com or"
                        + " http://localhost:4566 (Illegal character in authority)"),
                bad("cloudwatch: {region: us-east1}",
                        "cloudwatch.region: \"us-east1\" is not an AWS region name such as us-east-1 or eu-central-1"),
                bad("cloudwatch: {logGroup: ''}",
                        "cloudwatch.logGroup: must not be empty (default \"/aws/containerinsights/{cluster}/{namespace}\")"),
                bad("cloudwatch: {logStream: ' '}",
                        "cloudwatch.logStream: must not be empty (default \"{pod_name}/{container_name}\")"),
                bad("cloudwatch: {logGroup: 'my group!'}", "cloudwatch.logGroup: \"my group!\" contains U+0020, '!',"
                        + " which CloudWatch does not allow in a log group name; allowed are a-z A-Z 0-9 _ - / . # and"
                        + " {placeholders}"),
                bad("cloudwatch: {logGroup: 'aws/mine'}", "cloudwatch.logGroup: \"aws/mine\" starts with aws/, which"
                        + " CloudWatch reserves for AWS services; use /aws/... or another prefix"),
                bad("cloudwatch: {logGroup: '/eks/{namespace'}",
                        "cloudwatch.logGroup: \"/eks/{namespace\" has a { at position 5 that is not closed by }"),
                bad("cloudwatch: {logGroup: '/eks/namespace}'}", "cloudwatch.logGroup: \"/eks/namespace}\" has a stray }"
                        + " at position 14; placeholders look like {pod_name}"),
                bad("cloudwatch: {logStream: 'a:b'}", "cloudwatch.logStream: \"a:b\" contains ':', which CloudWatch does"
                        + " not allow in a log stream name; allowed is anything but : * and control characters"),
                bad("cloudwatch: {logGroup: '/" + "x".repeat(512) + "'}", "cloudwatch.logGroup: \"/" + "x".repeat(512)
                        + "\" has 513 bytes of fixed text; a log group name is at most 512 bytes"),
                bad("inputs: [{logGroup: 'a b'}]", "inputs[0].logGroup: \"a b\" contains U+0020, which CloudWatch does"
                        + " not allow in a log group name; allowed are a-z A-Z 0-9 _ - / . # and {placeholders}"),
                bad("inputs: [{logStream: 'x*'}]", "inputs[0].logStream: \"x*\" contains '*', which CloudWatch does not"
                        + " allow in a log stream name; allowed is anything but : * and control characters"),
                bad("inputs: [{logStream: '{pod}'}]", "inputs[0].logStream: \"{pod}\" has an unknown placeholder {pod};"
                        + " allowed: {cluster}, {namespace}, {pod_name}, {pod_uid}, {container_name}, {container_id},"
                        + " {node_name}, {input}, {file_name}, {labels.<key>}, {annotations.<key>}"),
                bad("cloudwatch: {maxInFlight: 0}", "cloudwatch.maxInFlight: 0 is not between 1 and 64"),
                bad("cloudwatch: {maxInFlight: 65}", "cloudwatch.maxInFlight: 65 is not between 1 and 64"),
                bad("cloudwatch: {maxInFlight: 2.5}", "cloudwatch.maxInFlight: 2.5 is not a whole number"),
                bad("cloudwatch: {tags: {'aws:owner': me}}",
                        "cloudwatch.tags: \"aws:owner\" is not a valid tag key; use 1 to 128 characters, not starting with aws:"),
                bad("cloudwatch: {tags: {team: '" + "v".repeat(257) + "'}}",
                        "cloudwatch.tags.team: is 257 characters long; tag values allow at most 256"),
                bad("cloudwatch: {tags: " + IntStream.range(0, 51).mapToObj(i -> "t" + i + ": v")
                        .collect(Collectors.joining(", ", "{", "}")) + "}",
                        "cloudwatch.tags: has 51 tags; CloudWatch allows at most 50"),
                bad("cloudwatch: {tags: [a, b]}", "cloudwatch.tags: expected a mapping of names to values, got a list"),
                // sizes and durations
                bad("buffer: {maxBytes: 512KiB}",
                        "buffer.maxBytes: \"512KiB\" (524288 bytes) is less than the minimum 1048576 bytes"),
                bad("buffer: {maxBytes: 16MB}", "buffer.maxBytes: \"16MB\" is not a size (decimal units are ambiguous;"
                        + " use KiB, MiB or GiB); write bytes (1048576) or a number with KiB, MiB or GiB (64KiB, 16MiB)"),
                bad("buffer: {maxBytes: 1GiB}", "buffer.maxBytes: 1GiB is more than half of the JVM heap (1GiB);"
                        + " lower it, or raise -Xmx or the container memory limit"),
                bad("tail: {maxLineBytes: 0}", "tail.maxLineBytes: 0 is not between 1 and 1048550 bytes"),
                bad("tail: {maxLineBytes: 2MiB}",
                        "tail.maxLineBytes: \"2MiB\" (2097152 bytes) is not between 1 and 1048550 bytes"),
                bad("tail: {readBufferBytes: 1KiB}",
                        "tail.readBufferBytes: \"1KiB\" (1024 bytes) is not between 4096 and 67108864 bytes"),
                bad("tail: {maxOpenFiles: 0}", "tail.maxOpenFiles: 0 is not between 1 and 65535"),
                bad("inputs: [{multiline: {maxBytes: -5}}]", "inputs[0].multiline.maxBytes: -5 is not a size;"
                        + " write bytes (1048576) or a number with KiB, MiB or GiB (64KiB, 16MiB)"),
                bad("inputs: [{multiline: {maxLines: 0}}]", "inputs[0].multiline.maxLines: 0 is less than the minimum 1"),
                bad("tail: {scanInterval: 5}", "tail.scanInterval: 5 is not a duration (a unit is required);"
                        + " write a number with a unit: 500ms, 30s, 5m, 1h, 1d (or combined, 1m30s)"),
                bad("tail: {scanInterval: 30s}", "tail.watchedScanInterval: 10s is shorter than tail.scanInterval (30s);"
                        + " it must be at least as long (it replaces the scan interval when inotify covers every tailed"
                        + " file)"),
                bad("tail: {partialLineTimeout: 0s}", "tail.partialLineTimeout: \"0s\" must be more than zero;"
                        + " write a number with a unit: 500ms, 30s, 5m, 1h, 1d (or combined, 1m30s)"),
                bad("tail: {idleCloseAfter: -1s}", "tail.idleCloseAfter: \"-1s\" is not a duration;"
                        + " write a number with a unit: 500ms, 30s, 5m, 1h, 1d (or combined, 1m30s)"),
                bad("checkpoint: {interval: soon}", "checkpoint.interval: \"soon\" is not a duration;"
                        + " write a number with a unit: 500ms, 30s, 5m, 1h, 1d (or combined, 1m30s)"),
                bad("cloudwatch: {flushInterval: 0ms}", "cloudwatch.flushInterval: \"0ms\" must be more than zero;"
                        + " write a number with a unit: 500ms, 30s, 5m, 1h, 1d (or combined, 1m30s)"),
                bad("shutdown: {deadline: 1 minute}", "shutdown.deadline: \"1 minute\" is not a duration;"
                        + " write a number with a unit: 500ms, 30s, 5m, 1h, 1d (or combined, 1m30s)"),
                // ports and addresses
                bad("server: {port: -1}", "server.port: -1 is not between 0 and 65535"),
                bad("server: {port: 65536}", "server.port: 65536 is not between 0 and 65535"),
                bad("server: {port: http}", "server.port: \"http\" is not a whole number"),
                bad("server: {bindAddress: 'a b'}",
                        "server.bindAddress: \"a b\" is not a host name or IP address such as 0.0.0.0"),
                // inputs
                bad("inputs: []", "inputs: must list at least one entry (remove the key for the default)"),
                bad("inputs: app", "inputs: expected a list, got \"app\""),
                bad("inputs: [app]", "inputs[0]: expected a mapping of keys, got \"app\""),
                bad("inputs: [{name: a}, {name: b}, {name: a}]",
                        "inputs[2].name: \"a\" is already the name of inputs[0]; every input needs a unique name"),
                bad("inputs: [{}, {include: /b/*.log}]",
                        "inputs[1].name: \"app\" is already the name of inputs[0]; every input needs a unique name"),
                bad("inputs: [{name: 'my input'}]", "inputs[0].name: \"my input\" is not a valid input name; use 1 to 63"
                        + " letters, digits, '.', '_' or '-', starting with a letter or digit"),
                bad("inputs: [{include: []}]", "inputs[0].include: must list at least one file glob, e.g. /var/log/app/*.log"),
                bad("inputs: [{include: ['/logs/[ab']}]",
                        "inputs[0].include[0]: \"/logs/[ab\" is not a valid glob: Missing ']' near index 8"),
                bad("inputs: [{exclude: ['/a/*.log', '{x']}]",
                        "inputs[0].exclude[1]: \"{x\" is not a valid glob: Missing '}' near index 1"),
                bad("inputs: [{include: [[a]]}]", "inputs[0].include[0]: expected a non-empty string, got a list"),
                bad("inputs: [{include: {a: b}}]", "inputs[0].include: expected a list of strings, got a mapping"),
                bad("inputs: [{containerName: ''}]", "inputs[0].containerName: must not be empty (default \"app\")"),
                bad("inputs: [{json: {timeFormat: 'yyyy-MM-dd ll'}}]", "inputs[0].json.timeFormat:"
                        + " \"yyyy-MM-dd ll\" is not one of iso8601, epoch_millis, epoch_seconds or a valid"
                        + " DateTimeFormatter pattern (Unknown pattern letter: l)"),
                bad("inputs: [{json: {messageKey: ''}}]",
                        "inputs[0].json.messageKey: must not be empty (default \"message\")"),
                // multiline
                bad("inputs: [{multiline: {rule: regex}}]", "inputs[0].multiline.startPattern: is required when rule is"
                        + " regex (a regular expression matching the first line of a record, e.g. ^\\d{4}-\\d{2}-\\d{2})"),
                bad("inputs: [{multiline: {rule: regex, startPattern: '^(\\d+'}}]",
                        "inputs[0].multiline.startPattern: \"^(\\\\d+\" is not a valid regular expression:"
                                + " Unclosed group near index 5"),
                bad("inputs: [{multiline: {rule: regex, startPattern: '^\\S', continuePattern: '[a'}}]",
                        "inputs[0].multiline.continuePattern: \"[a\" is not a valid regular expression:"
                                + " Unclosed character class near index 1"),
                bad("inputs: [{multiline: {rule: java, startPattern: '^\\S'}}]",
                        "inputs[0].multiline.startPattern: \"^\\\\S\" is only used when rule is regex, but rule is java"),
                bad("inputs: [{multiline: {continuePattern: '^\\s'}}]",
                        "inputs[0].multiline.continuePattern: \"^\\\\s\" is only used when rule is regex, but rule is none"),
                // paths
                bad("checkpoint: {directory: \"a\\0b\"}",
                        "checkpoint.directory: \"a\\u0000b\" is not a valid path: Nul character not allowed"),
                // shapes
                bad("tail: fast", "tail: expected a mapping of keys, got \"fast\""),
                bad("cloudwatch: {logGroup: [a]}", "cloudwatch.logGroup: expected a single value, got a list"),
                bad("cloudwatch: {kmsKeyId: 'alias/my-secret-logs-key'}", "cloudwatch.kmsKeyId: \"********-key\""
                        + " is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>)"));
    }

    private static Arguments bad(String yaml, String expectedError) {
        return Arguments.of(yaml, expectedError);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigs")
    void reportsTheKeyTheValueAndWhatIsAllowed(String yaml, String expectedError) {
        assertEquals(List.of(expectedError), errors(yaml));
    }

    @Test
    void kmsKeyIdErrorsDoNotPrintTheKey() {
        String error = errors("cloudwatch: {kmsKeyId: 'alias/my-secret-logs-key'}").getFirst();
        assertFalse(error.contains("my-secret"), error);
    }

    @Test
    void collectsEveryErrorNotJustTheFirst() {
        List<String> errors = errors("""
                inputs:
                  - name: web
                    format: xml
                    multiline: {rule: regex}
                  - name: web
                tail: {scanInterval: 5}
                cloudwatch:
                  retentionDays: 8
                  maxInFlight: 100
                  logGroupp: /x
                server: {port: 70000}
                """);
        assertEquals(8, errors.size(), String.join("\n", errors));
        List<String> keys = errors.stream().map(e -> e.substring(0, e.indexOf(':'))).toList();
        assertEquals(List.of("inputs[0].format", "inputs[0].multiline.startPattern", "inputs[1].name",
                "tail.scanInterval", "cloudwatch.retentionDays", "cloudwatch.maxInFlight", "cloudwatch.logGroupp",
                "server.port"), keys);
    }

    @Test
    void unknownKeysAreErrorsWithTheAllowedKeysAndASuggestion() {
        assertEquals(List.of("cloudwatch.logGroupp: unknown key (did you mean logGroup?); allowed keys are region,"
                        + " endpoint, logGroup, logStream, autoCreate, retentionDays, logGroupClass, kmsKeyId, tags,"
                        + " flushInterval, maxInFlight, outOfWindow, requestTimeout, maxBackoff"),
                errors("cloudwatch: {logGroupp: /x}"));
    }

    @Test
    void unknownKeysAreFoundAtEveryLevel() {
        List<String> errors = errors("""
                colour: blue
                inputs:
                  - paths: [/a]
                    multiline: {rules: java}
                    json: {messagekey: msg}
                server: {listen: 1}
                """);
        assertEquals(5, errors.size(), String.join("\n", errors));
        assertHasErrorStartingWith(errors, "colour: unknown key; allowed keys are inputs, tail, checkpoint, output,"
                + " cloudwatch, kubernetes, buffer, server, logging, shutdown");
        assertHasErrorStartingWith(errors, "inputs[0].paths: unknown key; allowed keys are name, include, exclude,");
        assertHasErrorStartingWith(errors, "inputs[0].multiline.rules: unknown key (did you mean rule?)");
        assertHasErrorStartingWith(errors, "inputs[0].json.messagekey: unknown key (did you mean messageKey?)");
        assertHasErrorStartingWith(errors, "server.listen: unknown key; allowed keys are enabled, bindAddress, port");
    }

    private static void assertHasErrorStartingWith(List<String> errors, String prefix) {
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(prefix)), prefix + " not in\n" + String.join("\n", errors));
    }

    @Test
    void anUnresolvableVariableIsAnErrorNamingTheKeyAndTheVariable() {
        assertEquals(List.of("cloudwatch.logGroup: environment variable POD_NAMESPACE is not set and"
                        + " ${POD_NAMESPACE} has no default; set POD_NAMESPACE or write ${POD_NAMESPACE:-default}"),
                errors("cloudwatch: {logGroup: '/eks/${POD_NAMESPACE}'}"));
    }

    @Test
    void malformedReferencesAreErrors() {
        assertEquals(List.of(
                        "inputs[0].include[0]: ${not-a-name} is not a valid reference; write ${VAR} or ${VAR:-default}"
                                + " (VAR is letters, digits and _)",
                        "cloudwatch.logStream: \"x-${POD\" has an unterminated ${ (write $${ for a literal ${)"),
                errors("""
                        inputs: [{include: ['/${not-a-name}/*.log']}]
                        cloudwatch: {logStream: 'x-${POD'}
                        """));
    }

    @Test
    void overriddenValuesNameTheirVariable() {
        assertEquals(List.of("server.port (from SHIPPER_SERVER_PORT): \"tcp://10.0.0.1:2020\" is not a whole number"),
                errors("", Map.of("SHIPPER_SERVER_PORT", "tcp://10.0.0.1:2020")));
        assertEquals(List.of("inputs[0].include (from SHIPPER_INPUT_INCLUDE): must list at least one file glob,"
                        + " e.g. /var/log/app/*.log"),
                errors("", Map.of("SHIPPER_INPUT_INCLUDE", " , ")));
    }

    @Test
    void anUnknownPlaceholderIsAConfigErrorNamingTheAllowedOnes() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () ->
                new ConfigLoader(java.util.Map.of(), Loading.HEAP).parse("cloudwatch: {logGroup: '/eks/{namspace}'}", "test.yaml"));
        org.junit.jupiter.api.Assertions.assertTrue(e.errors().stream().anyMatch(m -> m.startsWith("cloudwatch.logGroup")
                && m.contains("unknown placeholder {namspace}") && m.contains("namespace")), e.errors().toString());
    }
}
