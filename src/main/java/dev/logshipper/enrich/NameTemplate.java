package dev.logshipper.enrich;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A log group or log stream name template such as {@code /aws/containerinsights/{cluster}/{namespace}} or
 * {@code {pod_name}/{container_name}}, compiled once at start and rendered once per file (and again when the
 * file's metadata changes), never per record.
 *
 * <p>Placeholders: {@code {cluster} {namespace} {pod_name} {pod_uid} {container_name} {container_id}
 * {node_name} {input} {file_name} {labels.<key>} {annotations.<key>}}. {@code {file_name}} is the file's base
 * name without {@code .log}. There is no escape for braces: CloudWatch does not allow them in group names, and
 * a stream name needing them is not worth the ambiguity.
 *
 * <p>A placeholder whose value is missing or empty renders as {@link #MISSING_VALUE} ({@code unknown}), so a
 * name never gets an empty path segment and a missing label sends the file to a visibly-named place rather
 * than failing. The rendered name is then sanitised by {@link CloudWatchNames}.
 *
 * <p>Config errors, reported by {@link #validate} before anything starts: an empty template, an unknown
 * placeholder, an empty label/annotation key, an unclosed or stray brace, and literal text CloudWatch would
 * refuse (for a group: characters outside {@code [.\-_/#A-Za-z0-9]} or a leading {@code aws/}; for a stream:
 * {@code :} or {@code *}; for both: literal text alone over 512 bytes).
 */
public final class NameTemplate {

    /** Rendered for a placeholder whose value is unknown or empty. */
    public static final String MISSING_VALUE = "unknown";

    /**
     * What the template makes, which decides the sanitising rules: a CloudWatch name, or the value of a field the
     * {@code add} filter writes into the envelope (any text; not sanitised).
     */
    public enum Kind {
        LOG_GROUP, LOG_STREAM, FIELD_VALUE
    }

    /** The simple placeholders and where their values come from. */
    enum Field {
        CLUSTER("cluster", FileMetadata::cluster),
        NAMESPACE("namespace", FileMetadata::namespace),
        POD_NAME("pod_name", FileMetadata::podName),
        POD_UID("pod_uid", FileMetadata::podUid),
        CONTAINER_NAME("container_name", FileMetadata::containerName),
        CONTAINER_ID("container_id", FileMetadata::containerId),
        NODE_NAME("node_name", FileMetadata::nodeName),
        INPUT("input", FileMetadata::input),
        FILE_NAME("file_name", FileMetadata::fileName);

        final String placeholder;
        final Function<FileMetadata, String> value;

        Field(String placeholder, Function<FileMetadata, String> value) {
            this.placeholder = placeholder;
            this.value = value;
        }
    }

    static final String LABELS_PREFIX = "labels.";
    static final String ANNOTATIONS_PREFIX = "annotations.";

    private static final String ALLOWED = Stream.concat(
                    Stream.of(Field.values()).map(f -> "{" + f.placeholder + "}"),
                    Stream.of("{" + LABELS_PREFIX + "<key>}", "{" + ANNOTATIONS_PREFIX + "<key>}"))
            .collect(Collectors.joining(", "));

    private sealed interface Part permits Literal, FieldRef, MapRef {
        String value(FileMetadata m);
    }

    private record Literal(String text) implements Part {
        @Override public String value(FileMetadata m) {
            return text;
        }
    }

    private record FieldRef(Field field) implements Part {
        @Override public String value(FileMetadata m) {
            return orMissing(field.value.apply(m));
        }
    }

    private record MapRef(boolean labels, String key) implements Part {
        @Override public String value(FileMetadata m) {
            Map<String, String> map = labels ? m.labels() : m.annotations();
            return orMissing(map.get(key));
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

    /**
     * Compiles {@code template}, or throws {@link IllegalArgumentException} carrying every error from
     * {@link #validate}.
     */
    public static NameTemplate compile(String configKey, String template, Kind kind) {
        List<String> errors = new ArrayList<>();
        List<Part> parts = parse(configKey, template, kind, errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return new NameTemplate(template, kind, List.copyOf(parts));
    }

    /** Every problem with {@code template}, each naming the key, the value and what is allowed; empty if fine. */
    public static List<String> validate(String configKey, String template, Kind kind) {
        List<String> errors = new ArrayList<>();
        parse(configKey, template, kind, errors);
        return List.copyOf(errors);
    }

    /** The sanitised CloudWatch name for a file (a field value as it is). */
    public String render(FileMetadata metadata) {
        StringBuilder raw = new StringBuilder(64);
        for (Part part : parts) {
            raw.append(part.value(metadata));
        }
        return switch (kind) {
            case LOG_GROUP -> CloudWatchNames.logGroup(raw.toString());
            case LOG_STREAM -> CloudWatchNames.logStream(raw.toString());
            case FIELD_VALUE -> raw.toString();
        };
    }

    public String template() {
        return template;
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

    private static List<Part> parse(String key, String template, Kind kind, List<String> errors) {
        List<Part> parts = new ArrayList<>();
        String what = key + " = '" + template + "'";
        if (template == null || template.isEmpty()) {
            errors.add(key + " must not be empty; it is a " + describe(kind) + " template such as "
                    + switch (kind) {
                        case LOG_GROUP -> "/aws/containerinsights/{cluster}/{namespace}";
                        case LOG_STREAM -> "{pod_name}/{container_name}";
                        case FIELD_VALUE -> "{labels.app}";
                    });
            return parts;
        }
        StringBuilder literal = new StringBuilder();
        int literalBytes = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '}') {
                errors.add(what + ": stray '}' at position " + i + "; placeholders look like {pod_name}");
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
                errors.add(what + ": '{' at position " + i + " is not closed by '}'");
                i++;
                continue;
            }
            if (!literal.isEmpty()) {
                literalBytes += addLiteral(parts, literal, kind, what, errors);
            }
            String name = template.substring(i + 1, close);
            Part part = placeholder(name);
            if (part == null) {
                errors.add(what + ": unknown placeholder {" + name + "}; allowed: " + ALLOWED);
            } else if (part instanceof MapRef ref && ref.key().isEmpty()) {
                errors.add(what + ": {" + name + "} needs a key, such as {" + name + "app}");
            } else {
                parts.add(part);
            }
            i = close + 1;
        }
        if (!literal.isEmpty()) {
            literalBytes += addLiteral(parts, literal, kind, what, errors);
        }
        if (kind != Kind.FIELD_VALUE && literalBytes > CloudWatchNames.MAX_NAME_BYTES) {
            errors.add(what + ": its fixed text alone is " + literalBytes + " bytes; a " + describe(kind)
                    + " name is at most " + CloudWatchNames.MAX_NAME_BYTES + " bytes");
        }
        if (kind == Kind.LOG_GROUP && !parts.isEmpty() && parts.getFirst() instanceof Literal first
                && first.text().startsWith(CloudWatchNames.RESERVED_GROUP_PREFIX)) {
            errors.add(what + ": log group names must not start with 'aws/' (reserved by AWS); "
                    + "use '/aws/...' or another prefix");
        }
        return parts;
    }

    private static int addLiteral(List<Part> parts, StringBuilder literal, Kind kind, String what,
                                  List<String> errors) {
        String text = literal.toString();
        literal.setLength(0);
        if (kind == Kind.FIELD_VALUE) {
            parts.add(new Literal(text));
            return 0;
        }
        text.codePoints()
                .filter(c -> kind == Kind.LOG_GROUP ? !CloudWatchNames.isLogGroupChar(c)
                        : !CloudWatchNames.isLogStreamChar(c))
                .distinct()
                .forEach(c -> errors.add(what + ": character '" + Character.toString(c) + "' (U+"
                        + String.format("%04X", c) + ") is not allowed in a " + describe(kind) + " name; allowed: "
                        + (kind == Kind.LOG_GROUP ? "letters, digits and . - _ / #" : "anything but : and * and control characters")));
        parts.add(new Literal(text));
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
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

    private static String describe(Kind kind) {
        return switch (kind) {
            case LOG_GROUP -> "log group";
            case LOG_STREAM -> "log stream";
            case FIELD_VALUE -> "field value";
        };
    }
}
