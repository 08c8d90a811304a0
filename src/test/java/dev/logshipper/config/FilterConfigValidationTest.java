package dev.logshipper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.logshipper.config.ShipperConfig.DropConfig;
import dev.logshipper.config.ShipperConfig.RedactConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every filter mistake is reported at start with its key, its value and what is allowed. */
class FilterConfigValidationTest {

    private static List<String> errors(String format, String filters) {
        return Loading.errors("inputs:\n  - format: " + format + "\n    filters:\n" + filters.indent(6));
    }

    @Test
    void anEmptyListIsNoFiltersAndEachFilterDefaultsSensibly() throws Exception {
        assertEquals(List.of(), Loading.load("inputs:\n  - filters: []\n").inputs().getFirst().filters());
        var redact = (RedactConfig) Loading.load("inputs:\n  - filters:\n      - redact:\n").inputs().getFirst()
                .filters().getFirst();
        assertEquals(RedactConfig.BUILTIN_PATTERNS, redact.builtin());
        var drop = (DropConfig) Loading.load("inputs:\n  - format: json\n    filters:\n      - drop: {level: [Debug]}\n")
                .inputs().getFirst().filters().getFirst();
        assertEquals(List.of("debug"), drop.level());
    }

    @Test
    void invalidRegexesAreRejected() {
        assertEquals(List.of("inputs[0].filters[0].drop.message: \"GET /(healthz\" is not a valid regular expression:"
                        + " Unclosed group near index 13",
                "inputs[0].filters[1].redact.patterns.order: \"ORD-[0-9\" is not a valid regular expression:"
                        + " Unclosed character class near index 7",
                "inputs[0].filters[2].drop.levelPattern: \"(\" is not a valid regular expression: Unclosed group"
                        + " near index 1"),
                errors("raw", """
                        - drop: {message: 'GET /(healthz'}
                        - redact: {patterns: {order: 'ORD-[0-9'}}
                        - drop: {level: [debug], levelPattern: '('}
                        """));
    }

    @Test
    void unknownBuiltInPatternNamesAreRejectedWithTheListOfNames() {
        assertEquals(List.of("inputs[0].filters[0].redact.builtin[1]: \"credit-card\" is not a built-in pattern;"
                        + " built-in patterns are aws-key, aws-secret, bearer, jwt, email, card, ipv4"),
                errors("raw", "- redact: {builtin: [email, credit-card]}"));
    }

    @Test
    void userPatternNamesAreCheckedAsMetricLabels() {
        assertEquals(List.of("inputs[0].filters[0].redact.patterns.Order ID: \"Order ID\" is not a valid pattern name;"
                        + " use 1 to 32 lower-case letters, digits, '-' or '_' (it is a metric label and part of the mask)",
                "inputs[0].filters[0].redact.patterns.email: \"email\" is the name of a built-in pattern; list it under"
                        + " builtin or choose another name",
                "inputs[0].filters[0].redact.patterns.any: \"x*\" matches the empty string; it would mask nothing but"
                        + " insert masks everywhere"),
                errors("raw", "- redact: {patterns: {Order ID: 'ORD', email: 'e@x', any: 'x*'}}"));
    }

    @Test
    void anItemMustNameExactlyOneKnownKind() {
        assertEquals(List.of("inputs[0].filters[0].dorp: unknown key (did you mean drop?); allowed keys are keep, drop,"
                        + " redact, add, rename, remove, throttle",
                "inputs[0].filters[0]: names no filter; each item is one filter, a mapping with one of the keys keep,"
                        + " drop, redact, add, rename, remove, throttle",
                "inputs[0].filters[1]: names keep and drop; each item is one filter, a mapping with one of the keys"
                        + " keep, drop, redact, add, rename, remove, throttle"),
                errors("raw", """
                        - dorp: {message: x}
                        - {keep: {message: a}, drop: {message: b}}
                        """));
    }

    @Test
    void keepAndDropTestExactlyOneThingThatTheFormatHas() {
        assertEquals(List.of("inputs[0].filters[0].keep: needs one of message, field (with pattern) or stream",
                "inputs[0].filters[1].drop.field: \"http.path\" needs format: json (this input's format is raw, whose"
                        + " records have no fields); use message to test the text",
                "inputs[0].filters[2].drop.stream: \"stderr\" needs format: cri or docker (this input's format is raw,"
                        + " which has no stream)",
                "inputs[0].filters[3].drop.stream: \"stdin\" is not one of stdout, stderr",
                "inputs[0].filters[3].drop.stream: \"stdin\" needs format: cri or docker (this input's format is raw,"
                        + " which has no stream)",
                "inputs[0].filters[3].drop: sets message and stream; set one of message, field (with pattern), stream"
                        + " or level (list several filters to test several things)",
                "inputs[0].filters[4].drop.level: needs levelPattern (a regex whose first group captures the level,"
                        + " e.g. '^\\S+ +(\\w+)'): this input's format is raw, whose records have no level field"),
                errors("raw", """
                        - keep: {}
                        - drop: {field: http.path, pattern: x}
                        - drop: {stream: stderr}
                        - drop: {message: a, stream: stdin}
                        - drop: {level: [debug]}
                        """));
    }

    @Test
    void fieldAndPatternGoTogetherAndPathsAreChecked() {
        assertEquals(List.of("inputs[0].filters[0].keep.pattern: is required with field: a regular expression"
                        + " searched for in the field's value",
                "inputs[0].filters[1].drop.pattern: \"x\" is only used with field",
                "inputs[0].filters[1].drop: needs one of message, field (with pattern), stream or level",
                "inputs[0].filters[2].remove.fields[0]: \"a..b\" is not a field path; write names separated by single"
                        + " dots, e.g. http.request.path"),
                errors("json", """
                        - keep: {field: level}
                        - drop: {pattern: x}
                        - remove: {fields: [a..b]}
                        """));
    }

    @Test
    void levelOptionsAreCheckedTogether() {
        assertEquals(List.of("inputs[0].filters[0].drop.levelField: \"sev\" and levelPattern are both set; the level"
                        + " comes from one of them",
                "inputs[0].filters[0].drop.levelPattern: \"^\\\\w+\" has no capturing group; its first group must"
                        + " capture the level, e.g. '^\\S+ +(\\w+)'",
                "inputs[0].filters[1].drop.levelField: \"sev\" is only used with level"),
                errors("json", """
                        - drop: {level: [debug], levelField: sev, levelPattern: '^\\w+'}
                        - drop: {message: x, levelField: sev}
                        """));
    }

    @Test
    void addNeedsTheEnvelopeAndValidTemplates() {
        assertEquals(List.of("inputs[0].filters[0].add.fields: adds envelope fields, but this input sends message:"
                        + " message (the text alone, without fields); set message: envelope",
                "inputs[0].filters[0].add.fields.kubernetes: is a member the envelope writes itself; allowed: any other"
                        + " name"),
                errors("raw", "- add: {fields: {team: a, kubernetes: b}}"));
        assertEquals(List.of("inputs[0].filters[0].add.fields.app: \"{label.app}\" has an unknown placeholder"
                        + " {label.app}; allowed: {cluster}, {namespace}, {pod_name}, {pod_uid}, {container_name},"
                        + " {container_id}, {node_name}, {input}, {file_name}, {labels.<key>}, {annotations.<key>}"),
                Loading.errors("inputs:\n  - message: envelope\n    filters:\n      - add: {fields: {app: '{label.app}'}}\n"));
    }

    @Test
    void renameRemoveNeedJsonAndThrottleNeedsARate() {
        assertEquals(List.of("inputs[0].filters[0].rename.fields: needs format: json (this input's format is cri,"
                        + " whose records have no fields)",
                "inputs[0].filters[1].remove.fields: must list at least one field (dotted path), e.g. [password,"
                        + " http.headers.cookie]",
                "inputs[0].filters[2].throttle: needs records or bytes (the most per second), or both",
                "inputs[0].filters[3].throttle.records: 0 is less than the minimum 1",
                "inputs[0].filters[3].throttle.bytes: \"1 potato\" is not a size; write bytes (1048576) or a number with"
                        + " KiB, MiB or GiB (64KiB, 16MiB)"),
                errors("cri", """
                        - rename: {fields: {a: b}}
                        - remove: {}
                        - throttle: {}
                        - throttle: {records: 0, bytes: 1 potato}
                        """));
    }
}
