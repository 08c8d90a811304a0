package dev.logshipper.checkpoint;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The writer persists every change of a watermark or of the slot set, also after intervals in which nothing changed. */
class CheckpointWriterTest {
    @TempDir
    Path dir;

    private CheckpointWriter writer;

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
    }

    private List<Long> persistedOffsets() {
        return new CheckpointStore(dir).load().entries().stream().map(CheckpointEntry::offset).toList();
    }

    private void awaitPersisted(Long... offsets) {
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertEquals(List.of(offsets), persistedOffsets()));
    }

    @Test
    void changesAfterQuietIntervalsAreWritten() throws Exception {
        writer = new CheckpointWriter(new CheckpointStore(dir), Duration.ofMillis(20), InstantSource.system(),
                CheckpointWriter.Listener.NONE);
        writer.start();
        AckLedger a = new AckLedger(0);
        writer.put(new CheckpointWriter.Slot(new FileKey(1, 10), 0, 0, 0, "/logs/a.log", "app", a));
        awaitPersisted(0L);

        a.track(0, 100).delivered();
        awaitPersisted(100L);
        long quietSince = writer.lastWriteMillis();
        await().atMost(10, TimeUnit.SECONDS).until(() -> writer.lastWriteMillis() > quietSince); // quiet intervals pass

        a.track(100, 250).delivered();
        awaitPersisted(250L);

        AckLedger b = new AckLedger(0);
        writer.put(new CheckpointWriter.Slot(new FileKey(1, 11), 0, 0, 0, "/logs/b.log", "app", b));
        awaitPersisted(250L, 0L);
        b.track(0, 7).delivered();
        awaitPersisted(250L, 7L);
    }
}
