package dev.logshipper.filter;

import dev.logshipper.config.ConfigLoader;
import dev.logshipper.config.ShipperConfig.RedactConfig;
import dev.logshipper.parse.RecordAssembler;
import dev.logshipper.record.OffsetTracker;
import dev.logshipper.record.ParsedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in patterns (what they mask and what they must leave alone), user patterns, JSON fields, multiline. */
class RedactFilterTest {

    private static String redacted(String builtin, String message) throws Exception {
        Harness h = new Harness("""
                    filters:
                      - redact: {builtin: [%s]}
                """.formatted(builtin));
        assertTrue(h.offer(message));
        return h.lastMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            aws-key    | key AKIAIOSFODNN7EXAMPLE used                      | key [REDACTED:aws-key] used
            aws-key    | temporary ASIAY34FZKBOKMUTVV7A.                   | temporary [REDACTED:aws-key].
            aws-secret | aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | aws_secret_access_key=[REDACTED:aws-secret]
            aws-secret | {"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"} | {"SecretAccessKey": "[REDACTED:aws-secret]"}
            bearer     | Authorization: Bearer abc.def-ghi_jkl=          | Authorization: Bearer [REDACTED:bearer]
            jwt        | token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig_nat-ure ok | token=[REDACTED:jwt] ok
            email      | mail from Jane.Doe+x@mail.example.co.uk sent      | mail from [REDACTED:email] sent
            card       | paid with 4111 1111 1111 1111 today              | paid with [REDACTED:card] today
            card       | paid with 4111-1111-1111-1111                    | paid with [REDACTED:card]
            card       | pan=5500005555555559;                            | pan=[REDACTED:card];
            ipv4       | from 10.0.12.255:8080 and 192.168.1.1.           | from [REDACTED:ipv4]:8080 and [REDACTED:ipv4].
            """)
    void builtInPatternsMaskWhatTheyAreFor(String builtin, String message, String expected) throws Exception {
        assertEquals(expected, redacted(builtin, message));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            aws-key    | AKIAIOSFODNN7EXAMPLEX is too long, akiaiosfodnn7example lower case
            aws-secret | wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY alone, no key name
            bearer     | a bearer of bad news
            jwt        | eyJ alone, or eyJhbGci.notjwt
            email      | user@localhost and @handle
            card       | 4111 1111 1111 1112 fails Luhn; order 1234567890123 too
            card       | 2026-11-26T10:00:00.123456789Z and seq=12345678901
            ipv4       | version 1.2.3, 2026-11-26T10:00:00.123Z, 999.1.1.1, 1.2.3.4.5
            """)
    void builtInPatternsLeaveLookAlikesAlone(String builtin, String message) throws Exception {
        assertEquals(message, redacted(builtin, message));
    }

    @Test
    void everyConfiguredBuiltInNameHasAPattern() {
        assertEquals(List.copyOf(BuiltinRedactions.names()), RedactConfig.BUILTIN_PATTERNS);
    }

    @Test
    void userPatternsMaskWholeMatchesOrTheirRedactGroupAndAreCounted() throws Exception {
        Harness h = new Harness("""
                    filters:
                      - redact:
                          builtin: []
                          patterns:
                            customer-id: 'CUST-[0-9]{4}'
                            password: 'password=(?<redact>\\S+)'
                """);
        assertTrue(h.offer("CUST-1234 and CUST-5678 login password=hunter2 ok"));
        assertEquals("[REDACTED:customer-id] and [REDACTED:customer-id] login password=[REDACTED:password] ok",
                h.lastMessage());
        assertEquals(2, h.listener.count("app/customer-id"));
        assertEquals(1, h.listener.count("app/password"));
    }

    @Test
    void jsonStringFieldsAreRedactedAtAnyDepthAndOtherValuesKept() throws Exception {
        Harness h = new Harness("""
                    format: json
                    filters:
                      - redact: {}
                """);
        Map<String, Object> fields = Map.of("user", Map.of("email", "bob@example.com", "id", 7),
                "peers", List.of("10.1.2.3", 5, true), "note", "nothing here");
        assertTrue(h.offer(Harness.record("login by bob@example.com", null, fields)));
        ParsedRecord out = h.passed.getLast();
        assertEquals("login by [REDACTED:email]", h.lastMessage());
        assertEquals(Map.of("user", Map.of("email", "[REDACTED:email]", "id", 7),
                "peers", List.of("[REDACTED:ipv4]", 5, true), "note", "nothing here"), out.fields());
        assertEquals(2, h.listener.count("app/email"));
        assertEquals(1, h.listener.count("app/ipv4"));
    }

    @Test
    void nonAsciiMessagesAreRedactedAndStayValidUtf8() throws Exception {
        assertEquals("Grüße an [REDACTED:email] – danke ✓", redacted("email", "Grüße an jürgen@example.de – danke ✓"));
    }

    /** Through the record stage: a multiline record is redacted as a whole, secrets on any of its lines. */
    @Test
    void aMultilineRecordIsRedactedOnEveryLine() throws Exception {
        var config = new ConfigLoader(Map.of()).parse("""
                inputs:
                  - name: app
                    multiline: {rule: java}
                    filters:
                      - redact: {builtin: [email, aws-key]}
                """, "test.yaml").inputs().getFirst();
        List<String> out = new ArrayList<>();
        RecordingListener listener = new RecordingListener();
        var stage = new FilterStages(List.of(config), f -> (record, ack) -> out.add(
                new String(record.message(), 0, record.messageLength(), StandardCharsets.UTF_8)), listener, () -> 0)
                .apply(new dev.logshipper.record.SourceFile(java.nio.file.Path.of("/logs/a.log"), "app"));
        RecordAssembler assembler = new RecordAssembler("/logs/a.log", config, OffsetTracker.NONE, stage, null);
        long offset = 0;
        for (String line : List.of("2026-01-01 ERROR login failed for ann@example.com",
                "java.lang.IllegalStateException: key AKIAIOSFODNN7EXAMPLE rejected",
                "\tat com.example.Login.check(Login.java:42)", "2026-01-01 INFO next")) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            assembler.onLine(b, 0, b.length, offset, offset + b.length + 1);
            offset += b.length + 1;
        }
        assembler.flush();
        assertEquals(List.of("2026-01-01 ERROR login failed for [REDACTED:email]\n"
                + "java.lang.IllegalStateException: key [REDACTED:aws-key] rejected\n"
                + "\tat com.example.Login.check(Login.java:42)", "2026-01-01 INFO next"), out);
    }
}
