package dev.logshipper.config;

/** Placeholder: reads YAML plus environment overrides into a validated {@link ShipperConfig}. */
public final class ConfigLoader {
    private ConfigLoader() {
    }
}
