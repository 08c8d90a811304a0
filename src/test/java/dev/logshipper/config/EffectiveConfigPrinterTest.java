package dev.logshipper.config;

import static dev.logshipper.config.Loading.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EffectiveConfigPrinterTest {
    private static final String KMS = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @Test
    void printsEveryKeyOfTheSchema() throws Exception {
        String yaml = EffectiveConfigPrinter.toYaml(ConfigLoader.defaults());
        for (String key : ConfigKeys.all()) {
            if (key.contains(".filters[].")) {
                continue; // no filters by default; see filtersPrintAsTheirKindAndLoadBack
            }
            String leaf = key.substring(key.lastIndexOf('.') + 1);
            assertTrue(yaml.contains(leaf + ":"), key + " missing from\n" + yaml);
        }
        assertTrue(yaml.contains("region: null"), yaml);
        assertTrue(yaml.contains("scanInterval: 1s"), yaml);
        assertTrue(yaml.contains("readBufferBytes: 256KiB"), yaml);
        assertTrue(yaml.contains("maxLineBytes: 1048550"), yaml);
        assertTrue(yaml.contains("format: raw"), yaml);
    }

    @Test
    void theOutputLoadsBackToTheSameConfiguration() throws Exception {
        ShipperConfig original = load("""
                inputs:
                  - name: web
                    include: ['/var/log/app/*.log', 'C:\\\\odd path\\\\*.log']
                    format: json
                    json: {timeKey: ts, timeFormat: "yyyy-MM-dd'T'HH:mm:ss"}
                    multiline: {rule: regex, startPattern: '^\\d{4}-\\d{2}: "x"', flushTimeout: 1m30s}
                    logGroup: /eks/{cluster}/web
                cloudwatch: {endpoint: 'http://localhost:4566', retentionDays: 7, tags: {team: 'a: b', n: '007'}}
                kubernetes: {cluster: 'yes'}
                logging: {level: debug}
                """);
        String printed = EffectiveConfigPrinter.toYaml(original);
        assertEquals(printed, EffectiveConfigPrinter.toYaml(load(printed)), printed);
    }

    @Test
    void filtersPrintAsTheirKindAndLoadBack() throws Exception {
        ShipperConfig original = load("""
                inputs:
                  - format: json
                    message: envelope
                    filters:
                      - drop: {message: 'GET /healthz'}
                      - drop: {level: [DEBUG], levelField: severity}
                      - keep: {field: http.path, pattern: '^/api'}
                      - redact: {builtin: [email], patterns: {order-id: 'ORD-\\d+'}}
                      - add: {fields: {team: payments, app: '{labels.app}'}}
                      - rename: {fields: {msg_level: level}}
                      - remove: {fields: [password]}
                      - throttle: {records: 100, bytes: 64KiB}
                """);
        String printed = EffectiveConfigPrinter.toYaml(original);
        for (String kind : List.of("drop:", "keep:", "redact:", "add:", "rename:", "remove:", "throttle:")) {
            assertTrue(printed.contains("- " + kind), kind + " missing from\n" + printed);
        }
        assertTrue(printed.contains("levelField: severity"), printed);
        assertEquals(printed, EffectiveConfigPrinter.toYaml(load(printed)), printed);
        assertEquals(original.inputs().getFirst().filters().size(), load(printed).inputs().getFirst().filters().size());
    }

    @Test
    void masksSecretsAndTheKmsKeyId() throws Exception {
        String yaml = EffectiveConfigPrinter.toYaml(load("""
                cloudwatch:
                  endpoint: https://user:hunter2@logs.example.com/path
                  kmsKeyId: %s
                  tags: {team: logs, api-token: tok-123456, dbPassword: pw-123456, accessKey: AKIA1234567, owner: me}
                """.formatted(KMS)));
        for (String secret : List.of("hunter2", "tok-123456", "pw-123456", "AKIA1234567", "1234abcd-12ab")) {
            assertFalse(yaml.contains(secret), secret + " printed in\n" + yaml);
        }
        assertTrue(yaml.contains("kmsKeyId: \"********90ab\"") || yaml.contains("kmsKeyId: '********90ab'")
                || yaml.contains("kmsKeyId: ********90ab"), yaml);
        assertTrue(yaml.contains("endpoint: https://********@logs.example.com/path"), yaml);
        assertTrue(yaml.contains("team: logs"), yaml);
        assertTrue(yaml.contains("owner: me"), yaml);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "dbPassword", "api_token", "apiKey", "api-key", "accessKey", "secretAccessKey",
            "SECRET", "clientSecret", "privateKey", "key", "credentials", "sessionToken"})
    void secretNames(String name) {
        assertTrue(Secrets.isSecretName(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"messageKey", "timeKey", "kmsKeyId", "logGroup", "keyboard", "monkey", "team", "tokenizer"})
    void namesThatAreNotSecret(String name) {
        assertFalse(Secrets.isSecretName(name), name);
    }

    @Test
    void maskTailShowsOnlyTheLastFourCharacters() {
        assertEquals("********90ab", Secrets.maskTail(KMS));
        assertEquals(Secrets.MASK, Secrets.maskTail("short"));
    }
}
