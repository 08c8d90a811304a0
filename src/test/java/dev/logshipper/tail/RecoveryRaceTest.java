package dev.logshipper.tail;

import dev.logshipper.config.ShipperConfig.StartAt;
import dev.logshipper.config.ShipperConfig.TailConfig;
import dev.logshipper.tail.RotationModel.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Start-up recovery looks at the files, then starts their readers; logrotate can rename a file in between (LogrotateIT
 * found it: at 20,000 lines/s with a rotation every 2 KiB, the first generation was rotated while the shipper started).
 * The rotation model does not interleave with recovery, so this races it by hand.
 */
class RecoveryRaceTest {
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
    void aFileRenamedBetweenLookingAndReadingIsReadFromItsStartWhereverItWent() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path live = logs.resolve("app.log");
        append(live, "one\ntwo\n");
        shipper = TailSteps.start(List.of(TailFixtures.input("app", List.of(live.toString()), List.of(), StartAt.HEAD)),
                new TailConfig(Duration.ofMillis(50), Duration.ofMillis(50), 1_000, Duration.ofMillis(300), 1024, 100,
                        Duration.ofSeconds(60)),
                dir.resolve("checkpoints"), handlers, clock, TailListener.NONE, () -> {
                    try {
                        append(live, "three\n");
                        Files.move(live, logs.resolve("app.log.1")); // logrotate's create mode
                        append(live, "four\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        for (int round = 0; round < 3; round++) {
            shipper.scan();
            while (shipper.pass()) {
                // read what is there
            }
        }
        assertEquals(4, handlers.texts().size(), "each line once: " + handlers.texts());
        assertEquals(Set.of("one", "two", "three", "four"), Set.copyOf(handlers.texts()));
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
