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
 * loop, and between passes waits on the {@link WakeSource} (inotify on this thread where it can). It decides only when:
 * what happens to each file is the tracker's. A handler that blocks (backpressure) simply stops this thread: the files
 * are the buffer.
 *
 * <p>When a file event wakes it, the reader reads what there is, then does not look again for {@code
 * tail.coalesceWindow}: an app that writes one line per {@code write()} costs one wake-up per window instead of one per
 * line. Events that need a scan (a new file: logrotate's copy, say) skip the window, and a live file whose copy just
 * appeared is polled without pause until its truncation, so that copytruncate's window loses as little as it can.
 */
final class ReaderLoop {
    private static final System.Logger LOG = System.getLogger(ReaderLoop.class.getName());
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * The longest wait when every tailed file is {@linkplain WakeSource#covers covered by file events}: a write wakes the
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
    private final WakeSource wake;
    private final long coalesceNanos;

    /** Every tailed file is covered by the watch (as of the last scan): the loop may park longer. */
    private boolean allWatched;
    private long readSincePause;

    private volatile boolean stopRequested;
    private volatile boolean drainRequested;
    private volatile long drainDeadlineNanos;
    private volatile Thread thread;
    private volatile long busySinceNanos; // 0 while parked between passes

    ReaderLoop(TailConfig config, FileTracker tracker, Recovery recovery, Runnable backlogRead, WakeSource wake) {
        this.config = config;
        this.tracker = tracker;
        this.recovery = recovery;
        this.backlogRead = backlogRead;
        this.wake = wake;
        this.coalesceNanos = config.coalesceWindow().toNanos();
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
        wakeUp();
    }

    /** End the thread as soon as possible (no drain). */
    void requestStop() {
        stopRequested = true;
        wakeUp();
    }

    private void wakeUp() {
        wake.wakeUp(); // a wait on file events
        LockSupport.unpark(thread); // the coalescing window
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
        wake.close();
        tracker.closeAll();
    }

    private void run() {
        try {
            busySinceNanos = System.nanoTime() | 1;
            recovery.run();
            watched();
            long nextScan = System.nanoTime() + scanIntervalNanos();
            long waitNanos = TimeUnit.MILLISECONDS.toNanos(1);
            boolean rescan = false;
            while (!stopRequested && !drainRequested) {
                busySinceNanos = System.nanoTime() | 1;
                if (rescan || wake.takeRescan() || System.nanoTime() - nextScan >= 0) {
                    if (rescan) {
                        // A file appeared or moved: perhaps logrotate's copy, whose truncation follows. Catch up with
                        // what was written before the scan, so that reading after it is short.
                        tracker.pass(wake.takeModified(), false);
                    }
                    rescan = false;
                    tracker.scan();
                    watched();
                    nextScan = System.nanoTime() + scanIntervalNanos();
                }
                Set<Path> modified = wake.takeModified();
                boolean progress = tracker.pass(modified, allWatched);
                tracker.tick(false);
                readSincePause += tracker.takeBytesRead();
                if (progress) {
                    waitNanos = TimeUnit.MILLISECONDS.toNanos(1);
                    continue;
                }
                if (tracker.hot(tracker.clock.millis())) {
                    wake.await(HOT_PARK_NANOS); // a copy of a live file appeared: its truncation is coming
                    continue;
                }
                if (readSincePause >= BACKLOG_BYTES) {
                    backlogRead.run();
                }
                readSincePause = 0;
                busySinceNanos = 0;
                boolean woken = wake.await(Math.min(waitNanos, Math.max(0, nextScan - System.nanoTime())));
                if (woken) {
                    rescan = wake.takeRescan();
                    if (!rescan && coalesceNanos > 0 && !stopRequested && !drainRequested) {
                        // Let the writes of a trickle pile up, so that one pass reads them; a rotation ends the window.
                        rescan = wake.awaitRotation(coalesceNanos) && wake.takeRescan();
                    }
                } else {
                    waitNanos = Math.min(waitNanos * 2, allWatched ? WATCHED_MAX_PARK_NANOS : MAX_PARK_NANOS);
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
        wake.watch(tracker.scanner().roots());
        boolean covered = true;
        for (TailedFile file : tracker.files()) {
            covered &= wake.covers(file.path());
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
