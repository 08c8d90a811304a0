package dev.logshipper.tail;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Silences the shipper's own log while thousands of histories run (every start, truncation and checkpoint would log a
 * line); a failing history is described by the model's message, not by the log.
 */
final class QuietLogs implements BeforeAllCallback, AfterAllCallback {
    private final Logger logger = Logger.getLogger("dev.logshipper");
    private Level before;

    @Override
    public void beforeAll(ExtensionContext context) {
        before = logger.getLevel();
        logger.setLevel(Level.OFF);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        logger.setLevel(before);
    }
}
