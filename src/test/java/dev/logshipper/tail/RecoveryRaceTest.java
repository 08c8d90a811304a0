package dev.logshipper.tail;

import dev.logshipper.checkpoint.CheckpointStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Start-up recovery looks at the files, then starts their readers; logrotate can rename a file in between (LogrotateIT
 * found it: at 20,000 lines/s with a rotation every 2 KiB, the first generation was rotated while the shipper started).
 * The rotation model does not interleave with recovery, so this races it by hand.
 */
class RecoveryRaceTest extends StepDrivenTailerTest {
    @Test
    void aFileRenamedBetweenLookingAndReadingIsReadFromItsStartWhereverItWent() throws IOException {
        Path live = liveFile("one\ntwo\n");
        start(live, () -> {
            try {
                append(live, "three\n");
                Files.move(live, live.resolveSibling("app.log.1")); // logrotate's create mode
                append(live, "four\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        for (int round = 0; round < 2; round++) {
            scanAndRead();
        }
        assertEquals(4, handlers.texts().size(), "each line once: " + handlers.texts());
        assertEquals(Set.of("one", "two", "three", "four"), Set.copyOf(handlers.texts()));
    }

    /**
     * CrashLoopIT found it: a shipper killed in its first second, before its first checkpoint, and started again after
     * logrotate rotated the first generation, took that generation for history from before the shipper and never read
     * it. The first start is recorded before anything is read.
     */
    @Test
    void aShipperKilledBeforeItsFirstCheckpointReadsWhatWasRotatedMeanwhile() throws IOException {
        Path live = liveFile("one\ntwo\n");
        long firstStart = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"));
        store.createDirectory();
        assertEquals(firstStart, store.historyBeforeMillis(store.load(), firstStart)); // then killed
        Path rotated = live.resolveSibling("app.log.1");
        Files.move(live, rotated); // logrotate's create mode, while no shipper runs
        Files.setLastModifiedTime(rotated, FileTime.fromMillis(firstStart + Duration.ofMinutes(30).toMillis()));
        append(live, "three\n");

        start(live, () -> { });
        for (int round = 0; round < 2; round++) {
            scanAndRead();
        }
        assertEquals(Set.of("one", "two", "three"), Set.copyOf(handlers.texts()), "the rotated generation is read too");
    }
}
