package dev.logshipper.tail;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wake sources against real files in a temp directory. Nothing here judges time: a wait that should end early is
 * given a bound far longer than any machine needs, so a source that sleeps through its event fails by returning
 * {@code false} (timed out) instead of {@code true}.
 */
class WakeSourceTest {

    /** Far longer than an event or a wake-up takes to arrive; a wait this long means it never came. */
    private static final long NEVER_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private WakeSource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private WakeSource open(WakeSources.Kind kind) throws IOException {
        source = WakeSources.open(kind);
        return source;
    }

    /** Awaits and takes until {@code done} holds for what was taken; same thread throughout, as the reader does. */
    private Set<Path> awaitModified(WakeSource source, Path expected) {
        Set<Path> seen = new HashSet<>();
        await().atMost(BOUND).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
            source.await(TimeUnit.MILLISECONDS.toNanos(100));
            seen.addAll(source.takeModified());
            return seen.contains(expected);
        });
        return seen;
    }

    private void awaitRescan(WakeSource source) {
        await().atMost(BOUND).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
            source.await(TimeUnit.MILLISECONDS.toNanos(100));
            source.takeModified();
            return source.takeRescan();
        });
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void theFactoryChoosesInotifyOnLinux() {
        source = WakeSources.open();
        assertEquals("inotify", source.name());
    }

    @Test
    void whereInotifyCannotBeLinkedTheFactoryFallsBackInsteadOfFailing() {
        source = WakeSources.firstAvailable(List.of(WakeSources.Kind.values()), kind -> {
            if (kind == WakeSources.Kind.INOTIFY) {
                throw new NoClassDefFoundError("could not initialize class LinuxCalls"); // what a failed link leaves
            }
            return WakeSources.open(kind);
        });
        assertEquals("watch-service", source.name());
        source.close();
        source = WakeSources.firstAvailable(List.of(WakeSources.Kind.INOTIFY), kind -> {
            throw new IllegalCallerException("native access denied");
        });
        assertEquals("polling", source.name(), "nothing opened: polling, never an exception");
    }

    @ParameterizedTest
    @EnumSource(names = {"INOTIFY", "WATCH_SERVICE"})
    void aWriteWakesTheWaitAndNamesTheFile(WakeSources.Kind kind) throws Exception {
        Path file = dir.resolve("app.log");
        Files.createFile(file);
        WakeSource source = open(kind);
        source.watch(Set.of(dir));
        assertTrue(source.covers(file));
        source.takeRescan();

        CountDownLatch waiting = new CountDownLatch(1);
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                waiting.await();
                append(file, "one line\n");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        waiting.countDown();
        assertTrue(source.await(NEVER_NANOS), "woken by the write, not by the timeout");
        writer.join();
        assertTrue(awaitModified(source, file).contains(file));
    }

    @ParameterizedTest
    @EnumSource(names = {"INOTIFY", "WATCH_SERVICE"})
    void creatingDeletingAndRenamingAskForARescan(WakeSources.Kind kind) throws Exception {
        WakeSource source = open(kind);
        source.watch(Set.of(dir));
        Path file = dir.resolve("app.log");

        Files.createFile(file);
        awaitRescan(source);
        Files.move(file, dir.resolve("app.log.1"));
        awaitRescan(source);
        Files.delete(dir.resolve("app.log.1"));
        awaitRescan(source);
    }

    @ParameterizedTest
    @EnumSource(WakeSources.Kind.class)
    void aWakeUpFromAnotherThreadEndsTheWait(WakeSources.Kind kind) throws Exception {
        WakeSource source = open(kind);
        source.watch(Set.of(dir));
        CountDownLatch waiting = new CountDownLatch(1);
        Thread waker = Thread.ofPlatform().start(() -> {
            try {
                waiting.await();
                source.wakeUp();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.countDown();
        assertTrue(source.await(NEVER_NANOS), "woken by wakeUp, not by the timeout");
        waker.join();
        assertFalse(source.takeRescan());
        assertEquals(Set.of(), source.takeModified());
    }

    @ParameterizedTest
    @EnumSource(WakeSources.Kind.class)
    void aWaitWithNothingReportedEndsAtItsTimeout(WakeSources.Kind kind) throws Exception {
        WakeSource source = open(kind);
        source.watch(Set.of(dir));
        assertFalse(source.await(TimeUnit.MILLISECONDS.toNanos(20)));
        assertFalse(source.await(0));
    }

    @ParameterizedTest
    @EnumSource(WakeSources.Kind.class)
    void closingTwiceIsHarmless(WakeSources.Kind kind) throws Exception {
        WakeSource source = WakeSources.open(kind);
        source.watch(Set.of(dir));
        source.close();
        source.close();
    }

    @Test
    void writesBetweenTwoWaitsComeAsOneTake() throws Exception {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        Files.createFile(a);
        Files.createFile(b);
        WakeSource source = open(WakeSources.Kind.INOTIFY);
        source.watch(Set.of(dir));
        try (FileOutputStream outA = new FileOutputStream(a.toFile(), true);
             FileOutputStream outB = new FileOutputStream(b.toFile(), true)) {
            for (int i = 0; i < 1_000; i++) {
                outA.write(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                if (i % 100 == 0) {
                    outB.write(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        assertTrue(source.await(NEVER_NANOS));
        assertEquals(Set.of(a, b), Set.copyOf(source.takeModified()));
        assertFalse(source.takeRescan());
        assertEquals(Set.of(), source.takeModified(), "taken once");
        assertFalse(source.await(TimeUnit.MILLISECONDS.toNanos(20)), "nothing left to report");
    }

    @Test
    void theCoalescingWaitSleepsThroughWritesAndTheNextWaitReportsThem() throws Exception {
        Path file = dir.resolve("app.log");
        Files.createFile(file);
        WakeSource source = open(WakeSources.Kind.INOTIFY);
        source.watch(Set.of(dir));
        append(file, "written before the window\n");
        append(file, "and in it\n");
        assertFalse(source.awaitRotation(TimeUnit.MILLISECONDS.toNanos(50)), "writes do not end the window");
        assertFalse(source.takeRescan());
        assertTrue(source.await(NEVER_NANOS), "the writes are still reported");
        assertEquals(Set.of(file), Set.copyOf(source.takeModified()));
    }

    @Test
    void aFileCreatedDuringTheCoalescingWaitEndsIt() throws Exception {
        Path file = dir.resolve("app.log");
        Files.createFile(file);
        WakeSource source = open(WakeSources.Kind.INOTIFY);
        source.watch(Set.of(dir));
        append(file, "x\n");
        CountDownLatch waiting = new CountDownLatch(1);
        Thread logrotate = Thread.ofPlatform().start(() -> {
            try {
                waiting.await();
                Files.createFile(dir.resolve("app.log.1")); // copytruncate's copy, created before it is filled
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        waiting.countDown();
        assertTrue(source.awaitRotation(NEVER_NANOS), "woken by the new file, not by the timeout");
        logrotate.join();
        assertTrue(source.takeRescan());
        assertTrue(source.await(NEVER_NANOS));
        assertEquals(Set.of(file), Set.copyOf(source.takeModified()), "the write before it is still reported");
    }

    @Test
    void aWakeUpEndsTheCoalescingWait() throws Exception {
        WakeSource source = open(WakeSources.Kind.INOTIFY);
        source.watch(Set.of(dir));
        source.wakeUp();
        assertTrue(source.awaitRotation(NEVER_NANOS), "woken by wakeUp, not by the timeout");
        assertFalse(source.takeRescan());
    }

    @Test
    void whatIsReportedButNotTakenEndsTheNextWaitAtOnce() throws Exception {
        Path file = dir.resolve("app.log");
        Files.createFile(file);
        WakeSource source = open(WakeSources.Kind.INOTIFY);
        source.watch(Set.of(dir));
        append(file, "x\n");
        assertTrue(source.await(NEVER_NANOS));
        assertTrue(source.await(NEVER_NANOS), "the modified file was not taken yet");
        assertEquals(Set.of(file), Set.copyOf(source.takeModified()));
    }

    @Test
    void aFullKernelQueueAsksForARescan() throws Exception {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        WakeSource source = open(WakeSources.Kind.INOTIFY);
        source.watch(Set.of(dir));
        int limit = Integer.parseInt(Files.readString(Path.of("/proc/sys/fs/inotify/max_queued_events")).strip());
        try (FileOutputStream outA = new FileOutputStream(a.toFile(), true);
             FileOutputStream outB = new FileOutputStream(b.toFile(), true)) {
            // Alternating files: identical consecutive events would be merged by the kernel and never fill the queue.
            for (int i = 0; i <= limit; i++) {
                outA.write('a');
                outB.write('b');
            }
        }
        awaitRescan(source);
    }

    @Test
    void aDeletedDirectoryAsksForARescanAndIsWatchedAgainWhenItComesBack() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("logs"));
        Path file = sub.resolve("app.log");
        WakeSource source = open(WakeSources.Kind.INOTIFY);
        source.watch(Set.of(sub));
        assertTrue(source.covers(file));
        Files.delete(sub);
        awaitRescan(source);
        assertFalse(source.covers(file), "the kernel dropped the watch");

        Files.createDirectory(sub);
        source.watch(Set.of(sub));
        assertTrue(source.covers(file));
        append(file, "back\n");
        assertTrue(awaitModified(source, file).contains(file));
    }

    @Test
    void linksAndUnwatchedDirectoriesAreNotCovered() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Path target = Files.createFile(other.resolve("target.log"));
        Path link = Files.createSymbolicLink(dir.resolve("link.log"), target);
        WakeSource source = open(WakeSources.Kind.INOTIFY);
        source.watch(Set.of(dir));
        assertTrue(source.covers(dir.resolve("app.log")));
        assertFalse(source.covers(link), "inotify reports writes in the target's directory, not the link's");
        assertFalse(source.covers(target), "its directory is not watched");
    }

    @Test
    void manyBusyFilesInOneDirectoryAreAllNamed() throws Exception {
        WakeSource source = open(WakeSources.Kind.INOTIFY);
        source.watch(Set.of(dir));
        Set<Path> files = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            files.add(Files.createFile(dir.resolve("app-" + i + ".log")));
        }
        awaitRescan(source);
        Set<Path> seen = new HashSet<>();
        AtomicInteger round = new AtomicInteger();
        await().atMost(BOUND).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
            for (Path file : files) { // more files than names remembered per directory: some take turns
                append(file, "round " + round.get() + "\n");
            }
            round.incrementAndGet();
            source.await(TimeUnit.MILLISECONDS.toNanos(100));
            seen.addAll(source.takeModified());
            return seen.equals(files) && round.get() > 2;
        });
    }
}
