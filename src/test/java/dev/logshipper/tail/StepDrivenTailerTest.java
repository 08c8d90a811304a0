package dev.logshipper.tail;

import dev.logshipper.config.ShipperConfig.StartAt;
import dev.logshipper.config.ShipperConfig.TailConfig;
import dev.logshipper.tail.RotationModel.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/** The set-up of tests that drive the tailer step by step ({@link TailSteps}) on one live file, {@code logs/app.log}. */
abstract class StepDrivenTailerTest {
    @TempDir
    Path dir;

    @RegisterExtension
    static final QuietLogs QUIET = new QuietLogs();

    final ManualClock clock = new ManualClock();
    final RecordingHandlers handlers = new RecordingHandlers();
    TailSteps shipper;

    @AfterEach
    void close() {
        if (shipper != null) {
            shipper.close();
        }
    }

    /** Writes {@code text} to {@code logs/app.log} and returns its path; the tailer is not started yet. */
    Path liveFile(String text) throws IOException {
        Path live = Files.createDirectories(dir.resolve("logs")).resolve("app.log");
        append(live, text);
        return live;
    }

    /**
     * Starts the tailer on {@code live} (a 500 ms coalescing window), running {@code afterLooking} inside recovery, then
     * scans and reads what is there.
     */
    void start(Path live, Runnable afterLooking) {
        shipper = TailSteps.start(List.of(TailFixtures.input("app", List.of(live.toString()), List.of(), StartAt.HEAD)),
                new TailConfig(Duration.ofMillis(50), Duration.ofMillis(50), 1_000, Duration.ofMillis(300), 1024, 100,
                        Duration.ofSeconds(60), Duration.ofMillis(500)),
                dir.resolve("checkpoints"), handlers, clock, TailListener.NONE, afterLooking);
        scanAndRead();
    }

    /** One scan, then passes until nothing more is read. */
    void scanAndRead() {
        shipper.scan();
        while (shipper.pass()) {
            // read what is there
        }
    }

    static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
