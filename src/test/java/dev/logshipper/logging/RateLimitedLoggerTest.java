package dev.logshipper.logging;

import org.junit.jupiter.api.Test;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimitedLoggerTest {

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private Level threshold = Level.INFO;

    private final System.Logger sink = new System.Logger() {
        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= threshold.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + format);
        }
    };

    private final RateLimitedLogger logger = new RateLimitedLogger(sink, Duration.ofSeconds(30), clock::get);

    @Test
    void aFloodLogsOncePerIntervalWithTheCountOfWhatWasSuppressed() {
        for (int i = 0; i < 100_000; i++) {
            logger.log(Level.WARNING, "parse:app", "line " + i + " is not valid json");
        }
        assertEquals(List.of("WARNING line 0 is not valid json"), lines);
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        logger.log(Level.WARNING, "parse:app", "line 100000 is not valid json");
        assertEquals("WARNING line 100000 is not valid json (99999 similar messages suppressed since the last one)",
                lines.get(1));
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        logger.log(Level.WARNING, "parse:app", "again");
        assertEquals("WARNING again", lines.get(2), "nothing suppressed in between");
    }

    @Test
    void keysAreLimitedIndependently() {
        logger.log(Level.WARNING, "parse:app", "a");
        logger.log(Level.WARNING, "utf8:app", "b");
        logger.log(Level.WARNING, "parse:app", "c");
        assertEquals(List.of("WARNING a", "WARNING b"), lines);
    }

    @Test
    void aSuppressedOrDisabledMessageIsNeverBuilt() {
        AtomicInteger built = new AtomicInteger();
        for (int i = 0; i < 1_000; i++) {
            logger.log(Level.WARNING, "k", () -> "message " + built.incrementAndGet());
        }
        assertEquals(1, built.get());
        threshold = Level.ERROR;
        clock.addAndGet(Duration.ofMinutes(5).toNanos());
        logger.log(Level.WARNING, "k", () -> "message " + built.incrementAndGet());
        assertEquals(1, built.get());
        assertEquals(List.of("WARNING message 1"), lines);
    }
}
