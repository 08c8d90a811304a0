package dev.logshipper.tail;

import dev.logshipper.checkpoint.CheckpointEntry;
import dev.logshipper.checkpoint.CheckpointStore;
import dev.logshipper.checkpoint.FileKey;
import dev.logshipper.config.ShipperConfig.StartAt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tailer against real files in a temp directory, with a stand-in record stage. */
class TailerTest {
    @TempDir
    Path dir;

    private final RecordingHandlers handlers = new RecordingHandlers();
    private final CountingListener listener = new CountingListener();
    private final List<Tailer> tailers = new ArrayList<>();

    private Path log() {
        return dir.resolve("app.log");
    }

    private Path checkpoints() {
        return dir.resolve("cp");
    }

    private Tailer start(dev.logshipper.config.ShipperConfig.TailConfig tail) {
        return start(TailFixtures.input(dir, "*.log"), tail, handlers);
    }

    private Tailer start() {
        return start(TailFixtures.tail());
    }

    private Tailer start(dev.logshipper.config.ShipperConfig.InputConfig input, dev.logshipper.config.ShipperConfig.TailConfig tail,
            RecordingHandlers with) {
        Tailer tailer = TailFixtures.tailer(input, tail, checkpoints(), with, listener);
        tailers.add(tailer);
        tailer.start();
        return tailer;
    }

    @AfterEach
    void closeAll() {
        handlers.release();
        tailers.forEach(Tailer::close);
    }

    private static void append(Path file, String text) throws IOException {
        append(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void truncate(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
    }

    private void awaitTexts(String... expected) {
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertEquals(List.of(expected), handlers.texts()));
    }

    private void awaitSortedTexts(String... expected) {
        List<String> sorted = Stream.of(expected).sorted().toList();
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertEquals(sorted, handlers.texts().stream().sorted().toList()));
    }

    private long persistedOffset(Path file) throws IOException {
        FileKey key = FileStat.of(file).key();
        return TailFixtures.persisted(checkpoints()).stream().filter(e -> e.key().equals(key))
                .mapToLong(CheckpointEntry::offset).findFirst().orElse(-1);
    }

    private void awaitPersistedOffset(Path file, long offset) {
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertEquals(offset, persistedOffset(file)));
    }

    @Test
    void readsExistingAndAppendedLinesAndCheckpointsOnlyAcknowledgedOffsets() throws Exception {
        handlers.autoAck = false;
        append(log(), "a\nbb\n");
        start();
        awaitTexts("a", "bb");
        append(log(), "ccc\n");
        awaitTexts("a", "bb", "ccc");
        List<RecordingHandlers.Line> lines = handlers.lines();
        assertEquals(List.of(0L, 2L, 5L), lines.stream().map(RecordingHandlers.Line::start).toList());
        assertEquals(List.of(2L, 5L, 9L), lines.stream().map(RecordingHandlers.Line::end).toList());

        assertEquals(List.of(0, 2), handlers.linesAtReads(), "each read is reported before its lines");

        awaitPersistedOffset(log(), 0); // read is not acknowledged
        handlers.ackFirst(2);
        awaitPersistedOffset(log(), 5);
        handlers.ackAll();
        awaitPersistedOffset(log(), 9);
    }

    /**
     * The end of a backlog (at least {@link ReaderLoop#BACKLOG_BYTES} read without a pause) is reported once, after
     * every line of it was handed over, so that the output can send it at once; the end of a trickle is not.
     */
    @Test
    void reportsTheEndOfABacklogOnceButNotTheEndOfATrickle() throws Exception {
        int lines = ReaderLoop.BACKLOG_BYTES / 100 + 1_000;
        append(log(), ("x".repeat(99) + "\n").repeat(lines));
        AtomicInteger backlogs = new AtomicInteger();
        AtomicInteger handedOverAtReport = new AtomicInteger(-1);
        Tailer tailer = new Tailer(List.of(TailFixtures.input(dir, "*.log")), TailFixtures.tail(),
                TailFixtures.checkpoint(checkpoints()), handlers, InstantSource.system(), listener, () -> {
                    handedOverAtReport.compareAndSet(-1, handlers.count());
                    backlogs.incrementAndGet();
                });
        tailers.add(tailer);
        tailer.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlogs.get() == 1);
        assertEquals(lines, handedOverAtReport.get(), "reported before every line of the backlog was handed over");

        append(log(), "a trickle\n");
        // Handed over, and the reader has parked again: the pass that found the file at its end again has run.
        await().atMost(10, TimeUnit.SECONDS).until(() -> handlers.count() == lines + 1 && tailer.readerBusySinceNanos() == 0);
        assertEquals(1, backlogs.get(), "a trickle is not a backlog");

        // A second backlog, as a file that appears whole (renamed into the glob): appended to app.log instead, the
        // reader could catch up with the write half-way, and two halves under 1 MiB are rightly no backlog.
        Path whole = dir.resolve("second.tmp");
        append(whole, ("y".repeat(99) + "\n").repeat(lines));
        Files.move(whole, dir.resolve("second.log"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlogs.get() == 2);
        assertEquals(2 * lines + 1, handlers.count());
    }

    /**
     * With inotify covering every file and scans an hour apart, only reported events can bring new lines in: idle files
     * are skipped by the passes (no fstat), so a write, a truncation and a new file must each wake the reader.
     */
    @Test
    void watchedIdleFilesAreWokenByTheirWritesNotByScans() throws Exception {
        append(dir.resolve("a.log"), "a1\n");
        append(dir.resolve("b.log"), "b1\n");
        Duration hour = Duration.ofHours(1);
        start(new dev.logshipper.config.ShipperConfig.TailConfig(hour, hour, 1_000_000, Duration.ofMillis(300), 64 * 1024,
                64, hour));
        awaitSortedTexts("a1", "b1");

        append(dir.resolve("b.log"), "b2\n");
        awaitSortedTexts("a1", "b1", "b2");
        append(dir.resolve("a.log"), "a2\n");
        awaitSortedTexts("a1", "a2", "b1", "b2");

        truncate(dir.resolve("a.log"));
        append(dir.resolve("a.log"), "a3 after truncation\n");
        awaitSortedTexts("a1", "a2", "a3 after truncation", "b1", "b2");

        append(dir.resolve("c.log"), "c1\n");
        awaitSortedTexts("a1", "a2", "a3 after truncation", "b1", "b2", "c1");
        append(dir.resolve("c.log"), "c2\n");
        awaitSortedTexts("a1", "a2", "a3 after truncation", "b1", "b2", "c1", "c2");
    }

    /**
     * After a write wakes the reader, it does not look again for {@code tail.coalesceWindow}: a trickle of twenty writes,
     * one line each, 15 ms apart (the spacing is the input, an app writing line by line), is read in a few reads, not
     * twenty. A slow machine only makes the reads fewer.
     */
    @Test
    void writesWithinTheCoalescingWindowAreReadTogether() throws Exception {
        append(log(), "first\n");
        Duration hour = Duration.ofHours(1);
        start(new dev.logshipper.config.ShipperConfig.TailConfig(hour, hour, 1_000_000, Duration.ofMillis(300), 64 * 1024,
                64, hour, Duration.ofMillis(500)));
        awaitTexts("first");
        List<String> expected = new ArrayList<>(List.of("first"));
        for (int i = 0; i < 20; i++) {
            append(log(), "line " + i + "\n");
            expected.add("line " + i);
            Thread.sleep(15);
        }
        awaitTexts(expected.toArray(String[]::new));
        int reads = handlers.linesAtReads().size() - 1; // the first read was of "first"
        assertTrue(reads <= 5, "20 writes read in " + reads + " reads");
    }

    /** A watched file whose descriptor was released for idleness is reopened by its next write, not by the next scan. */
    @Test
    void aWatchedIdleClosedFileIsReopenedByItsNextWrite() throws Exception {
        append(log(), "before the pause\n");
        Duration hour = Duration.ofHours(1);
        start(new dev.logshipper.config.ShipperConfig.TailConfig(hour, hour, 1_000_000, Duration.ofMillis(300), 64 * 1024,
                64, Duration.ofMillis(200)));
        awaitTexts("before the pause");
        await().atMost(10, TimeUnit.SECONDS).until(() -> listener.closes.get() == 1 && listener.open.get() == 0);

        append(log(), "after the pause\n");
        awaitTexts("before the pause", "after the pause");
    }

    @Test
    void aPartialLineWaitsForItsNewline() throws Exception {
        append(log(), "complete\npart");
        start(TailFixtures.tail(1000, Duration.ofHours(1), 64, Duration.ofHours(1)));
        awaitTexts("complete");
        append(log(), "ial\n");
        awaitTexts("complete", "partial");
        assertEquals(0, listener.partials.get());
    }

    @Test
    void aPartialLineIsEmittedAfterTheTimeoutAndItsLateNewlineIsNotAnEmptyRecord() throws Exception {
        append(log(), "first\nno-newline-yet");
        start();
        awaitTexts("first", "no-newline-yet");
        assertEquals(1, listener.partials.get());
        append(log(), "\nnext\n");
        awaitTexts("first", "no-newline-yet", "next");
        awaitPersistedOffset(log(), Files.size(log()));
    }

    @Test
    void aPartialLineIsEmittedAtShutdown() throws Exception {
        append(log(), "x\nlast");
        Tailer tailer = start(TailFixtures.tail(1000, Duration.ofHours(1), 64, Duration.ofHours(1)));
        awaitTexts("x");
        assertTrue(tailer.stopAndDrain(Duration.ofSeconds(5)));
        assertEquals(List.of("x", "last"), handlers.texts());
        assertTrue(handlers.flushes.get() >= 1, "handlers are flushed at shutdown");
        assertEquals(Files.size(log()), persistedOffset(log()));
    }

    @Test
    void truncationRestartsAtZeroAsANewGeneration() throws Exception {
        append(log(), "one\ntwo\n");
        Tailer tailer = start();
        awaitTexts("one", "two");
        truncate(log());
        append(log(), "3\n");
        awaitTexts("one", "two", "3");
        assertEquals(1, tailer.files().getFirst().generation());
        assertEquals(2L, handlers.lines().getLast().end());
        awaitPersistedOffset(log(), 2);
    }

    @Test
    void truncatedAndRefilledPastTheOffsetIsDetectedByTheFingerprint() throws Exception {
        append(log(), "one\n");
        start();
        awaitTexts("one");
        CountDownLatch blocked = handlers.block();
        append(log(), "two\n");
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        // While the reader is held, the file is truncated and written past the old read offset.
        truncate(log());
        append(log(), "brand new first line, longer than before\n");
        handlers.release();
        awaitTexts("one", "two", "brand new first line, longer than before");
        assertEquals(1, listener.truncations.get());
    }

    /** l1 read, then the reader is held up (blocked in the record stage) on l2 of app.log. */
    private void holdTheReaderInTheMiddleOfTheFile() throws Exception {
        append(log(), "l1\n");
        start();
        awaitTexts("l1");
        CountDownLatch blocked = handlers.block();
        append(log(), "l2\n");
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
    }

    @Test
    void copytruncateRecoversTheUnreadRestFromTheCopy() throws Exception {
        holdTheReaderInTheMiddleOfTheFile();
        append(log(), "l3\nl4\n");
        Files.copy(log(), dir.resolve("app.log.1")); // logrotate copytruncate: copy, then truncate
        truncate(log());
        append(log(), "l5\n");
        handlers.release();
        awaitSortedTexts("l1", "l2", "l3", "l4", "l5");
        assertEquals(6, listener.recovered.get(), "l3 and l4 came from the copy");
        assertEquals(0, listener.lost.get());
    }

    /** logrotate's copytruncate with {@code rotate N}: shift the older copies, copy, truncate. */
    private void copytruncate() throws IOException {
        for (int n = 8; n >= 1; n--) {
            Path older = dir.resolve("app.log." + n);
            if (Files.exists(older)) {
                Files.move(older, dir.resolve("app.log." + (n + 1)));
            }
        }
        Files.copy(log(), dir.resolve("app.log.1"));
        truncate(log());
    }

    @Test
    void twoCopytruncatesWhileTheReaderIsBlockedLoseNoGeneration() throws Exception {
        holdTheReaderInTheMiddleOfTheFile();
        append(log(), "l3\n");
        copytruncate(); // l1-l3 -> app.log.2 after the next one
        append(log(), "m1\nm2\n");
        copytruncate(); // the whole m generation is written and copied away before the reader looks again
        append(log(), "n1\n");
        handlers.release();
        awaitSortedTexts("l1", "l2", "l3", "m1", "m2", "n1");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> handlers.texts().size() == 6);
        assertEquals(0, listener.lost.get());
    }

    /**
     * a1 read, then a copytruncate: app.log begins an empty generation. Then the reader is held up (blocked in the
     * record stage on o2 of other.log), so what happens to app.log next happens between two of its looks.
     */
    private void holdTheReaderAfterAnEmptyGenerationBegan() throws Exception {
        append(log(), "a1\n");
        Path other = dir.resolve("other.log");
        append(other, "o1\n");
        start();
        awaitSortedTexts("a1", "o1");
        copytruncate();
        await().atMost(10, TimeUnit.SECONDS).until(() -> listener.truncations.get() == 1); // the empty generation began
        CountDownLatch blocked = handlers.block();
        append(other, "o2\n");
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aGenerationCopiedAwayBeforeItsFirstByteWasReadIsReadFromItsCopy() throws Exception {
        holdTheReaderAfterAnEmptyGenerationBegan();
        append(log(), "b1\nb2\n");
        copytruncate();
        append(log(), "c1\n");
        handlers.release();
        awaitSortedTexts("a1", "b1", "b2", "c1", "o1", "o2");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> handlers.texts().size() == 6);
    }

    @Test
    void aGenerationCopiedAwayThatLeftTheFileEmptyIsFoundByTheScan() throws Exception {
        holdTheReaderAfterAnEmptyGenerationBegan();
        append(log(), "b1\nb2\n");
        copytruncate(); // app.log is empty again, as it was: only its modification time tells
        handlers.release();
        awaitSortedTexts("a1", "b1", "b2", "o1", "o2");
    }

    @Test
    void theCopyOfTheLiveGenerationMadeBeforeItsTruncationIsReadOnlyOnce() throws Exception {
        holdTheReaderAfterAnEmptyGenerationBegan();
        append(log(), "b1\nb2\n");
        Files.move(dir.resolve("app.log.1"), dir.resolve("app.log.2"));
        Files.copy(log(), dir.resolve("app.log.1")); // logrotate has copied, and not yet truncated
        handlers.release();
        awaitSortedTexts("a1", "b1", "b2", "o1", "o2");
        truncate(log());
        append(log(), "c1\n");
        awaitSortedTexts("a1", "b1", "b2", "c1", "o1", "o2");
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> handlers.texts().size() == 6);
    }

    @Test
    void aCopyThatEndsBeforeWhatWasReadIsNotReadAgain() throws Exception {
        append(log(), "a1\n");
        start();
        awaitTexts("a1");
        Files.copy(log(), dir.resolve("app.log.1")); // logrotate copied ...
        append(log(), "a2\n"); // ... the app wrote on, and the tailer read it ...
        awaitTexts("a1", "a2");
        truncate(log()); // ... before logrotate truncated
        append(log(), "b1\n");
        awaitTexts("a1", "a2", "b1");
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> handlers.texts().size() == 3);
    }

    @Test
    void handlersGetNoTickWhileTheirFileHasUnreadBytes() throws Exception {
        // A tick lets the record stage time out a pending multiline record; while the reader was held up by
        // back-pressure, the next lines are on disk already, so that record is not idle and must not be cut.
        int total = 30_000;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < total; i++) {
            text.append("line ").append(i).append(" ").append("x".repeat(90)).append('\n'); // 3 MB, several buffers
        }
        append(log(), text.toString());
        CountDownLatch blocked = handlers.block();
        start();
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        Thread.sleep(300); // held up longer than a tick interval: the pass after it would tick mid-file
        handlers.release();
        await().atMost(20, TimeUnit.SECONDS).until(() -> handlers.lines().size() == total);
        await().atMost(5, TimeUnit.SECONDS).until(() -> handlers.linesAtTicks().contains(total));
        for (int seen : handlers.linesAtTicks()) {
            assertTrue(seen == 0 || seen == total, "ticked after " + seen + " of " + total + " lines, with more unread");
        }
    }

    @Test
    void renameCreateRotationReadsTheOldFileToItsEndAndClosesIt() throws Exception {
        append(log(), "a1\n");
        Tailer tailer = start();
        awaitTexts("a1");
        Path rotated = dir.resolve("app.log.1");
        Files.move(log(), rotated);
        append(rotated, "a2\n"); // the writer still has the old file open
        append(log(), "b1\n");
        awaitSortedTexts("a1", "a2", "b1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> tailer.files().size() == 1);
        assertEquals(log(), tailer.files().getFirst().path());
        assertTrue(listener.rotations.get() >= 1);
    }

    @Test
    void aRotatedFileReadToItsEndIsNotReadAgainAtTheNextRotation() throws Exception {
        append(log(), "a1\n");
        Tailer tailer = start();
        awaitTexts("a1");
        Files.move(log(), dir.resolve("app.log.1"));
        append(log(), "b1\n");
        awaitSortedTexts("a1", "b1");
        // The app reopens late: it writes to the renamed file after its successor was first seen.
        append(dir.resolve("app.log.1"), "a2\n");
        Files.setLastModifiedTime(dir.resolve("app.log.1"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 1_000));
        awaitSortedTexts("a1", "a2", "b1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> tailer.files().size() == 1); // a finished and closed
        // The next rotation: a is now app.log.2, written after b was first tracked, but it is no missed generation.
        Files.move(dir.resolve("app.log.1"), dir.resolve("app.log.2"));
        Files.move(log(), dir.resolve("app.log.1"));
        append(log(), "c1\n");
        awaitSortedTexts("a1", "a2", "b1", "c1");
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> handlers.texts().size() == 4);
    }

    @Test
    void aRotatedFileStaysOpenUntilItsRecordsAreAcknowledged() throws Exception {
        handlers.autoAck = false;
        append(log(), "a1\n");
        Tailer tailer = start();
        awaitTexts("a1");
        Files.move(log(), dir.resolve("app.log.1"));
        append(log(), "b1\n");
        awaitSortedTexts("a1", "b1");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> tailer.files().size() == 2);
        handlers.ackAll();
        await().atMost(10, TimeUnit.SECONDS).until(() -> tailer.files().size() == 1);
    }

    @Test
    void aDeletedFileIsReadToItsEndThroughTheOpenHandle() throws Exception {
        append(log(), "d1\n");
        Tailer tailer = start();
        awaitTexts("d1");
        CountDownLatch blocked = handlers.block();
        append(log(), "d2\n");
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        append(log(), "d3\nd4\n");
        Files.delete(log());
        handlers.release();
        awaitTexts("d1", "d2", "d3", "d4");
        await().atMost(10, TimeUnit.SECONDS).until(() -> tailer.files().isEmpty());
    }

    @Test
    void idleFilesReleaseTheirDescriptorAndReopenByIdentity() throws Exception {
        append(log(), "i1\n");
        Tailer tailer = start(TailFixtures.tail(1000, Duration.ofMillis(100), 64, Duration.ofMillis(200)));
        awaitTexts("i1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> !tailer.files().getFirst().open());
        append(log(), "i2\n");
        awaitTexts("i1", "i2");
        assertTrue(listener.opens.get() >= 2);
        assertEquals(1, handlers.opened.get(), "the same generation continues");
    }

    @Test
    void manyFilesAreReadWithinTheDescriptorBudget() throws Exception {
        int files = 300;
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            StringBuilder text = new StringBuilder();
            for (int l = 0; l < 3; l++) {
                text.append("f").append(f).append("-").append(l).append('\n');
                expected.add("f" + f + "-" + l);
            }
            append(dir.resolve("file" + f + ".log"), text.toString());
        }
        start(TailFixtures.tail(1000, Duration.ofMillis(300), 20, Duration.ofHours(1)));
        await().atMost(60, TimeUnit.SECONDS).until(() -> handlers.count() == files * 3);
        assertEquals(expected.stream().sorted().toList(), handlers.texts().stream().sorted().toList());
        assertTrue(listener.maxOpen.get() <= 20, "max open " + listener.maxOpen.get());
    }

    @Test
    void longLinesAreSplitIntoPiecesOnCharacterBoundaries() throws Exception {
        String exact = "e".repeat(100);
        String longAscii = "x".repeat(250);
        String longUtf8 = "\u00e9".repeat(60); // 120 bytes of 2-byte characters
        append(log(), exact + "\n" + longAscii + "\n" + longUtf8 + "\n");
        start(TailFixtures.tail(101, Duration.ofMillis(300), 64, Duration.ofHours(1)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> handlers.count() == 6);
        List<RecordingHandlers.Line> lines = handlers.lines();
        assertEquals(exact, lines.get(0).text(), "a line within the limit is not cut");
        assertEquals("x".repeat(101), lines.get(1).text());
        assertEquals("x".repeat(101), lines.get(2).text());
        assertEquals("x".repeat(48), lines.get(3).text());
        assertEquals(lines.get(1).end(), lines.get(2).start());
        assertEquals(lines.get(2).end(), lines.get(3).start());
        assertEquals(101L + 251, lines.get(3).end(), "the last piece's range includes the newline");
        // A cut at 101 bytes would split a 2-byte character: it is made at 100 bytes (50 characters).
        assertEquals("\u00e9".repeat(50), lines.get(4).text());
        assertEquals("\u00e9".repeat(10), lines.get(5).text());
        assertEquals(3, listener.cuts.get());
    }

    @Test
    void nulRunsAreSkippedAndCounted() throws Exception {
        byte[] zeros = new byte[5000];
        append(log(), zeros);
        append(log(), "after\n");
        append(log(), new byte[3000]);
        start();
        awaitTexts("after");
        await().atMost(10, TimeUnit.SECONDS).until(() -> listener.nulBytes.get() == 8000);
        awaitPersistedOffset(log(), 8006);
    }

    @Test
    void binaryGarbageNeverStopsTheFile() throws Exception {
        byte[] garbage = new byte[200_000];
        new Random(7).nextBytes(garbage);
        append(log(), garbage);
        append(log(), "\nend\n");
        start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !handlers.texts().isEmpty() && handlers.texts().getLast().equals("end"));
        awaitPersistedOffset(log(), Files.size(log()));
    }

    /** A first tailer reads {@code line} (3 bytes with its newline), checkpoints it and stops: a shipper going down. */
    private void shipOneLineAndStop(String line) throws Exception {
        append(log(), line + "\n");
        Tailer first = start();
        awaitTexts(line);
        awaitPersistedOffset(log(), 3);
        first.close();
    }

    /** A second tailer (a restart) on the same files and checkpoints delivers exactly these lines, in any order. */
    private void restartAndAwaitSorted(String... expected) {
        RecordingHandlers second = new RecordingHandlers();
        start(TailFixtures.input(dir, "*.log"), TailFixtures.tail(), second);
        List<String> sorted = Stream.of(expected).sorted().toList();
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertEquals(sorted, second.texts().stream().sorted().toList()));
    }

    @Test
    void aRestartResumesAtTheAcknowledgedOffset() throws Exception {
        handlers.autoAck = false;
        append(log(), "l1\nl2\nl3\nl4\n");
        Tailer first = start();
        awaitTexts("l1", "l2", "l3", "l4");
        handlers.ackFirst(2);
        awaitPersistedOffset(log(), 6);
        first.close(); // as if killed: l3 and l4 were read but never acknowledged

        RecordingHandlers second = new RecordingHandlers();
        start(TailFixtures.input(dir, "*.log"), TailFixtures.tail(), second);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertEquals(List.of("l3", "l4"), second.texts()));
        awaitPersistedOffset(log(), 12);
    }

    @Test
    void aRestartFindsARotatedFileWithUnreadBytesByIdentity() throws Exception {
        handlers.autoAck = false;
        append(log(), "r1\nr2\n");
        Tailer first = start();
        awaitTexts("r1", "r2");
        handlers.ackFirst(1);
        awaitPersistedOffset(log(), 3);
        first.close();
        Files.move(log(), dir.resolve("app.log.1")); // rotated while the shipper was down
        append(log(), "n1\n");

        restartAndAwaitSorted("n1", "r2");
    }

    @Test
    void aRestartReadsAGenerationRotatedInAndOutWhileItWasDown() throws Exception {
        shipOneLineAndStop("x1");
        // Down through two rename rotations keeping one file (rotate 1): x is deleted, y holds unread lines.
        Path rotated = dir.resolve("app.log.1");
        Files.move(log(), rotated);
        append(log(), "y1\n");
        Files.delete(rotated);
        Files.move(log(), rotated);
        append(log(), "z1\n");

        restartAndAwaitSorted("y1", "z1");
    }

    @Test
    void aRestartReadsACopyOfAGenerationTruncatedInAndOutWhileItWasDown() throws Exception {
        shipOneLineAndStop("g1");
        // Down through two copytruncates keeping one copy: the copy of g is deleted, the copy of h is unread.
        Path copy = dir.resolve("app.log.1");
        Files.copy(log(), copy);
        truncate(log());
        append(log(), "h1\nh2\n");
        Files.delete(copy);
        Files.copy(log(), copy);
        truncate(log());
        append(log(), "i1\n");

        restartAndAwaitSorted("h1", "h2", "i1");
    }

    @Test
    void aReusedInodeIsDetectedByItsFingerprintOnRestart() throws Exception {
        append(log(), "new content\n");
        FileKey key = FileStat.of(log()).key();
        // A checkpoint for this inode, but taken of other content (the old file was deleted, the inode reused).
        CheckpointStore store = new CheckpointStore(checkpoints());
        store.createDirectory();
        store.write(List.of(new CheckpointEntry(key.device(), key.inode(), 5, 12345, 0, 5,
                log().toString(), "app")));
        start();
        awaitTexts("new content");
    }

    @Test
    void aFileSmallerThanItsCheckpointIsReadFromTheStart() throws Exception {
        append(log(), "short\n");
        FileKey key = FileStat.of(log()).key();
        Fingerprint fingerprint;
        try (FileChannel channel = FileChannel.open(log())) {
            fingerprint = Fingerprint.of(channel, 3);
        }
        CheckpointStore store = new CheckpointStore(checkpoints());
        store.createDirectory();
        store.write(List.of(new CheckpointEntry(key.device(), key.inode(),
                fingerprint.length(), fingerprint.crc(), 0, 500, log().toString(), "app")));
        start();
        awaitTexts("short");
    }

    @Test
    void startAtTailSkipsWhatWasThereAndReadsWhatComes() throws Exception {
        append(log(), "old1\nold2\n");
        start(TailFixtures.input("app", List.of(dir.resolve("*.log").toString()), List.of(), StartAt.TAIL),
                TailFixtures.tail(), handlers);
        await().atMost(10, TimeUnit.SECONDS).until(() -> persistedOffset(log()) == 10);
        append(log(), "new\n");
        awaitTexts("new");
    }

    @Test
    void aCorruptCheckpointIsMovedAsideAndTheStartPolicyApplies() throws Exception {
        Files.createDirectories(checkpoints());
        Files.writeString(checkpoints().resolve(CheckpointStore.FILE_NAME), "{not json");
        append(log(), "c1\n");
        start();
        awaitTexts("c1");
        try (Stream<Path> files = Files.list(checkpoints())) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("checkpoints.json.corrupt-")));
        }
        awaitPersistedOffset(log(), 3);
    }

    @Test
    void stopAndDrainWaitsForAcknowledgementsUpToTheDeadline() throws Exception {
        handlers.autoAck = false;
        append(log(), "s1\ns2\n");
        Tailer tailer = start();
        awaitTexts("s1", "s2");
        Thread.ofPlatform().start(() -> {
            await().atMost(10, TimeUnit.SECONDS).until(() -> handlers.flushes.get() > 0); // shutdown has begun
            handlers.ackAll();
        });
        assertTrue(tailer.stopAndDrain(Duration.ofSeconds(10)));
        assertEquals(6, persistedOffset(log()));
    }

    @Test
    void stopAndDrainGivesUpAtTheDeadlineWithoutCheckpointingUnacknowledgedBytes() throws Exception {
        handlers.autoAck = false;
        append(log(), "s1\ns2\n");
        Tailer tailer = start();
        awaitTexts("s1", "s2");
        assertFalse(tailer.stopAndDrain(Duration.ofMillis(300)));
        assertEquals(0, persistedOffset(log()));
    }
}
