package dev.logshipper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in every string value of the parsed file, so a config
 * can use downward-API variables such as {@code ${POD_NAMESPACE}}.
 *
 * <p>Rules follow the shell: {@code :-} uses the default when the variable is unset <em>or empty</em>; an unset
 * variable without a default is an error naming the key and the variable (never an empty string, which would
 * silently produce log groups like {@code /aws/containerinsights//}). {@code $${} writes a literal {@code ${}.
 * A {@code $} not followed by {@code {} is literal, so regex anchors like {@code ^\d+$} need no escaping.
 * Only values are expanded, never keys; defaults are literal (no nesting).
 */
final class EnvSubstitution {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> env;
    private final ConfigErrors errors;

    EnvSubstitution(Map<String, String> env, ConfigErrors errors) {
        this.env = env;
        this.errors = errors;
    }

    /**
     * Expands every string value under {@code root} in place. A value that fails becomes a missing node: the
     * binder treats it as absent and reports nothing more, since its error is already recorded.
     */
    void apply(ObjectNode root) {
        walkObject("", root);
    }

    private void walkObject(String path, ObjectNode node) {
        for (String key : iterable(node)) {
            String childPath = path.isEmpty() ? key : path + "." + key;
            node.set(key, walk(childPath, node.get(key)));
        }
    }

    private JsonNode walk(String path, JsonNode value) {
        if (value instanceof ObjectNode o) {
            walkObject(path, o);
            return o;
        }
        if (value instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, walk(path + "[" + i + "]", a.get(i)));
            }
            return a;
        }
        if (value.isTextual() && value.asText().contains("$")) {
            return expand(path, value.asText()).<JsonNode>map(TextNode::valueOf).orElse(MissingNode.getInstance());
        }
        return value;
    }

    /** Expands one value; empty (with errors added) when a reference cannot be resolved. */
    Optional<String> expand(String path, String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean ok = true;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    errors.add(path, ConfigErrors.show(text) + " has an unterminated ${ (write $${ for a literal ${)");
                    return Optional.empty();
                }
                String reference = text.substring(i + 2, close);
                Optional<String> resolved = resolve(path, reference);
                ok &= resolved.isPresent();
                resolved.ifPresent(out::append);
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return ok ? Optional.of(out.toString()) : Optional.empty();
    }

    private Optional<String> resolve(String path, String reference) {
        int sep = reference.indexOf(":-");
        String name = sep < 0 ? reference : reference.substring(0, sep);
        if (!NAME.matcher(name).matches()) {
            errors.add(path, "${" + reference + "} is not a valid reference; write ${VAR} or ${VAR:-default}"
                    + " (VAR is letters, digits and _)");
            return Optional.empty();
        }
        String value = env.get(name);
        if (sep >= 0) {
            return Optional.of(value == null || value.isEmpty() ? reference.substring(sep + 2) : value);
        }
        if (value == null) {
            errors.add(path, "environment variable " + name + " is not set and ${" + name + "} has no default;"
                    + " set " + name + " or write ${" + name + ":-default}");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static List<String> iterable(ObjectNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
