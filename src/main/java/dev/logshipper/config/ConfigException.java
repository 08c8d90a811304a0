package dev.logshipper.config;

import java.io.Serial;
import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, not just the first, so one run of
 * {@code --check-config} shows the operator everything to fix. Each message names the key, the value and what is allowed.
 */
public final class ConfigException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<String> errors;

    /**
     * @param source the config file (or other origin) the errors belong to, for the summary line
     * @param errors one message per problem; at least one
     */
    public ConfigException(String source, List<String> errors) {
        super(summary(source, errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** A single problem that stops loading before validation can start (missing file, invalid YAML). */
    public ConfigException(String source, String error) {
        this(source, List.of(error));
    }

    /** Where the configuration came from, e.g. the file path. */
    public String source() {
        return source;
    }

    /** Every problem found, in the order of the keys in the schema. */
    public List<String> errors() {
        return errors;
    }

    private static String summary(String source, List<String> errors) {
        StringBuilder out = new StringBuilder(source).append(": ")
                .append(errors.size() == 1 ? "1 configuration error" : errors.size() + " configuration errors");
        for (String e : errors) {
            out.append(System.lineSeparator()).append("  - ").append(e);
        }
        return out.toString();
    }
}
