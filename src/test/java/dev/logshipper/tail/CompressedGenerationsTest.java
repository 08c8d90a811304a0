package dev.logshipper.tail;

import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.StartAt;
import dev.logshipper.config.ShipperConfig.TailConfig;
import dev.logshipper.tail.RotationModel.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Compressed generations are never read; what of a checkpointed one survives only compressed is counted as lost. */
class CompressedGenerationsTest {
    @TempDir
    Path dir;

    @RegisterExtension
    static final QuietLogs QUIET = new QuietLogs();

    private final ManualClock clock = new ManualClock();

    @Test
    void unacknowledgedBytesThatSurviveOnlyCompressedAreCountedAsLostAtTheNextStart() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path live = logs.resolve("app.log");
        Files.writeString(live, "one\ntwo\n", StandardCharsets.UTF_8);
        List<InputConfig> inputs = List.of(TailFixtures.input("app", List.of(live.toString()), List.of(), StartAt.HEAD));
        TailConfig tail = new TailConfig(Duration.ofMillis(50), Duration.ofMillis(50), 1_000, Duration.ofMillis(300), 1024,
                100, Duration.ofSeconds(60));
        RecordingHandlers unacknowledged = new RecordingHandlers();
        unacknowledged.autoAck = false;
        try (TailSteps first = TailSteps.start(inputs, tail, dir.resolve("checkpoints"), unacknowledged, clock,
                TailListener.NONE)) {
            first.scan();
            while (first.pass()) {
                // read, never acknowledged
            }
            first.checkpoint();
        } // killed

        // While the shipper is down, logrotate rotates and compresses the generation it had not delivered.
        Path rotated = logs.resolve("app.log.1");
        Files.move(live, rotated);
        try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(logs.resolve("app.log.1.gz")))) {
            Files.copy(rotated, gzip);
        }
        Files.delete(rotated);
        Files.createFile(live);

        CountingListener listener = new CountingListener();
        RecordingHandlers handlers = new RecordingHandlers();
        try (TailSteps second = TailSteps.start(inputs, tail, dir.resolve("checkpoints"), handlers, clock, listener)) {
            second.scan();
            while (second.pass()) {
                // nothing to read: the compressed copy is not read
            }
        }
        assertEquals(8, listener.lost.get(), "\"one\\ntwo\\n\" survives only in app.log.1.gz");
        assertEquals(List.of(), handlers.texts());
    }
}
