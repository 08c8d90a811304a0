package dev.logshipper.tail;

import dev.logshipper.config.ShipperConfig.TailConfig;
import dev.logshipper.tail.TailedFile.State;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one reader thread ({@code log-shipper-tail}): recovers, then scans, reads and ticks the {@link FileTracker} in a
 * loop, parking when there is nothing to read. It decides only when: what happens to each file is the tracker's. A
 * handler that blocks (backpressure) simply stops this thread: the files are the buffer.
 */
final class ReaderLoop {
    private static final System.Logger LOG = System.getLogger(ReaderLoop.class.getName());
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * The longest park when every tailed file is {@linkplain WatchHint#covers covered by the watch}: a write wakes the
     * reader at once, so looking at idle files ten times a second buys nothing. Still short, because ticks (multiline
     * flush, partial-line timeouts) come from the loop.
     */
    private static final long WATCHED_MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** While a copy of a live file is being made, the loop looks at that file this often until its truncation. */
    private static final long HOT_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /**
     * Reading at least this much without a pause and then finding every file at its end is the end of a backlog
     * (start-up, a burst): {@code backlogRead} then lets the output send its open batches at once instead of after their
     * flush interval. A steady trickle reaches the end of its files after every write and stays on the interval.
     */
    static final int BACKLOG_BYTES = 1 << 20;

    private final TailConfig config;
    private final FileTracker tracker;
    private final Recovery recovery;
    private final Runnable backlogRead;
    private final WatchHint watch;

    /** Every tailed file is covered by the watch (as of the last scan): the loop may park longer. */
    private boolean allWatched;
    private long readSincePause;

    private volatile boolean stopRequested;
    private volatile boolean drainRequested;
    private volatile long drainDeadlineNanos;
    private volatile boolean rescanHint;
    private volatile Thread thread;
    private volatile long busySinceNanos; // 0 while parked between passes

    ReaderLoop(TailConfig config, FileTracker tracker, Recovery recovery, Runnable backlogRead) {
        this.config = config;
        this.tracker = tracker;
        this.recovery = recovery;
        this.backlogRead = backlogRead;
        this.watch = new WatchHint(this::wake);
    }

    void start() {
        thread = Thread.ofPlatform().name("log-shipper-tail").unstarted(this::run);
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    /** Stop discovering; read every tailed file to its current end, flush the handlers, then end the thread. */
    void requestDrain(long deadlineNanos) {
        drainDeadlineNanos = deadlineNanos;
        drainRequested = true;
        LockSupport.unpark(thread);
    }

    /** End the thread as soon as possible (no drain). */
    void requestStop() {
        stopRequested = true;
        LockSupport.unpark(thread);
    }

    private void wake(boolean rescan) {
        if (rescan) {
            rescanHint = true;
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * {@link System#nanoTime()} when the current pass over the files began (a pass reads at most one buffer per file),
     * or 0 while the thread is parked between passes. A pass that blocks in the record stage (backpressure) stays busy.
     */
    long busySinceNanos() {
        return busySinceNanos;
    }

    /** Files as last published by the reader thread (safe from any thread). */
    List<TailedFile> published() {
        return tracker.published();
    }

    /** Only after the thread has ended. */
    List<TailedFile> filesAfterStop() {
        return tracker.files();
    }

    void closeAll() {
        watch.close();
        tracker.closeAll();
    }

    private void run() {
        try {
            busySinceNanos = System.nanoTime() | 1;
            recovery.run();
            watched();
            long nextScan = System.nanoTime() + scanIntervalNanos();
            long parkNanos = TimeUnit.MILLISECONDS.toNanos(1);
            while (!stopRequested && !drainRequested) {
                busySinceNanos = System.nanoTime() | 1;
                if (System.nanoTime() - nextScan >= 0 || rescanHint) {
                    rescanHint = false;
                    tracker.scan();
                    watched();
                    nextScan = System.nanoTime() + scanIntervalNanos();
                }
                Set<Path> modified = watch.takeModified();
                boolean progress = tracker.pass(modified, allWatched);
                tracker.tick(false);
                readSincePause += tracker.takeBytesRead();
                if (progress) {
                    parkNanos = TimeUnit.MILLISECONDS.toNanos(1);
                } else if (tracker.hot(tracker.clock.millis())) {
                    LockSupport.parkNanos(HOT_PARK_NANOS);
                } else {
                    if (readSincePause >= BACKLOG_BYTES) {
                        backlogRead.run();
                    }
                    readSincePause = 0;
                    busySinceNanos = 0;
                    LockSupport.parkNanos(Math.min(parkNanos, Math.max(0, nextScan - System.nanoTime())));
                    parkNanos = Math.min(parkNanos * 2, allWatched ? WATCHED_MAX_PARK_NANOS : MAX_PARK_NANOS);
                }
            }
            if (drainRequested && !stopRequested) {
                busySinceNanos = System.nanoTime() | 1;
                tracker.drain(drainDeadlineNanos);
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "The tailer's reader thread failed; no more lines are read", t);
        } finally {
            tracker.publish();
        }
    }

    /** After a scan: watch new directories; when the watch newly covers every file, look at every file once more. */
    private void watched() {
        watch.watch(tracker.scanner().roots());
        boolean covered = true;
        for (TailedFile file : tracker.files()) {
            covered &= watch.covers(file.path());
        }
        if (covered && !allWatched) {
            // Events from before the watch covered them were not recorded.
            for (TailedFile file : tracker.files()) {
                if (file.state == State.QUIET) {
                    file.state = State.LIVE;
                }
            }
        }
        allWatched = covered;
    }

    /**
     * The periodic scan lists the globs' directories and stats every file. When the watch covers every tailed file,
     * writes, new files, renames and deletions wake the reader at once, and the scan is only the safety net for a missed
     * event: it runs at the longer {@code watchedScanInterval}.
     */
    private long scanIntervalNanos() {
        return (allWatched ? config.watchedScanInterval() : config.scanInterval()).toNanos();
    }
}
