package dev.logshipper.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

/** Test helpers: a loader with a fixed environment and heap, so results never depend on the machine. */
final class Loading {
    static final long HEAP = 1024L * 1024 * 1024;

    private Loading() {
    }

    static ShipperConfig load(String yaml) throws ConfigException {
        return load(yaml, Map.of());
    }

    static ShipperConfig load(String yaml, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env, HEAP).parse(yaml, "test.yaml");
    }

    static List<String> errors(String yaml) {
        return errors(yaml, Map.of());
    }

    static List<String> errors(String yaml, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> load(yaml, env)).errors();
    }
}
