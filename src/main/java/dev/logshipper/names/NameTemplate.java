package dev.logshipper.names;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A log group or log stream name template such as {@code /aws/containerinsights/{cluster}/{namespace}} or
 * {@code {pod_name}/{container_name}}: checked when the configuration is loaded, compiled once at start and rendered
 * once per file (and again when the file's metadata changes), never per record.
 *
 * <p>Placeholders: {@code {cluster} {namespace} {pod_name} {pod_uid} {container_name} {container_id}
 * {node_name} {input} {file_name} {labels.<key>} {annotations.<key>}}. {@code {file_name}} is the file's base
 * name without {@code .log}. There is no escape for braces: CloudWatch does not allow them in group names, and
 * a stream name needing them is not worth the ambiguity.
 *
 * <p>A placeholder whose value is missing or empty renders as {@link #MISSING_VALUE} ({@code unknown}), so a
 * name never gets an empty path segment and a missing label sends the file to a visibly-named place rather
 * than failing. The rendered name is then made valid by {@link CloudWatchNames}.
 *
 * <p>What {@link #problem} reports: an unknown placeholder, an empty label/annotation key, an unclosed or stray
 * brace, and fixed text CloudWatch would refuse (for a group: characters outside {@code [.\-_/#A-Za-z0-9]} or a
 * leading {@code aws/}; for a stream: {@code :}, {@code *} or control characters; for both: fixed text alone over
 * 512 bytes).
 *
 * <p>The {@code add} filter's field values are templates of the same placeholders ({@link Kind#FIELD_VALUE}): only
 * their syntax is checked, and they render as they are.
 */
public final class NameTemplate {

    /** Rendered for a placeholder whose value is unknown or empty. */
    public static final String MISSING_VALUE = "unknown";

    /**
     * What the template makes, which decides the rules: a CloudWatch name, or the value of a field the {@code add}
     * filter writes into the envelope (any text; neither checked against nor made valid by CloudWatch's name rules).
     */
    public enum Kind {
        LOG_GROUP("log group", "/aws/containerinsights/{cluster}/{namespace}"),
        LOG_STREAM("log stream", "{pod_name}/{container_name}"),
        FIELD_VALUE("field value", "{labels.app}");

        private final String what;
        private final String example;

        Kind(String what, String example) {
            this.what = what;
            this.example = example;
        }
    }

    /** The simple placeholders. */
    public enum Field {
        CLUSTER("cluster"),
        NAMESPACE("namespace"),
        POD_NAME("pod_name"),
        POD_UID("pod_uid"),
        CONTAINER_NAME("container_name"),
        CONTAINER_ID("container_id"),
        NODE_NAME("node_name"),
        INPUT("input"),
        FILE_NAME("file_name");

        private final String placeholder;

        Field(String placeholder) {
            this.placeholder = placeholder;
        }
    }

    /** What a template is rendered from: what is known about one tailed file. */
    public interface Values {
        /** The value of a simple placeholder; null or empty when unknown. */
        String value(Field field);

        Map<String, String> labels();

        Map<String, String> annotations();
    }

    static final String LABELS_PREFIX = "labels.";
    static final String ANNOTATIONS_PREFIX = "annotations.";

    private static final String ALLOWED = Stream.concat(
                    Stream.of(Field.values()).map(f -> "{" + f.placeholder + "}"),
                    Stream.of("{" + LABELS_PREFIX + "<key>}", "{" + ANNOTATIONS_PREFIX + "<key>}"))
            .collect(Collectors.joining(", "));

    private sealed interface Part permits Literal, FieldRef, MapRef {
        String value(Values v);
    }

    private record Literal(String text) implements Part {
        @Override public String value(Values v) {
            return text;
        }
    }

    private record FieldRef(Field field) implements Part {
        @Override public String value(Values v) {
            return orMissing(v.value(field));
        }
    }

    private record MapRef(boolean labels, String key) implements Part {
        @Override public String value(Values v) {
            return orMissing((labels ? v.labels() : v.annotations()).get(key));
        }
    }

    private final String template;
    private final Kind kind;
    private final List<Part> parts;

    private NameTemplate(String template, Kind kind, List<Part> parts) {
        this.template = template;
        this.kind = kind;
        this.parts = parts;
    }

    /** Compiles {@code template}, or throws {@link IllegalArgumentException} naming the key and every problem. */
    public static NameTemplate compile(String configKey, String template, Kind kind) {
        List<String> problems = new ArrayList<>();
        List<Part> parts = parse(template, kind, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(configKey + ": '" + template + "' " + String.join("; ", problems));
        }
        return new NameTemplate(template, kind, List.copyOf(parts));
    }

    /**
     * Every problem with {@code template}, as the end of a message that shows the template first ("... has an unknown
     * placeholder {namspace}; ..."), or empty when it is fine.
     */
    public static Optional<String> problem(String template, Kind kind) {
        List<String> problems = new ArrayList<>();
        parse(template, kind, problems);
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** The valid CloudWatch name for a file (a field value as it is). */
    public String render(Values values) {
        StringBuilder raw = new StringBuilder(64);
        for (Part part : parts) {
            raw.append(part.value(values));
        }
        return switch (kind) {
            case LOG_GROUP -> CloudWatchNames.logGroup(raw.toString());
            case LOG_STREAM -> CloudWatchNames.logStream(raw.toString());
            case FIELD_VALUE -> raw.toString();
        };
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return template;
    }

    private static String orMissing(String v) {
        return v == null || v.isEmpty() ? MISSING_VALUE : v;
    }

    private static List<Part> parse(String template, Kind kind, List<String> problems) {
        List<Part> parts = new ArrayList<>();
        if (template == null || template.isEmpty()) {
            problems.add("is empty; a " + kind.what + " template looks like " + kind.example);
            return parts;
        }
        StringBuilder literal = new StringBuilder();
        StringBuilder fixedText = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '}') {
                problems.add("has a stray } at position " + i + "; placeholders look like {pod_name}");
                i++;
                continue;
            }
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            int close = template.indexOf('}', i + 1);
            int nextOpen = template.indexOf('{', i + 1);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
                problems.add("has a { at position " + i + " that is not closed by }");
                i++;
                continue;
            }
            addLiteral(parts, literal, fixedText);
            String name = template.substring(i + 1, close);
            Part part = placeholder(name);
            if (part == null) {
                problems.add("has an unknown placeholder {" + name + "}; allowed: " + ALLOWED);
            } else if (part instanceof MapRef ref && ref.key().isEmpty()) {
                problems.add("has {" + name + "} without a key, such as {" + name + "app}");
            } else {
                parts.add(part);
            }
            i = close + 1;
        }
        addLiteral(parts, literal, fixedText);
        fixedTextProblems(fixedText.toString(), kind, problems);
        if (kind == Kind.LOG_GROUP && template.startsWith(CloudWatchNames.RESERVED_GROUP_PREFIX)) {
            problems.add("starts with " + CloudWatchNames.RESERVED_GROUP_PREFIX
                    + ", which CloudWatch reserves for AWS services; use /aws/... or another prefix");
        }
        return parts;
    }

    private static void addLiteral(List<Part> parts, StringBuilder literal, StringBuilder fixedText) {
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
            fixedText.append(literal);
            literal.setLength(0);
        }
    }

    /** The characters CloudWatch refuses and the length limit, on the template's fixed text (of a name). */
    private static void fixedTextProblems(String fixedText, Kind kind, List<String> problems) {
        if (kind == Kind.FIELD_VALUE) {
            return;
        }
        Set<String> refused = new LinkedHashSet<>();
        fixedText.codePoints()
                .filter(c -> kind == Kind.LOG_GROUP ? !CloudWatchNames.isLogGroupChar(c) : !CloudWatchNames.isLogStreamChar(c))
                .forEach(c -> refused.add(Character.isISOControl(c) || (c >= 0xD800 && c <= 0xDFFF) || c == ' '
                        ? String.format("U+%04X", c) : "'" + Character.toString(c) + "'"));
        if (!refused.isEmpty()) {
            problems.add("contains " + String.join(", ", refused) + ", which CloudWatch does not allow in a " + kind.what
                    + " name; allowed " + (kind == Kind.LOG_GROUP
                    ? "are " + CloudWatchNames.LOG_GROUP_CHARS + " and {placeholders}"
                    : "is anything but : * and control characters"));
        }
        int bytes = CloudWatchNames.utf8Length(fixedText);
        if (bytes > CloudWatchNames.MAX_NAME_BYTES) {
            problems.add("has " + bytes + " bytes of fixed text; a " + kind.what + " name is at most "
                    + CloudWatchNames.MAX_NAME_BYTES + " bytes");
        }
    }

    private static Part placeholder(String name) {
        if (name.startsWith(LABELS_PREFIX)) {
            return new MapRef(true, name.substring(LABELS_PREFIX.length()));
        }
        if (name.startsWith(ANNOTATIONS_PREFIX)) {
            return new MapRef(false, name.substring(ANNOTATIONS_PREFIX.length()));
        }
        for (Field f : Field.values()) {
            if (f.placeholder.equals(name)) {
                return new FieldRef(f);
            }
        }
        return null;
    }
}
