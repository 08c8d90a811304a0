package dev.logshipper.config;

import dev.logshipper.config.ShipperConfig.AddConfig;
import dev.logshipper.config.ShipperConfig.DropConfig;
import dev.logshipper.config.ShipperConfig.FilterConfig;
import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.KeepConfig;
import dev.logshipper.config.ShipperConfig.MessageShape;
import dev.logshipper.config.ShipperConfig.RedactConfig;
import dev.logshipper.config.ShipperConfig.RemoveConfig;
import dev.logshipper.config.ShipperConfig.RenameConfig;
import dev.logshipper.config.ShipperConfig.ThrottleConfig;
import dev.logshipper.names.NameTemplate;
import dev.logshipper.names.NameTemplate.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Binds and checks an input's {@code filters}: each list item is a mapping with exactly one key naming the filter's
 * kind. Besides each value, the checks look at the input: fields exist only for {@code format: json}, a stream only for
 * {@code cri} and {@code docker}, and envelope fields only for {@code message: envelope}, so a filter that could never
 * act is an error at start rather than a silent no-op.
 */
final class FilterBinder {
    private static final List<String> KINDS = Stream.of(FilterConfig.class.getPermittedSubclasses())
            .map(FilterConfig::kindOf).toList();
    /** A redaction pattern's name is a metric label and part of its mask: short, lower case. */
    private static final Pattern PATTERN_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final List<String> STREAMS = List.of("stdout", "stderr");
    /** The envelope's own members, which an added field may not replace. */
    private static final List<String> ENVELOPE_MEMBERS = List.of("log", "stream", "kubernetes", "docker");

    private FilterBinder() {
    }

    static List<FilterConfig> filters(ConfigSection input, Format format, MessageShape message) {
        List<FilterConfig> out = new ArrayList<>();
        for (ConfigSection item : input.sectionListOrEmpty("filters")) {
            List<String> kinds = KINDS.stream().filter(item::has).toList();
            item.finish();
            if (kinds.size() != 1) {
                item.errorHere((kinds.isEmpty() ? "names no filter" : "names " + String.join(" and ", kinds))
                        + "; each item is one filter, a mapping with one of the keys " + String.join(", ", KINDS));
                continue;
            }
            String kind = kinds.getFirst();
            ConfigSection s = item.section(kind);
            FilterConfig filter = switch (kind) {
                case "keep" -> keep(s, format);
                case "drop" -> drop(s, format);
                case "redact" -> redact(s);
                case "add" -> add(s, message);
                case "rename" -> rename(s, format);
                case "remove" -> remove(s, format);
                case "throttle" -> throttle(s);
                default -> throw new IllegalStateException("unhandled filter kind " + kind);
            };
            s.finish();
            out.add(filter);
        }
        return out;
    }

    /** What keep and drop test; {@code tests} counts the ones set, and {@code names} lists them. */
    private record Match(Optional<Pattern> message, Optional<String> field, Optional<Pattern> pattern,
                         Optional<String> stream, List<String> names) {
    }

    private static Match match(ConfigSection s, Format format) {
        Optional<String> messageText = s.text("message").filter(p -> !p.isEmpty());
        Optional<Pattern> message = ConfigBinder.regex(s, "message", messageText);
        Optional<String> field = s.optionalString("field").filter(f -> validPath(s, "field", f));
        Optional<String> patternText = s.text("pattern").filter(p -> !p.isEmpty());
        Optional<Pattern> pattern = ConfigBinder.regex(s, "pattern", patternText);
        Optional<String> stream = s.optionalString("stream").map(v -> v.toLowerCase(Locale.ROOT));
        if (stream.isPresent() && !STREAMS.contains(stream.get())) {
            s.error("stream", ConfigErrors.show(stream.get()) + " is not one of " + String.join(", ", STREAMS));
        }
        if (field.isPresent() && patternText.isEmpty()) {
            s.error("pattern", "is required with field: a regular expression searched for in the field's value");
        }
        if (patternText.isPresent() && s.text("field").isEmpty()) {
            s.error("pattern", ConfigErrors.show(patternText.get()) + " is only used with field");
        }
        if (field.isPresent() && format != Format.JSON) {
            s.error("field", ConfigErrors.show(field.get()) + " needs format: json (this input's format is "
                    + name(format) + ", whose records have no fields); use message to test the text");
        }
        if (stream.isPresent() && format != Format.CRI && format != Format.DOCKER) {
            s.error("stream", ConfigErrors.show(stream.get()) + " needs format: cri or docker (this input's format is "
                    + name(format) + ", which has no stream)");
        }
        List<String> names = new ArrayList<>();
        messageText.ifPresent(m -> names.add("message"));
        s.text("field").ifPresent(f -> names.add("field"));
        stream.ifPresent(v -> names.add("stream"));
        return new Match(message, field, pattern, stream, names);
    }

    private static KeepConfig keep(ConfigSection s, Format format) {
        Match m = match(s, format);
        exactlyOne(s, m.names(), "message, field (with pattern) or stream");
        return new KeepConfig(m.message(), m.field(), m.pattern(), m.stream());
    }

    private static DropConfig drop(ConfigSection s, Format format) {
        Match m = match(s, format);
        List<String> level = s.stringList("level", List.of()).stream().map(l -> l.toLowerCase(Locale.ROOT)).toList();
        Optional<String> levelField = s.optionalString("levelField").filter(f -> validPath(s, "levelField", f));
        Optional<String> levelPatternText = s.text("levelPattern").filter(p -> !p.isEmpty());
        Optional<Pattern> levelPattern = ConfigBinder.regex(s, "levelPattern", levelPatternText);
        List<String> names = new ArrayList<>(m.names());
        if (!level.isEmpty()) {
            names.add("level");
            levelChecks(s, format, levelField, levelPatternText, levelPattern);
        } else {
            levelField.ifPresent(f -> s.error("levelField", ConfigErrors.show(f) + " is only used with level"));
            levelPatternText.ifPresent(p -> s.error("levelPattern", ConfigErrors.show(p) + " is only used with level"));
        }
        exactlyOne(s, names, "message, field (with pattern), stream or level");
        return new DropConfig(m.message(), m.field(), m.pattern(), m.stream(), level,
                levelField, levelPattern);
    }

    private static void levelChecks(ConfigSection s, Format format, Optional<String> levelField,
                                    Optional<String> levelPatternText, Optional<Pattern> levelPattern) {
        if (levelPatternText.isPresent()) {
            if (levelField.isPresent()) {
                s.error("levelField", ConfigErrors.show(levelField.get()) + " and levelPattern are both set; the level"
                        + " comes from one of them");
            }
            if (levelPattern.isPresent() && levelPattern.get().matcher("").groupCount() < 1) {
                s.error("levelPattern", ConfigErrors.show(levelPatternText.get()) + " has no capturing group; its first"
                        + " group must capture the level, e.g. '^\\S+ +(\\w+)'");
            }
        } else if (format != Format.JSON) {
            s.error("level", "needs levelPattern (a regex whose first group captures the level, e.g. '^\\S+ +(\\w+)'):"
                    + " this input's format is " + name(format) + ", whose records have no level field");
        }
    }

    private static void exactlyOne(ConfigSection s, List<String> names, String allowed) {
        if (names.isEmpty()) {
            s.errorHere("needs one of " + allowed);
        } else if (names.size() > 1) {
            s.errorHere("sets " + String.join(" and ", names) + "; set one of " + allowed
                    + " (list several filters to test several things)");
        }
    }

    private static RedactConfig redact(ConfigSection s) {
        List<String> builtin = s.stringList("builtin", RedactConfig.DEFAULT_BUILTIN);
        for (int i = 0; i < builtin.size(); i++) {
            if (!RedactConfig.BUILTIN_PATTERNS.contains(builtin.get(i))) {
                s.error("builtin[" + i + "]", ConfigErrors.show(builtin.get(i)) + " is not a built-in pattern; built-in"
                        + " patterns are " + String.join(", ", RedactConfig.BUILTIN_PATTERNS));
            }
        }
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        s.stringMap("patterns").forEach((name, regex) -> {
            String key = "patterns." + name;
            if (!PATTERN_NAME.matcher(name).matches()) {
                s.error(key, ConfigErrors.show(name) + " is not a valid pattern name; use 1 to 32 lower-case letters,"
                        + " digits, '-' or '_' (it is a metric label and part of the mask)");
            } else if (RedactConfig.BUILTIN_PATTERNS.contains(name)) {
                s.error(key, ConfigErrors.show(name) + " is the name of a built-in pattern; list it under builtin or"
                        + " choose another name");
            }
            Optional<Pattern> compiled = ConfigBinder.regex(s, key, Optional.of(regex).filter(r -> !r.isEmpty()));
            if (regex.isEmpty()) {
                s.error(key, "must be a regular expression");
            } else if (compiled.isPresent() && compiled.get().matcher("").matches()) {
                s.error(key, ConfigErrors.show(regex) + " matches the empty string; it would mask nothing but"
                        + " insert masks everywhere");
            } else {
                compiled.ifPresent(p -> patterns.put(name, p));
            }
        });
        if (builtin.isEmpty() && s.stringMap("patterns").isEmpty()) {
            s.errorHere("redacts nothing: builtin is empty and there are no patterns");
        }
        return new RedactConfig(builtin, patterns);
    }

    private static AddConfig add(ConfigSection s, MessageShape message) {
        Map<String, String> fields = s.stringMap("fields");
        if (fields.isEmpty()) {
            s.error("fields", "must name at least one field, e.g. team: payments");
        }
        if (message != MessageShape.ENVELOPE) {
            s.error("fields", "adds envelope fields, but this input sends message: " + name(message)
                    + " (the text alone, without fields); set message: envelope");
        }
        fields.forEach((name, value) -> {
            if (ENVELOPE_MEMBERS.contains(name)) {
                s.error("fields." + name, "is a member the envelope writes itself; allowed: any other name");
            } else if (name.isBlank()) {
                s.error("fields", "a field name must not be empty");
            } else {
                NameTemplate.problem(value, Kind.FIELD_VALUE)
                        .ifPresent(p -> s.error("fields." + name, ConfigErrors.show(value) + " " + p));
            }
        });
        return new AddConfig(fields);
    }

    private static RenameConfig rename(ConfigSection s, Format format) {
        Map<String, String> fields = s.stringMap("fields");
        if (fields.isEmpty()) {
            s.error("fields", "must map at least one field to its new name, e.g. msg_level: level");
        }
        fields.forEach((from, to) -> {
            validPath(s, "fields", from);
            if (to.isBlank()) {
                s.error("fields." + from, "needs the new name (a dotted path such as http.status)");
            } else {
                validPath(s, "fields." + from, to);
            }
        });
        needsJson(s, format, !fields.isEmpty());
        return new RenameConfig(fields);
    }

    private static RemoveConfig remove(ConfigSection s, Format format) {
        List<String> fields = s.stringList("fields", List.of());
        if (fields.isEmpty()) {
            s.error("fields", "must list at least one field (dotted path), e.g. [password, http.headers.cookie]");
        }
        for (int i = 0; i < fields.size(); i++) {
            validPath(s, "fields[" + i + "]", fields.get(i));
        }
        needsJson(s, format, !fields.isEmpty());
        return new RemoveConfig(fields);
    }

    private static ThrottleConfig throttle(ConfigSection s) {
        Optional<Integer> records = s.text("records").isEmpty() ? Optional.empty()
                : Optional.of(s.integer("records", 1, 1, Integer.MAX_VALUE));
        Optional<Long> bytes = s.text("bytes").isEmpty() ? Optional.empty()
                : Optional.of(s.size("bytes", 1, 1, Long.MAX_VALUE));
        if (records.isEmpty() && bytes.isEmpty()) {
            s.errorHere("needs records or bytes (the most per second), or both");
        }
        return new ThrottleConfig(records, bytes);
    }

    private static void needsJson(ConfigSection s, Format format, boolean set) {
        if (set && format != Format.JSON) {
            s.error("fields", "needs format: json (this input's format is " + name(format)
                    + ", whose records have no fields)");
        }
    }

    /** A dotted path: non-empty segments separated by single dots. */
    private static boolean validPath(ConfigSection s, String key, String path) {
        if (path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            s.error(key, ConfigErrors.show(path) + " is not a field path; write names separated by single dots,"
                    + " e.g. http.request.path");
            return false;
        }
        return true;
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
