package dev.logshipper.config;

import dev.logshipper.bytes.JsonEscape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects every configuration problem while loading continues, so the operator sees all of them at once.
 * Knows which keys were set by a {@code SHIPPER_*} environment variable and says so in their messages,
 * because a bad value that is not in the file is otherwise hard to trace.
 */
final class ConfigErrors {
    private final List<String> messages = new ArrayList<>();
    private final Map<String, String> overriddenBy = new HashMap<>();

    /** Records that {@code keyPath} was set from environment variable {@code envName}. */
    void overridden(String keyPath, String envName) {
        overriddenBy.put(keyPath, envName);
    }

    /** Adds {@code "<keyPath>: <message>"}. */
    void add(String keyPath, String message) {
        String env = overriddenBy.get(keyPath);
        String where = env == null ? keyPath : keyPath + " (from " + env + ")";
        messages.add(where + ": " + message);
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    /** Formats a value for a message: numbers and booleans bare, anything else as a quoted JSON string. */
    static String show(String value) {
        return value.matches("-?\\d+(\\.\\d+)?|true|false") ? value : JsonEscape.quoted(value);
    }
}
