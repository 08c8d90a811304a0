package dev.logshipper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.logshipper.config.ShipperConfig.OutputKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The config files in shipper/ load cleanly, and the reference documents every key with its real default. */
class ShippedConfigFilesTest {
    private static final Path REFERENCE = Path.of("shipper/config-reference.yaml");
    private static final Path DEMO = Path.of("shipper/demo/config.yaml");
    private static final Path KIT = Path.of("shipper/config.yaml");
    private static final String FILTER_KEYS = "inputs[].filters[].";

    @Test
    void theReferenceConfigLoadsToExactlyTheDefaults() throws Exception {
        ShipperConfig reference = new ConfigLoader(Map.of(), Loading.HEAP).load(REFERENCE);
        assertEquals(EffectiveConfigPrinter.toYaml(ConfigLoader.defaults()), EffectiveConfigPrinter.toYaml(reference),
                "a value in " + REFERENCE + " differs from the built-in default");
    }

    @Test
    void theReferenceConfigNamesEveryKey() throws Exception {
        JsonNode tree = new YAMLMapper().readTree(REFERENCE.toFile());
        List<String> missing = new ArrayList<>();
        for (String key : ConfigKeys.all()) {
            if (key.startsWith(FILTER_KEYS)) {
                continue; // the reference's filters are the default, none: their keys are named by its example
            }
            JsonNode node = tree;
            for (String part : key.split("\\.")) {
                node = part.endsWith("[]") ? node.path(part.substring(0, part.length() - 2)).path(0) : node.path(part);
            }
            if (node.isMissingNode()) {
                missing.add(key);
            }
        }
        assertEquals(List.of(), missing, "keys not in " + REFERENCE);
    }

    /** The commented filters example of the reference, uncommented: {@code filters: [...]}. */
    private static JsonNode filtersExample() throws Exception {
        String text = Files.readString(REFERENCE);
        int begin = text.indexOf("# BEGIN filters example\n");
        int end = text.indexOf("# END filters example");
        assertTrue(begin > 0 && end > begin, "no filters example in " + REFERENCE);
        String yaml = text.substring(begin, end).lines().skip(1).map(l -> l.replaceFirst("^\\s*# ?", ""))
                .collect(Collectors.joining("\n"));
        return new YAMLMapper().readTree(yaml).path("filters");
    }

    @Test
    void theReferenceFiltersExampleNamesEveryFilterKey() throws Exception {
        JsonNode items = filtersExample();
        List<String> missing = new ArrayList<>();
        for (String key : ConfigKeys.all()) {
            if (!key.startsWith(FILTER_KEYS)) {
                continue;
            }
            String[] parts = key.substring(FILTER_KEYS.length()).split("\\.");
            boolean named = false;
            for (JsonNode item : items) {
                named |= !item.path(parts[0]).path(parts[1]).isMissingNode();
            }
            if (!named) {
                missing.add(key);
            }
        }
        assertEquals(List.of(), missing, "filter keys not in the example of " + REFERENCE);
    }

    /** Each example filter loads, in an input of the format it needs; so the reference cannot show invalid filters. */
    @Test
    void everyReferenceFilterExampleLoads() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        for (JsonNode item : filtersExample()) {
            String format = item.toString().contains("\"stream\"") ? "cri" : "json";
            String config = "inputs:\n  - format: " + format + "\n    message: envelope\n    filters:\n      - "
                    + yaml.writeValueAsString(item).replaceFirst("^---\\s*", "").replace("\n", "\n        ");
            ShipperConfig loaded = Loading.load(config);
            assertEquals(1, loaded.inputs().getFirst().filters().size(), config);
        }
    }

    @Test
    void theReferenceConfigNamesEveryOverride() throws Exception {
        String text = Files.readString(REFERENCE);
        List<String> missing = new ArrayList<>();
        for (String key : ConfigKeys.overridable()) {
            if (!text.contains("Override: " + ConfigKeys.envName(key))) {
                missing.add(ConfigKeys.envName(key));
            }
        }
        assertEquals(List.of(), missing, "overrides not documented in " + REFERENCE);
        assertTrue(text.contains(ConfigKeys.INPUT_INCLUDE_ENV));
    }

    @Test
    void theDemoConfigLoadsAndShipsToStdout() throws Exception {
        ShipperConfig demo = new ConfigLoader(Map.of(), Loading.HEAP).load(DEMO);
        assertEquals(OutputKind.STDOUT, demo.output());
        assertEquals(List.of("shipper/demo/*.log"), demo.inputs().getFirst().include());
        assertEquals(Path.of("shipper/demo/data"), demo.checkpoint().directory());
        assertEquals(2020, demo.server().port());
    }

    @Test
    void theLocalKitConfigLoadsWithItsEnvironment() throws Exception {
        ShipperConfig kit = new ConfigLoader(Map.of("CLUSTER_NAME", "local", "AWS_ENDPOINT_URL", "http://localstack:4566"),
                Loading.HEAP).load(KIT);
        assertEquals(OutputKind.CLOUDWATCH, kit.output());
        assertEquals("http://localstack:4566", kit.cloudwatch().endpoint().orElseThrow().toString());
    }

    @Test
    void theDemoConfigShipsToCloudWatchWithTwoOverrides() throws Exception {
        ShipperConfig demo = new ConfigLoader(Map.of("SHIPPER_OUTPUT", "cloudwatch",
                "SHIPPER_CLOUDWATCH_ENDPOINT", "http://localhost:4566"), Loading.HEAP).load(DEMO);
        assertEquals(OutputKind.CLOUDWATCH, demo.output());
        assertEquals("http://localhost:4566", demo.cloudwatch().endpoint().orElseThrow().toString());
    }

    /** The configuration document's table names every key and every override, so it cannot fall behind the code. */
    @Test
    void theConfigurationTableNamesEveryKeyAndOverride() throws Exception {
        String doc = Files.readString(Path.of("docs", "configuration.md"));
        List<String> missing = new ArrayList<>();
        for (String key : ConfigKeys.all()) {
            if (!doc.contains("| `" + key + "` |")) {
                missing.add(key);
            }
        }
        for (String key : ConfigKeys.overridable()) {
            if (!doc.contains("`" + ConfigKeys.envName(key) + "`")) {
                missing.add(ConfigKeys.envName(key));
            }
        }
        assertEquals(List.of(), missing, "missing from docs/configuration.md's table");
    }
}
