package dev.logshipper.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Renders a {@link ShipperConfig} as the YAML config file that would produce it: every key with its resolved
 * value (unset optional keys as {@code null}), durations and sizes in their units, enums in lower case, and
 * secrets masked (see {@link Secrets}). Walks the records reflectively, so a key added to the schema is printed
 * without touching this class. Unless a value is masked, the output loads back to the same configuration.
 */
public final class EffectiveConfigPrinter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private EffectiveConfigPrinter() {
    }

    /** The configuration as YAML, secrets masked. */
    public static String toYaml(ShipperConfig config) {
        try {
            return YAML.writeValueAsString(tree(config));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration as a tree of plain values, secrets masked. */
    static ObjectNode tree(Record record) {
        ObjectNode out = NODES.objectNode();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            out.set(c.getName(), value(c.getName(), read(c, record)));
        }
        return out;
    }

    private static JsonNode value(String name, Object v) {
        return switch (v) {
            case null -> NODES.nullNode();
            case Optional<?> o -> o.isEmpty() ? NODES.nullNode() : value(name, o.get());
            case ShipperConfig.FilterConfig f -> {
                ObjectNode entry = NODES.objectNode();
                entry.set(f.kind(), tree((Record) f));
                yield entry;
            }
            case Record r -> tree(r);
            case List<?> list -> {
                ArrayNode array = NODES.arrayNode();
                list.forEach(item -> array.add(value(name, item)));
                yield array;
            }
            case Map<?, ?> map -> {
                ObjectNode object = NODES.objectNode();
                map.forEach((k, item) -> object.set(String.valueOf(k), value(String.valueOf(k), item)));
                yield object;
            }
            case Duration d -> NODES.textNode(Units.formatDuration(d));
            case Boolean b -> NODES.booleanNode(b);
            case Enum<?> e -> NODES.textNode(e.name().toLowerCase(Locale.ROOT));
            case Pattern p -> NODES.textNode(p.pattern());
            case URI uri -> NODES.textNode(withoutUserInfo(uri));
            case Path p -> NODES.textNode(p.toString());
            case Number n when name.endsWith("Bytes") && !Units.formatSize(n.longValue()).matches("\\d+") ->
                    NODES.textNode(Units.formatSize(n.longValue()));
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            default -> NODES.textNode(Secrets.maskByName(name, String.valueOf(v)));
        };
    }

    /** {@code https://user:pass@host/} prints as {@code https://********@host/}. */
    private static String withoutUserInfo(URI uri) {
        if (uri.getUserInfo() == null) {
            return uri.toString();
        }
        try {
            return new URI(uri.getScheme(), Secrets.MASK, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment()).toString();
        } catch (URISyntaxException e) {
            return Secrets.MASK;
        }
    }

    private static Object read(RecordComponent c, Record record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }
}
