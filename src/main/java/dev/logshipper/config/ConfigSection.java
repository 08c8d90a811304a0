package dev.logshipper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Typed, error-collecting reads from one YAML mapping of the config file.
 *
 * <p>Every getter takes the key's default and returns it when the key is absent, {@code null} ({@code key:}), or
 * invalid; an invalid value also adds an error, so binding always completes and all errors are reported together.
 * Values are accepted as YAML scalars of any type, because after {@code ${VAR}} substitution or a
 * {@code SHIPPER_*} override a number or boolean arrives as a string.
 *
 * <p>Each getter records its key as known; {@link #finish()} then reports every other key as unknown, with the
 * list of allowed keys. The allowed keys are therefore exactly the keys the binder reads, which cannot drift.
 */
final class ConfigSection {
    private final String path;
    private final ObjectNode node;
    private final ConfigErrors errors;
    private final Set<String> known = new LinkedHashSet<>();

    ConfigSection(String path, ObjectNode node, ConfigErrors errors) {
        this.path = path;
        this.node = node;
        this.errors = errors;
    }

    /** The full key path of {@code key} in this section, e.g. {@code inputs[0].multiline.startPattern}. */
    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    ConfigErrors errors() {
        return errors;
    }

    /** Reports an error for this section as a whole (a list item, say). */
    void errorHere(String message) {
        errors.add(path, message);
    }

    /** Reports an error for {@code key} of this section. */
    void error(String key, String message) {
        errors.add(path(key), message);
    }

    /** The scalar text of {@code key}, or empty when absent or null; a mapping or list is an error. */
    Optional<String> text(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return Optional.empty();
        }
        if (v.isContainerNode()) {
            error(key, "expected a single value, got a " + kind(v));
            return Optional.empty();
        }
        return Optional.of(v.asText());
    }

    /** A string that must not be blank when given. */
    String string(String key, String defaultValue) {
        Optional<String> v = text(key);
        if (v.isPresent() && v.get().isBlank()) {
            error(key, "must not be empty (default " + ConfigErrors.show(defaultValue) + ")");
            return defaultValue;
        }
        return v.orElse(defaultValue);
    }

    /** An optional string; an empty value means "not set", so {@code ${VAR:-}} can leave a key unset. */
    Optional<String> optionalString(String key) {
        return text(key).map(String::strip).filter(s -> !s.isEmpty());
    }

    boolean bool(String key, boolean defaultValue) {
        Optional<String> v = text(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.get().strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                error(key, ConfigErrors.show(v.get()) + " is not one of true, false");
                yield defaultValue;
            }
        };
    }

    int integer(String key, int defaultValue, int min, int max) {
        return (int) parsed(key, defaultValue, s -> Long.parseLong(s.strip()), "is not a whole number", min, max, "");
    }

    Optional<Integer> optionalInteger(String key) {
        Optional<String> v = optionalString(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(v.get()));
        } catch (NumberFormatException e) {
            error(key, ConfigErrors.show(v.get()) + " is not a whole number");
            return Optional.empty();
        }
    }

    /** A duration that must be more than zero. */
    Duration duration(String key, Duration defaultValue) {
        Optional<String> v = text(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration d = Units.parseDuration(v.get());
            if (d.isZero()) {
                error(key, ConfigErrors.show(v.get()) + " must be more than zero; write " + Units.DURATION_HELP);
                return defaultValue;
            }
            return d;
        } catch (IllegalArgumentException e) {
            error(key, ConfigErrors.show(v.get()) + " " + e.getMessage());
            return defaultValue;
        }
    }

    /** A duration within [0, max] (zero allowed). */
    Duration durationUpTo(String key, Duration defaultValue, Duration max) {
        Optional<String> v = text(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration d = Units.parseDuration(v.get());
            if (d.compareTo(max) > 0) {
                error(key, ConfigErrors.show(v.get()) + " is too long; allowed: 0 to " + Units.formatDuration(max));
                return defaultValue;
            }
            return d;
        } catch (IllegalArgumentException e) {
            error(key, ConfigErrors.show(v.get()) + " " + e.getMessage());
            return defaultValue;
        }
    }

    /** A byte count within [min, max]. */
    long size(String key, long defaultValue, long min, long max) {
        return parsed(key, defaultValue, Units::parseSize, null, min, max, " bytes");
    }

    /** A byte count within [min, max] that fits an int. */
    int intSize(String key, int defaultValue, int min, int max) {
        return (int) size(key, defaultValue, min, max);
    }

    private long parsed(String key, long defaultValue, Function<String, Long> parser, String notANumber,
                        long min, long max, String unit) {
        Optional<String> v = text(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        long n;
        try {
            n = parser.apply(v.get());
        } catch (NumberFormatException e) {
            error(key, ConfigErrors.show(v.get()) + " " + notANumber);
            return defaultValue;
        } catch (IllegalArgumentException e) {
            error(key, ConfigErrors.show(v.get()) + " " + e.getMessage());
            return defaultValue;
        }
        if (n < min || n > max) {
            String shown = ConfigErrors.show(v.get());
            String exact = shown.equals(Long.toString(n)) ? "" : " (" + n + unit + ")";
            boolean unbounded = max == Long.MAX_VALUE || max == Integer.MAX_VALUE;
            String allowed = unbounded ? " is less than the minimum " + min : " is not between " + min + " and " + max;
            error(key, shown + exact + allowed + unit);
            return defaultValue;
        }
        return n;
    }

    /** An enum written in lower case in YAML ({@code raw}, {@code envelope}); case-insensitive. */
    <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        Optional<String> v = text(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.get().strip())) {
                return e;
            }
        }
        String allowed = List.of(type.getEnumConstants()).stream()
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        error(key, ConfigErrors.show(v.get()) + " is not one of " + allowed);
        return defaultValue;
    }

    /**
     * A list of non-blank strings; a single scalar is accepted as a one-element list. Any invalid item makes the
     * whole list fall back to its default, so one bad item does not also cause an "empty list" error.
     */
    List<String> stringList(String key, List<String> defaultValue) {
        known.add(key);
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (v.isObject()) {
            error(key, "expected a list of strings, got a mapping");
            return defaultValue;
        }
        if (!v.isArray()) {
            v = JsonNodeFactory.instance.arrayNode().add(v);
        }
        List<String> out = new ArrayList<>();
        boolean invalid = false;
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (item.isMissingNode()) {
                invalid = true; // its ${VAR} failed to expand, which is already reported
            } else if (item.isContainerNode() || item.isNull() || item.asText().isBlank()) {
                error(key + "[" + i + "]", "expected a non-empty string, got "
                        + (item.isContainerNode() ? "a " + kind(item) : "nothing"));
                invalid = true;
            } else {
                out.add(item.asText().strip());
            }
        }
        return invalid ? defaultValue : List.copyOf(out);
    }

    /** A mapping of string to string (e.g. tags); keys in file order. */
    Map<String, String> stringMap(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            error(key, "expected a mapping of names to values, got a " + kind(v));
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isMissingNode()) {
                continue; // its ${VAR} failed to expand, which is already reported
            }
            if (e.getValue().isContainerNode()) {
                error(key + "." + e.getKey(), "expected a single value, got a " + kind(e.getValue()));
            } else {
                out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
            }
        }
        return out;
    }

    /** The nested mapping {@code key}; an empty section (all defaults) when absent or not a mapping. */
    ConfigSection section(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        ObjectNode child = JsonNodeFactory.instance.objectNode();
        if (v != null && !v.isNull()) {
            if (v.isObject()) {
                child = (ObjectNode) v;
            } else {
                error(key, "expected a mapping of keys, got " + describe(v));
            }
        }
        return new ConfigSection(path(key), child, errors);
    }

    /**
     * The non-empty list of mappings {@code key}, or empty when absent (the caller supplies the default);
     * a present but empty or non-list value is an error and also yields empty.
     */
    Optional<List<ConfigSection>> sectionList(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            error(key, "expected a list, got " + describe(v));
            return Optional.empty();
        }
        if (v.isEmpty()) {
            error(key, "must list at least one entry (remove the key for the default)");
            return Optional.empty();
        }
        List<ConfigSection> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String itemPath = path(key) + "[" + i + "]";
            JsonNode item = v.get(i);
            if (item.isMissingNode()) {
                continue; // its ${VAR} failed to expand, which is already reported
            }
            if (item.isObject()) {
                out.add(new ConfigSection(itemPath, (ObjectNode) item, errors));
            } else {
                errors.add(itemPath, "expected a mapping of keys, got " + describe(item));
            }
        }
        return Optional.of(out);
    }

    /** Whether {@code key} is present, even as {@code key:} with no value; records the key as known. */
    boolean has(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v != null && !v.isMissingNode();
    }

    /**
     * The list of mappings {@code key}, possibly empty ({@code []}, or absent); a non-list value is an error and
     * yields an empty list.
     */
    List<ConfigSection> sectionListOrEmpty(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        if (v != null && v.isArray() && v.isEmpty()) {
            return List.of();
        }
        return sectionList(key).orElse(List.of());
    }

    /** Reports every key of this section that no getter asked for. Call after reading all keys. */
    void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                String suggestion = Suggestions.closest(key, known).map(k -> " (did you mean " + k + "?)").orElse("");
                error(key, "unknown key" + suggestion + "; allowed keys are " + String.join(", ", known));
            }
        }
    }

    private static String kind(JsonNode v) {
        return v.isObject() ? "mapping" : v.isArray() ? "list" : "value";
    }

    private static String describe(JsonNode v) {
        return v.isContainerNode() ? "a " + kind(v) : ConfigErrors.show(v.asText());
    }
}
