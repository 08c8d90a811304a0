package dev.logshipper.tail;

import dev.logshipper.tail.TailedFile.State;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The descriptor budget ({@code tail.maxOpenFiles}): every handle the tailer holds is counted here, and when none is
 * free the live file at its end that grew least recently is released (reopened by identity when it changes), or a copy
 * held just in case is closed. Part of {@link FileTracker}, on its thread.
 */
final class Descriptors {
    private static final System.Logger LOG = System.getLogger(Descriptors.class.getName());
    private static final int MAX_WARNED_PATHS = 10_000;

    private final int maxOpenFiles;
    private final long idleCloseMillis;
    private final TailListener listener;
    private final List<TailedFile> readers;
    private final FileCatalogue catalogue;
    private final Set<Path> warnedUnreadable = new HashSet<>();
    private int openCount;
    private boolean capacityWarned;
    /** The reader being serviced now: its descriptor is not free to release (see {@link #ensureCapacity}). */
    private TailedFile inService;

    Descriptors(int maxOpenFiles, long idleCloseMillis, TailListener listener, List<TailedFile> readers,
            FileCatalogue catalogue) {
        this.maxOpenFiles = maxOpenFiles;
        this.idleCloseMillis = idleCloseMillis;
        this.listener = listener;
        this.readers = readers;
        this.catalogue = catalogue;
    }

    /** Counts a handle just opened on {@code file}. */
    void opened(KnownFile file) {
        openCount++;
        listener.fileOpened(file.input, file.path);
    }

    /** Closes {@code file}'s handle if open. */
    void close(KnownFile file) {
        if (file.closeChannel()) {
            openCount--;
            listener.fileClosed(file.input, file.path);
        }
    }

    /** Releases a live reader's descriptor (idle, or for the budget); it is reopened by identity when it changes. */
    void release(TailedFile reader) {
        close(reader.holder);
        if (reader.live()) {
            reader.state = State.RELEASED;
        }
    }

    void releaseIfIdle(TailedFile file, long now) {
        if (file.isOpen() && file.live() && !file.hasPartialLine()
                && now - file.lastGrowthMillis >= idleCloseMillis) {
            release(file);
        }
    }

    /** True when a descriptor is free, releasing the live file at its end that grew least recently if none is. */
    boolean ensureCapacity() {
        if (openCount < maxOpenFiles) {
            return true;
        }
        TailedFile victim = null;
        for (TailedFile file : readers) {
            if (file != inService && file.isOpen() && file.live() && !file.hasPartialLine()
                    && file.scannedEnd == file.publishedSize
                    && (victim == null || file.lastGrowthMillis < victim.lastGrowthMillis)) {
                victim = file;
            }
        }
        if (victim == null) {
            for (KnownFile file : catalogue.files()) {
                if (file.role == KnownFile.Role.STANDBY && file.isOpen()) {
                    close(file); // a copy held in case it is needed: found by its name if it is
                    return true;
                }
            }
            if (!capacityWarned) {
                capacityWarned = true;
                LOG.log(System.Logger.Level.WARNING, "tail.maxOpenFiles={0} descriptors are all in use by files with unread "
                        + "data; new files wait until one is read to its end (logged once)", maxOpenFiles);
            }
            return false;
        }
        release(victim);
        return true;
    }

    /** Marks {@code reader} as being serviced (null: none), so that discovery on its behalf keeps its descriptor. */
    void inService(TailedFile reader) {
        inService = reader;
    }

    boolean descriptorFree() {
        return openCount < maxOpenFiles;
    }

    void unreadable(Path path, IOException error) {
        if (warnedUnreadable.size() < MAX_WARNED_PATHS && warnedUnreadable.add(path)) {
            LOG.log(System.Logger.Level.WARNING, "Cannot open {0}: {1}; retrying every scan (logged once)", path,
                    error.toString());
        }
        listener.readError("", path, error);
    }

    void readable(Path path) {
        warnedUnreadable.remove(path);
    }
}
