package dev.logshipper.tail;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
