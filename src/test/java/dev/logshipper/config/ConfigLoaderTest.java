package dev.logshipper.config;

import static dev.logshipper.config.Loading.errors;
import static dev.logshipper.config.Loading.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.MessageShape;
import dev.logshipper.config.ShipperConfig.MultilineRule;
import dev.logshipper.config.ShipperConfig.OutOfWindowPolicy;
import dev.logshipper.config.ShipperConfig.OutputKind;
import dev.logshipper.config.ShipperConfig.StartAt;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyFileYieldsEveryDefault() throws Exception {
        ShipperConfig c = load("");
        assertEquals(1, c.inputs().size());
        InputConfig in = c.inputs().getFirst();
        assertEquals("app", in.name());
        assertEquals(List.of("/var/log/containers/*.log"), in.include());
        assertEquals(List.of(), in.exclude());
        assertEquals(Format.RAW, in.format());
        assertEquals(MultilineRule.NONE, in.multiline().rule());
        assertEquals(StartAt.HEAD, in.startAt());
        assertEquals(Optional.empty(), in.logGroup());
        assertEquals(OutputKind.CLOUDWATCH, c.output());
        assertEquals(ShipperConfig.CloudWatchConfig.DEFAULT_LOG_GROUP, c.cloudwatch().logGroup());
        assertEquals(ShipperConfig.CloudWatchConfig.DEFAULT_MAX_IN_FLIGHT, c.cloudwatch().maxInFlight());
        assertEquals(Optional.empty(), c.cloudwatch().region());
        assertEquals(ShipperConfig.TailConfig.DEFAULT_MAX_LINE_BYTES, c.tail().maxLineBytes());
        assertEquals(ShipperConfig.CheckpointConfig.DEFAULT_DIRECTORY, c.checkpoint().directory());
        assertEquals(ShipperConfig.BufferConfig.DEFAULT_MAX_BYTES, c.buffer().maxBytes());
        assertEquals(2020, c.server().port());
        assertEquals("info", c.logging().level());
        assertEquals(Duration.ofSeconds(25), c.shutdown().deadline());
        assertEquals(EffectiveConfigPrinter.toYaml(c), EffectiveConfigPrinter.toYaml(ConfigLoader.defaults()));
    }

    @Test
    void nullValuesAndEmptySectionsMeanDefaults() throws Exception {
        ShipperConfig c = load("""
                inputs:
                tail:
                cloudwatch:
                  region:
                  maxInFlight: ~
                server: {}
                """);
        assertEquals(EffectiveConfigPrinter.toYaml(ConfigLoader.defaults()), EffectiveConfigPrinter.toYaml(c));
    }

    @Test
    void readsEveryKindOfValue() throws Exception {
        ShipperConfig c = load("""
                inputs:
                  - name: web
                    include: /var/log/app/*.log
                    exclude: [/var/log/app/debug*.log]
                    format: JSON
                    json: {messageKey: msg, timeKey: ts, timeFormat: epoch_millis}
                    multiline: {rule: regex, startPattern: '^\\d{4}-', continuePattern: '^\\s', flushTimeout: 1500ms,
                                maxLines: 50, maxBytes: 64KiB}
                    containerName: nginx
                    startAt: tail
                    logGroup: /eks/{cluster}/web
                    logStream: '{pod_name}'
                    message: envelope
                    mergeJsonLog: true
                  - name: worker
                    include: [/var/log/worker/*.log, /var/log/worker/*.txt]
                    format: cri
                tail: {scanInterval: 250ms, maxLineBytes: 256KiB, readBufferBytes: 1MiB, maxOpenFiles: 100}
                checkpoint: {directory: /data/ckpt, interval: 2s}
                output: stdout
                cloudwatch:
                  region: eu-west-1
                  endpoint: http://localhost:4566
                  autoCreate: false
                  retentionDays: 14
                  logGroupClass: infrequent_access
                  kmsKeyId: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
                  tags: {team: logs, cost-center: 42}
                  maxInFlight: 8
                  outOfWindow: drop
                  maxBackoff: 1m
                kubernetes: {cluster: prod, podInfoDirectory: /etc/pod}
                buffer: {maxBytes: 32MiB}
                server: {enabled: false, bindAddress: 127.0.0.1, port: 0}
                logging: {level: DEBUG, json: true}
                shutdown: {deadline: 1m30s}
                """);
        InputConfig web = c.inputs().get(0);
        assertEquals("web", web.name());
        assertEquals(List.of("/var/log/app/*.log"), web.include());
        assertEquals(List.of("/var/log/app/debug*.log"), web.exclude());
        assertEquals(Format.JSON, web.format());
        assertEquals("msg", web.json().messageKey());
        assertEquals(Optional.of("ts"), web.json().timeKey());
        assertEquals("epoch_millis", web.json().timeFormat());
        assertEquals(MultilineRule.REGEX, web.multiline().rule());
        assertEquals("^\\d{4}-", web.multiline().startPattern().orElseThrow().pattern());
        assertEquals("^\\s", web.multiline().continuePattern().orElseThrow().pattern());
        assertEquals(Duration.ofMillis(1500), web.multiline().flushTimeout());
        assertEquals(50, web.multiline().maxLines());
        assertEquals(65536, web.multiline().maxBytes());
        assertEquals("nginx", web.containerName());
        assertEquals(StartAt.TAIL, web.startAt());
        assertEquals(Optional.of("/eks/{cluster}/web"), web.logGroup());
        assertEquals(Optional.of("{pod_name}"), web.logStream());
        assertEquals(MessageShape.ENVELOPE, web.message());
        assertTrue(web.mergeJsonLog());
        assertEquals(List.of("/var/log/worker/*.log", "/var/log/worker/*.txt"), c.inputs().get(1).include());
        assertEquals(Format.CRI, c.inputs().get(1).format());
        assertEquals(Duration.ofMillis(250), c.tail().scanInterval());
        assertEquals(262144, c.tail().maxLineBytes());
        assertEquals(1048576, c.tail().readBufferBytes());
        assertEquals(100, c.tail().maxOpenFiles());
        assertEquals(Path.of("/data/ckpt"), c.checkpoint().directory());
        assertEquals(Duration.ofSeconds(2), c.checkpoint().interval());
        assertEquals(OutputKind.STDOUT, c.output());
        assertEquals(Optional.of("eu-west-1"), c.cloudwatch().region());
        assertEquals(Optional.of(URI.create("http://localhost:4566")), c.cloudwatch().endpoint());
        assertFalse(c.cloudwatch().autoCreate());
        assertEquals(Optional.of(14), c.cloudwatch().retentionDays());
        assertEquals(Optional.of("INFREQUENT_ACCESS"), c.cloudwatch().logGroupClass());
        assertTrue(c.cloudwatch().kmsKeyId().orElseThrow().endsWith("567890ab"));
        assertEquals(Map.of("team", "logs", "cost-center", "42"), c.cloudwatch().tags());
        assertEquals(8, c.cloudwatch().maxInFlight());
        assertEquals(OutOfWindowPolicy.DROP, c.cloudwatch().outOfWindow());
        assertEquals(Duration.ofMinutes(1), c.cloudwatch().maxBackoff());
        assertEquals(Optional.of("prod"), c.kubernetes().cluster());
        assertEquals(Path.of("/etc/pod"), c.kubernetes().podInfoDirectory());
        assertEquals(32L << 20, c.buffer().maxBytes());
        assertFalse(c.server().enabled());
        assertEquals("127.0.0.1", c.server().bindAddress());
        assertEquals(0, c.server().port());
        assertEquals("debug", c.logging().level());
        assertTrue(c.logging().json());
        assertEquals(Duration.ofSeconds(90), c.shutdown().deadline());
    }

    @Test
    void regexPatternsKeepTheirSpaces() throws Exception {
        ShipperConfig c = load("inputs: [{multiline: {rule: regex, startPattern: '^\\S', continuePattern: '  at '}}]");
        assertEquals("  at ", c.inputs().getFirst().multiline().continuePattern().orElseThrow().pattern());
    }

    @Test
    void theRecordsAreImmutable() throws Exception {
        ShipperConfig c = load("inputs: [{include: [/a/*.log]}]\ncloudwatch: {tags: {a: b}}");
        assertThrows(UnsupportedOperationException.class, () -> c.inputs().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.inputs().getFirst().include().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.cloudwatch().tags().clear());
    }

    // --- ${VAR} substitution ---

    @Test
    void substitutesVariablesInAnyStringValue() throws Exception {
        ShipperConfig c = load("""
                inputs: [{include: ['${LOG_DIR}/*.log', '/b/*.log'], containerName: '${CONTAINER_NAME}'}]
                cloudwatch: {logGroup: '/eks/${CLUSTER}/${POD_NAMESPACE}', maxInFlight: '${IN_FLIGHT}'}
                kubernetes: {cluster: '${CLUSTER}'}
                """, Map.of("LOG_DIR", "/var/log/app", "CONTAINER_NAME", "web", "CLUSTER", "prod",
                "POD_NAMESPACE", "shop", "IN_FLIGHT", "16"));
        assertEquals(List.of("/var/log/app/*.log", "/b/*.log"), c.inputs().getFirst().include());
        assertEquals("web", c.inputs().getFirst().containerName());
        assertEquals("/eks/prod/shop", c.cloudwatch().logGroup());
        assertEquals(16, c.cloudwatch().maxInFlight());
        assertEquals(Optional.of("prod"), c.kubernetes().cluster());
    }

    @Test
    void defaultsApplyWhenTheVariableIsUnsetOrEmpty() throws Exception {
        String yaml = "cloudwatch: {logGroup: '/eks/${POD_NAMESPACE:-default}', region: '${AWS_REGION:-}'}";
        assertEquals("/eks/default", load(yaml).cloudwatch().logGroup());
        assertEquals("/eks/default", load(yaml, Map.of("POD_NAMESPACE", "")).cloudwatch().logGroup());
        assertEquals("/eks/shop", load(yaml, Map.of("POD_NAMESPACE", "shop")).cloudwatch().logGroup());
        assertEquals(Optional.empty(), load(yaml).cloudwatch().region(), "${VAR:-} leaves an optional key unset");
        assertEquals(Optional.of("eu-west-1"), load(yaml, Map.of("AWS_REGION", "eu-west-1")).cloudwatch().region());
    }

    @Test
    void aSetButEmptyVariableWithoutDefaultIsEmpty() throws Exception {
        assertEquals("/eks/", load("cloudwatch: {logGroup: '/eks/${NS}'}", Map.of("NS", "")).cloudwatch().logGroup());
    }

    @Test
    void dollarsThatAreNotReferencesStayLiteral() throws Exception {
        ShipperConfig c = load("""
                inputs: [{multiline: {rule: regex, startPattern: '^\\S.*$'}, containerName: '$$${literal}$'}]
                """, Map.of("literal", "no"));
        assertEquals("^\\S.*$", c.inputs().getFirst().multiline().startPattern().orElseThrow().pattern());
        assertEquals("$${literal}$", c.inputs().getFirst().containerName());
    }

    @Test
    void substitutedValuesAreValidatedLikeFileValues() {
        assertEquals(List.of("server.port: 99999 is not between 0 and 65535"),
                errors("server: {port: '${PORT}'}", Map.of("PORT", "99999")));
    }

    @Test
    void everyUnsetVariableIsReported() {
        List<String> errors = errors("""
                inputs: [{include: ['${A}/*.log'], containerName: '${B}'}]
                cloudwatch: {logStream: '${C}/${D:-d}'}
                """);
        assertEquals(3, errors.size(), String.join("\n", errors));
        assertTrue(errors.get(0).startsWith("inputs[0].include[0]: environment variable A is not set"));
        assertTrue(errors.get(1).startsWith("inputs[0].containerName: environment variable B is not set"));
        assertTrue(errors.get(2).startsWith("cloudwatch.logStream: environment variable C is not set"));
    }

    // --- SHIPPER_* overrides ---

    @Test
    void overrideNamesAreUpperSnakeCaseOfThePath() {
        assertEquals("SHIPPER_CLOUDWATCH_LOG_GROUP", ConfigKeys.envName("cloudwatch.logGroup"));
        assertEquals("SHIPPER_SERVER_PORT", ConfigKeys.envName("server.port"));
        assertEquals("SHIPPER_CHECKPOINT_DIRECTORY", ConfigKeys.envName("checkpoint.directory"));
        assertEquals("SHIPPER_LOGGING_LEVEL", ConfigKeys.envName("logging.level"));
        assertEquals("SHIPPER_CLOUDWATCH_KMS_KEY_ID", ConfigKeys.envName("cloudwatch.kmsKeyId"));
        assertEquals("SHIPPER_OUTPUT", ConfigKeys.envName("output"));
        assertTrue(ConfigKeys.overridable().containsAll(List.of("cloudwatch.logGroup", "server.port",
                "checkpoint.directory", "logging.level", "output", "buffer.maxBytes", "tail.scanInterval")));
        assertFalse(ConfigKeys.overridable().stream().anyMatch(k -> k.startsWith("inputs")));
        assertFalse(ConfigKeys.overridable().contains("cloudwatch.tags"));
    }

    @Test
    void overridesWinOverTheFile() throws Exception {
        ShipperConfig c = load("""
                cloudwatch: {logGroup: /from/file, maxInFlight: 2}
                server: {port: 8080}
                output: cloudwatch
                """, Map.of(
                "SHIPPER_CLOUDWATCH_LOG_GROUP", "/from/env",
                "SHIPPER_CLOUDWATCH_MAX_IN_FLIGHT", "12",
                "SHIPPER_SERVER_PORT", "9090",
                "SHIPPER_OUTPUT", "stdout"));
        assertEquals("/from/env", c.cloudwatch().logGroup());
        assertEquals(12, c.cloudwatch().maxInFlight());
        assertEquals(9090, c.server().port());
        assertEquals(OutputKind.STDOUT, c.output());
    }

    @Test
    void overridesSetKeysAndSectionsAbsentFromTheFile() throws Exception {
        ShipperConfig c = load("", Map.of(
                "SHIPPER_CHECKPOINT_DIRECTORY", "/data",
                "SHIPPER_LOGGING_LEVEL", "warn",
                "SHIPPER_BUFFER_MAX_BYTES", "64MiB",
                "SHIPPER_TAIL_SCAN_INTERVAL", "5s",
                "SHIPPER_CLOUDWATCH_ENDPOINT", "http://localhost:4566",
                "SHIPPER_CLOUDWATCH_RETENTION_DAYS", "30",
                "SHIPPER_SERVER_ENABLED", "false",
                "SHIPPER_KUBERNETES_CLUSTER", "dev"));
        assertEquals(Path.of("/data"), c.checkpoint().directory());
        assertEquals("warn", c.logging().level());
        assertEquals(64L << 20, c.buffer().maxBytes());
        assertEquals(Duration.ofSeconds(5), c.tail().scanInterval());
        assertEquals(Optional.of(URI.create("http://localhost:4566")), c.cloudwatch().endpoint());
        assertEquals(Optional.of(30), c.cloudwatch().retentionDays());
        assertFalse(c.server().enabled());
        assertEquals(Optional.of("dev"), c.kubernetes().cluster());
    }

    @Test
    void anEmptyOverrideUnsetsAnOptionalKey() throws Exception {
        ShipperConfig c = load("cloudwatch: {region: eu-west-1}", Map.of("SHIPPER_CLOUDWATCH_REGION", ""));
        assertEquals(Optional.empty(), c.cloudwatch().region());
    }

    @Test
    void overrideValuesAreNotExpanded() throws Exception {
        ShipperConfig c = load("", Map.of("SHIPPER_CHECKPOINT_DIRECTORY", "/data/${NOT_EXPANDED}"));
        assertEquals(Path.of("/data/${NOT_EXPANDED}"), c.checkpoint().directory());
    }

    @Test
    void inputIncludeOverridesTheFirstInputsGlobs() throws Exception {
        Map<String, String> env = Map.of("SHIPPER_INPUT_INCLUDE", "/a/*.log, /b/*.log,");
        ShipperConfig c = load("""
                inputs:
                  - {name: one, include: /x/*.log, format: json}
                  - {name: two, include: /y/*.log}
                """, env);
        assertEquals(List.of("/a/*.log", "/b/*.log"), c.inputs().get(0).include());
        assertEquals(Format.JSON, c.inputs().get(0).format(), "the rest of the input is kept");
        assertEquals(List.of("/y/*.log"), c.inputs().get(1).include());

        ShipperConfig defaults = load("", env);
        assertEquals(1, defaults.inputs().size());
        assertEquals("app", defaults.inputs().getFirst().name());
        assertEquals(List.of("/a/*.log", "/b/*.log"), defaults.inputs().getFirst().include());
    }

    @Test
    void unknownShipperVariablesAreIgnored() throws Exception {
        // Kubernetes service links inject e.g. SHIPPER_PORT for a Service named "shipper"; that must not fail.
        ShipperConfig c = load("", Map.of("SHIPPER_PORT", "tcp://10.0.0.1:2020", "SHIPPER_CONFIG", "/x.yaml"));
        assertEquals(2020, c.server().port());
    }

    // --- files and YAML syntax ---

    @Test
    void loadsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), "server: {port: 1234}\n");
        assertEquals(1234, new ConfigLoader(Map.of(), Loading.HEAP).load(file).server().port());
    }

    @Test
    void aMissingFileIsAClearError() {
        Path file = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        assertEquals(List.of("config file not found (give one with --config FILE or SHIPPER_CONFIG)"), e.errors());
        assertTrue(e.getMessage().startsWith(file + ": 1 configuration error"), e.getMessage());
    }

    @Test
    void aDirectoryIsAClearError() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(dir));
        assertEquals(List.of("is a directory, not a config file"), e.errors());
    }

    @Test
    void invalidUtf8IsAClearError() throws Exception {
        Path file = Files.write(dir.resolve("bad.yaml"), new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        assertEquals(List.of("config file is not valid UTF-8"), e.errors());
    }

    @Test
    void yamlSyntaxErrorsGiveLineAndColumn() {
        List<String> errors = errors("""
                server:
                  port: 2020
                 bad: [
                """);
        assertEquals(1, errors.size());
        assertTrue(errors.getFirst().matches("invalid YAML: line 3, column \\d+: .+"), errors.getFirst());
    }

    @Test
    void duplicateKeysAreErrors() {
        List<String> errors = errors("""
                server:
                  port: 2020
                  port: 2021
                """);
        assertEquals(1, errors.size());
        assertTrue(errors.getFirst().startsWith("invalid YAML: line 3, column"), errors.getFirst());
        assertTrue(errors.getFirst().contains("Duplicate field 'port'"), errors.getFirst());
    }

    @Test
    void theDocumentMustBeAMapping() {
        assertEquals(List.of("invalid config: the file must be a YAML mapping of keys (inputs:, cloudwatch:, ...),"
                + " not a list"), errors("- a\n- b\n"));
        assertEquals(List.of("invalid config: the file must be a YAML mapping of keys (inputs:, cloudwatch:, ...),"
                + " not a single value"), errors("just text\n"));
    }
}
