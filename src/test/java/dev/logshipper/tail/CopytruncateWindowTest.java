package dev.logshipper.tail;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * logrotate's copytruncate creates the copy before it truncates the live file. The scan that finds the copy reads the
 * live file to its end at once and leaves it hot: the reader thread then polls it without pause (and without the
 * coalescing window) until it sees the truncation, so a running shipper reads part of what the app writes between
 * the copy and the truncation.
 */
class CopytruncateWindowTest extends StepDrivenTailerTest {
    @Test
    void theScanThatFindsTheCopyReadsTheLiveFileToItsEndAndKeepsItHotUntilTheTruncation() throws IOException {
        Path live = liveFile("one\ntwo\n");
        start(live, () -> { });
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
        scanAndRead(); // the truncation, then the new generation
        assertEquals(List.of("one", "two", "three", "four", "five", "six"), handlers.texts());
        assertFalse(shipper.hot(clock), "the truncation was seen");
    }

    @Test
    void aCopyThatIsNeverFollowedByATruncationCoolsDown() throws IOException {
        Path live = liveFile("one\n");
        start(live, () -> { });
        Files.copy(live, live.resolveSibling("app.log.1"));
        shipper.scan();
        assertTrue(shipper.hot(clock));
        clock.advance(FileTracker.HOT_MILLIS);
        assertFalse(shipper.hot(clock), "a backup copy, not logrotate: the reader goes back to waiting for events");
    }
}
