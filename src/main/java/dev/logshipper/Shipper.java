package dev.logshipper;

import dev.logshipper.config.ShipperConfig;

/** Wires the stages from a validated configuration and runs them until shutdown. */
public final class Shipper {
    private Shipper() {
    }

    /** Runs the shipper; returns the process exit code. */
    public static int run(ShipperConfig config) {
        throw new UnsupportedOperationException("not wired yet");
    }
}
