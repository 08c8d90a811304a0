package dev.logshipper.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The key paths of the config file and their {@code SHIPPER_*} override names, derived from the
 * {@link ShipperConfig} records: a YAML key is exactly a record component name, so the schema has one source.
 *
 * <p>Paths use dots for nesting and {@code []} for list items, e.g. {@code inputs[].multiline.startPattern}.
 */
public final class ConfigKeys {
    /** Overrides the first input's include globs (comma-separated), the one list key with an override. */
    public static final String INPUT_INCLUDE_ENV = "SHIPPER_INPUT_INCLUDE";
    /** Names the config file when {@code --config} is absent; not a key. */
    public static final String CONFIG_FILE_ENV = "SHIPPER_CONFIG";
    static final String ENV_PREFIX = "SHIPPER_";

    private static final List<String> ALL = new ArrayList<>();
    private static final List<String> OVERRIDABLE = new ArrayList<>();

    static {
        collect(ShipperConfig.class, "", false);
    }

    private ConfigKeys() {
    }

    /** Every leaf key path of the schema, in record order. */
    public static List<String> all() {
        return List.copyOf(ALL);
    }

    /** The scalar keys outside {@code inputs} that a {@code SHIPPER_*} variable overrides. */
    public static List<String> overridable() {
        return List.copyOf(OVERRIDABLE);
    }

    /** {@code cloudwatch.logGroup} becomes {@code SHIPPER_CLOUDWATCH_LOG_GROUP}. */
    public static String envName(String keyPath) {
        StringBuilder out = new StringBuilder(ENV_PREFIX);
        for (int i = 0; i < keyPath.length(); i++) {
            char c = keyPath.charAt(i);
            if (c == '.') {
                out.append('_');
            } else if (Character.isUpperCase(c)) {
                out.append('_').append(c);
            } else {
                out.append(Character.toUpperCase(c));
            }
        }
        return out.toString();
    }

    private static void collect(Class<?> record, String prefix, boolean inList) {
        for (RecordComponent c : record.getRecordComponents()) {
            String path = prefix + c.getName();
            Class<?> type = c.getType();
            if (type.isRecord()) {
                collect(type, path + ".", inList);
            } else if (type == List.class && elementType(c.getGenericType()) instanceof Class<?> e && e.isRecord()) {
                collect(e, path + "[].", true);
            } else if (type == List.class && elementType(c.getGenericType()) instanceof Class<?> e && e.isSealed()) {
                // A list of alternatives (filters): each item is a mapping with one key naming its kind.
                for (Class<?> kind : e.getPermittedSubclasses()) {
                    collect(kind, path + "[]." + ShipperConfig.FilterConfig.kindOf(kind) + ".", true);
                }
            } else {
                ALL.add(path);
                if (!inList && type != List.class && type != Map.class) {
                    OVERRIDABLE.add(path);
                }
            }
        }
    }

    private static Type elementType(Type listType) {
        return listType instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
    }
}
