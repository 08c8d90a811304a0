package dev.logshipper.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Reads one YAML config file into a validated {@link ShipperConfig}.
 *
 * <p>Order of work: parse the YAML (syntax errors carry line and column) → expand {@code ${VAR}} /
 * {@code ${VAR:-default}} in string values → apply {@code SHIPPER_*} overrides (they win over the file) → bind and
 * validate every key. Every key is optional; unknown keys are errors, because a misspelt key silently falling
 * back to its default is the worst kind of config bug. All problems are collected and thrown together as one
 * {@link ConfigException}.
 *
 * <p>The environment is injected as a map so tests never depend on the real one.
 */
public final class ConfigLoader {
    /** Duplicate keys are errors (the later one would silently win); a bare {@code key:} is null, i.e. "default". */
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build());

    private final Map<String, String> env;
    private final long maxHeapBytes;

    /**
     * @param env          the environment for {@code ${VAR}} substitution and {@code SHIPPER_*} overrides
     * @param maxHeapBytes the JVM's maximum heap, which bounds {@code buffer.maxBytes}
     */
    public ConfigLoader(Map<String, String> env, long maxHeapBytes) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.maxHeapBytes = maxHeapBytes;
    }

    /** A loader for this JVM: its heap limit and the given environment. */
    public ConfigLoader(Map<String, String> env) {
        this(env, Runtime.getRuntime().maxMemory());
    }

    /** The configuration an empty file yields: every default, one input {@code app}. */
    public static ShipperConfig defaults() {
        try {
            return new ConfigLoader(Map.of()).parse("", "defaults");
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in defaults are invalid: " + e.getMessage(), e);
        }
    }

    /**
     * Loads and validates {@code file}.
     *
     * @throws ConfigException if the file is missing, unreadable or not YAML, or any key is invalid
     */
    public ShipperConfig load(Path file) throws ConfigException {
        return parse(read(file), file.toString());
    }

    /**
     * Parses and validates YAML text.
     *
     * @param source names the text in messages, e.g. its file path
     * @throws ConfigException listing every problem found
     */
    public ShipperConfig parse(String yaml, String source) throws ConfigException {
        ObjectNode root = parseYaml(yaml, source);
        ConfigErrors errors = new ConfigErrors();
        new EnvSubstitution(env, errors).apply(root);
        new EnvOverrides(env, errors).apply(root);
        ShipperConfig config = new ConfigBinder(maxHeapBytes).bind(new ConfigSection("", root, errors));
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors.messages());
        }
        return config;
    }

    private static String read(Path file) throws ConfigException {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new ConfigException(source, "is a directory, not a config file");
        }
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, "config file not found (give one with --config FILE or "
                    + ConfigKeys.CONFIG_FILE_ENV + ")");
        } catch (AccessDeniedException e) {
            throw new ConfigException(source, "config file is not readable: permission denied");
        } catch (CharacterCodingException e) {
            throw new ConfigException(source, "config file is not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigException(source, "config file cannot be read: " + e);
        }
    }

    private static ObjectNode parseYaml(String yaml, String source) throws ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new ConfigException(source, "invalid YAML: " + where + firstLine(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!(root instanceof ObjectNode object)) {
            throw new ConfigException(source, "invalid config: the file must be a YAML mapping of keys"
                    + " (inputs:, cloudwatch:, ...), not a " + (root.isArray() ? "list" : "single value"));
        }
        return object;
    }

    private static String firstLine(String message) {
        String m = message == null ? "syntax error" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
