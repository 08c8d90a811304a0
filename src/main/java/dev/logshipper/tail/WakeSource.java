package dev.logshipper.tail;

import java.nio.file.Path;
import java.util.Set;

/**
 * What wakes the reader thread between its passes over the files: file system events in the watched directories, a
 * {@link #wakeUp} from another thread, or the end of the reader's own timeout. A hint only, as {@link WatchHint} is: the
 * periodic scan and the reads themselves are the truth, so a missed or overflowed event costs latency, never data.
 *
 * <p>The reader thread owns it: it alone calls {@link #watch}, {@link #covers}, {@link #await}, {@link #takeModified}
 * and {@link #takeRescan}; {@link #wakeUp} may come from any thread; {@link #close} is called once the reader thread has
 * ended (or never ran). The reader's loop: {@code await(timeout)}, then {@code takeRescan()} (scan the globs if true),
 * then {@code takeModified()} (read the reported files first; files not {@linkplain #covers covered} must be polled),
 * then its pass, then {@code await} again. Whatever was reported since the last take makes {@code await} return at
 * once, so nothing reported between a take and the next {@code await} is slept through.
 *
 * <p>Implementations ({@link WakeSources}): inotify called through the foreign function API, where the reader thread
 * itself blocks on the descriptor (no extra thread, no allocation per event); the JDK's {@code WatchService}, which
 * runs its own thread and allocates per event; plain polling, where neither works.
 */
interface WakeSource extends AutoCloseable {

    /** Which implementation this is, for the log and the metrics ({@code inotify}, {@code watch-service}, {@code polling}). */
    String name();

    /** Watches the directories not watched yet (called after each scan; cheap when nothing is new). */
    void watch(Set<Path> directories);

    /**
     * True when writes to {@code file} are reported: its directory is watched and it is no symbolic link (inotify
     * reports a change in the directory that holds the file itself, not in one that holds a link to it).
     */
    boolean covers(Path file);

    /**
     * Blocks the reader thread until a file system event, a {@link #wakeUp}, or {@code timeoutNanos}; returns at once
     * when something reported is not taken yet. Interrupting the thread does not end the wait (use {@link #wakeUp}).
     *
     * @return true when woken by an event or a {@link #wakeUp}, false when the timeout passed
     */
    boolean await(long timeoutNanos);

    /**
     * The coalescing window's wait: like {@link #await}, but writes do not end it; a file created, deleted or renamed
     * (logrotate at work, whose copy must be read at once) or a {@link #wakeUp} does. Writes made meanwhile are reported
     * by the next {@link #await}. Where the source cannot tell the two apart it sleeps for the timeout.
     *
     * @return true when woken by a rotation (then {@link #takeRescan} is true) or by a {@link #wakeUp}, false when the
     *     timeout passed (or, sleeping, always)
     */
    default boolean awaitRotation(long timeoutNanos) {
        java.util.concurrent.locks.LockSupport.parkNanos(timeoutNanos);
        return false;
    }

    /**
     * The files reported modified since the last call (named as the watched directory resolves them, which is how the
     * scan names them too), or an empty set. The set is valid until the next call of this method or of {@link #await},
     * and must not be changed or kept.
     */
    Set<Path> takeModified();

    /**
     * True once after something was reported that only a scan can sort out: a file created, deleted or renamed, a
     * watched directory gone, too many events at once (overflow).
     */
    boolean takeRescan();

    /** Makes the current or next {@link #await} return at once; from any thread. */
    void wakeUp();

    /** Releases the descriptors; idempotent. */
    @Override
    void close();
}
