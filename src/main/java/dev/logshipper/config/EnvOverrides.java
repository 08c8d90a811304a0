package dev.logshipper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies {@code SHIPPER_*} environment variables on top of the file: {@code SHIPPER_SERVER_PORT=9090} wins over
 * {@code server.port} in the file. Values are written into the parsed tree as strings before binding, so they get
 * exactly the same parsing and validation as file values, and their errors name the variable.
 *
 * <p>Unknown {@code SHIPPER_*} variables are logged, not rejected: Kubernetes service links inject variables
 * such as {@code SHIPPER_PORT} for a Service named {@code shipper}, which must not stop the pod.
 */
final class EnvOverrides {
    private static final System.Logger LOG = System.getLogger(EnvOverrides.class.getName());

    private final Map<String, String> env;
    private final ConfigErrors errors;

    EnvOverrides(Map<String, String> env, ConfigErrors errors) {
        this.env = env;
        this.errors = errors;
    }

    void apply(ObjectNode root) {
        Set<String> used = new HashSet<>(Set.of(ConfigKeys.CONFIG_FILE_ENV, ConfigKeys.INPUT_INCLUDE_ENV));
        for (String key : ConfigKeys.overridable()) {
            String name = ConfigKeys.envName(key);
            String value = env.get(name);
            used.add(name);
            if (value != null) {
                set(root, key, value);
                errors.overridden(key, name);
            }
        }
        String include = env.get(ConfigKeys.INPUT_INCLUDE_ENV);
        if (include != null) {
            overrideFirstInclude(root, include);
        }
        Set<String> unknown = new TreeSet<>();
        for (String name : env.keySet()) {
            if (name.startsWith(ConfigKeys.ENV_PREFIX) && !used.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            LOG.log(Level.WARNING, "ignoring environment variables that match no config key: {0}", String.join(", ", unknown));
        }
    }

    /** Sets a dotted scalar path, creating missing sections; a section that is not a mapping is left for the binder to report. */
    private static void set(ObjectNode root, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (String part : Arrays.copyOf(parts, parts.length - 1)) {
            JsonNode child = node.get(part);
            if (child == null || child.isNull()) {
                child = node.putObject(part);
            }
            if (!(child instanceof ObjectNode o)) {
                return;
            }
            node = o;
        }
        node.put(parts[parts.length - 1], value);
    }

    private void overrideFirstInclude(ObjectNode root, String value) {
        ArrayNode globs = JsonNodeFactory.instance.arrayNode();
        for (String glob : value.split(",")) {
            if (!glob.isBlank()) {
                globs.add(glob.strip());
            }
        }
        JsonNode inputs = root.get("inputs");
        if (inputs == null || inputs.isNull()) {
            inputs = root.putArray("inputs");
        }
        if (!(inputs instanceof ArrayNode list)) {
            return;
        }
        if (list.isEmpty()) {
            list.addObject();
        }
        if (list.get(0) instanceof ObjectNode first) {
            first.set("include", globs);
            errors.overridden("inputs[0].include", ConfigKeys.INPUT_INCLUDE_ENV);
        }
    }
}
