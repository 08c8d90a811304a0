package dev.logshipper.filter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dotted path to a field of a JSON record, such as {@code http.request.path}: each name looks into the object the
 * previous one found. A top-level field whose own name contains the dots ({@code "http.request.path": ...}) is found
 * first. Changes never modify the record's maps: they return new maps along the changed path and share the rest.
 */
final class FieldPath {

    private final String whole;
    private final String[] names;

    FieldPath(String dotted) {
        this.whole = dotted;
        this.names = dotted.split("\\.");
    }

    /** The field's value, or null when the record has no such field (or it is JSON null). */
    Object get(Map<String, Object> fields) {
        Object direct = fields.get(whole);
        if (direct != null || names.length == 1) {
            return direct;
        }
        Object current = fields;
        for (String name : names) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(name);
        }
        return current;
    }

    /** {@code fields} without this field; the same map when there is no such field. */
    Map<String, Object> remove(Map<String, Object> fields) {
        if (fields.containsKey(whole)) {
            Map<String, Object> copy = new LinkedHashMap<>(fields);
            copy.remove(whole);
            return Collections.unmodifiableMap(copy);
        }
        Map<String, Object> result = removeIn(fields, 0);
        return result == fields ? fields : Collections.unmodifiableMap(result);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> removeIn(Map<String, Object> map, int i) {
        String name = names[i];
        if (i == names.length - 1) {
            if (!map.containsKey(name)) {
                return map;
            }
            Map<String, Object> copy = new LinkedHashMap<>(map);
            copy.remove(name);
            return copy;
        }
        if (!(map.get(name) instanceof Map<?, ?> child)) {
            return map;
        }
        Map<String, Object> changed = removeIn((Map<String, Object>) child, i + 1);
        if (changed == child) {
            return map;
        }
        Map<String, Object> copy = new LinkedHashMap<>(map);
        copy.put(name, changed);
        return copy;
    }

    /** {@code fields} with this field set to {@code value}, creating the objects on the way that are missing. */
    Map<String, Object> put(Map<String, Object> fields, Object value) {
        return Collections.unmodifiableMap(putIn(fields, 0, value));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> putIn(Map<String, Object> map, int i, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        String name = names[i];
        if (i == names.length - 1) {
            copy.put(name, value);
        } else {
            Map<String, Object> child = map.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            copy.put(name, putIn(child, i + 1, value));
        }
        return copy;
    }

    @Override
    public String toString() {
        return whole;
    }
}
