package dev.logshipper.tail;

import dev.logshipper.config.ShipperConfig.StartAt;
import dev.logshipper.config.ShipperConfig.TailConfig;
import dev.logshipper.tail.RotationModel.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * logrotate's copytruncate creates the copy before it truncates the live file. The scan that finds the copy reads the
 * live file to its end at once and leaves it hot: the reader thread then polls it without pause (and without the
 * coalescing window) until it sees the truncation, so a running shipper loses only what is written in the last
 * instant before it.
 */
class CopytruncateWindowTest {
    @TempDir
    Path dir;

    @RegisterExtension
    static final QuietLogs QUIET = new QuietLogs();

    private final ManualClock clock = new ManualClock();
    private final RecordingHandlers handlers = new RecordingHandlers();
    private TailSteps shipper;

    @AfterEach
    void close() {
        if (shipper != null) {
            shipper.close();
        }
    }

    @Test
    void theScanThatFindsTheCopyReadsTheLiveFileToItsEndAndKeepsItHotUntilTheTruncation() throws IOException {
        Path live = dir.resolve("logs").resolve("app.log");
        start(live, "one\ntwo\n");
        assertEquals(List.of("one", "two"), handlers.texts());
        assertFalse(shipper.hot(clock), "no copy yet");

        append(live, "three\nfour\n");
        Files.copy(live, live.resolveSibling("app.log.1"));
        shipper.scan(); // no pass: the scan alone must read the live file to its end
        assertEquals(List.of("one", "two", "three", "four"), handlers.texts());
        assertTrue(shipper.hot(clock), "the live file is polled until its truncation");

        append(live, "five\n"); // written after the copy, before the truncation: read while hot
        assertTrue(shipper.pass());
        try (FileChannel channel = FileChannel.open(live, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(live, "six\n");
        shipper.scan();
        while (shipper.pass()) {
            // the truncation, then the new generation
        }
        assertEquals(List.of("one", "two", "three", "four", "five", "six"), handlers.texts());
        assertFalse(shipper.hot(clock), "the truncation was seen");
    }

    @Test
    void aCopyThatIsNeverFollowedByATruncationCoolsDown() throws IOException {
        Path live = dir.resolve("logs").resolve("app.log");
        start(live, "one\n");
        Files.copy(live, live.resolveSibling("app.log.1"));
        shipper.scan();
        assertTrue(shipper.hot(clock));
        clock.advance(FileTracker.HOT_MILLIS);
        assertFalse(shipper.hot(clock), "a backup copy, not logrotate: the reader goes back to waiting for events");
    }

    /** Writes {@code text} to the live file, starts the tailer (a 500 ms coalescing window) and reads what is there. */
    private void start(Path live, String text) throws IOException {
        Files.createDirectories(live.getParent());
        append(live, text);
        shipper = TailSteps.start(List.of(TailFixtures.input("app", List.of(live.resolveSibling("*.log").toString()),
                        List.of(), StartAt.HEAD)),
                new TailConfig(Duration.ofMillis(50), Duration.ofMillis(50), 1_000, Duration.ofMillis(300), 1024, 100,
                        Duration.ofSeconds(1), Duration.ofMillis(500)),
                dir.resolve("checkpoints"), handlers, clock, TailListener.NONE);
        shipper.scan();
        while (shipper.pass()) {
            // read what is there
        }
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
