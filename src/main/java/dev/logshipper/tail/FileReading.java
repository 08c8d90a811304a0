package dev.logshipper.tail;

import dev.logshipper.tail.TailedFile.State;

import java.io.IOException;
import java.util.List;

/**
 * Reading one reader's file: one buffer per pass, the fingerprint kept true to the bytes read, partial last lines
 * emitted after their timeout, and a rotated file finished once it is read, quiet and acknowledged. Part of
 * {@link FileTracker}, on its thread.
 */
final class FileReading {
    /** A bound on reading at once when a copy appears: 16 MiB at the default buffer size; passes read the rest. */
    private static final int READ_NOW_BUFFERS = 64;

    private static final System.Logger LOG = System.getLogger(FileReading.class.getName());

    private final FileTracker tracker;
    private final LineReader reader;
    private long bytesRead;

    FileReading(FileTracker tracker) {
        this.tracker = tracker;
        this.reader = tracker.lineReader;
    }

    long takeBytesRead() {
        long read = bytesRead;
        bytesRead = 0;
        return read;
    }

    /**
     * Reads each live file that the last scan found a new copy of ({@code heatedSince}: when it began) to its end, up to
     * {@value #READ_NOW_BUFFERS} buffers each: logrotate's truncation follows its copy, and what it cuts off must be read
     * first. Called after the scan, not during it, so that reading (which may see the truncation) never runs inside
     * discovery.
     */
    void readFilesHeatedSince(List<TailedFile> files, long heatedSince, long now) {
        for (int i = 0; i < files.size(); i++) {
            TailedFile file = files.get(i);
            boolean heatedByThisScan = file.hotUntilMillis - heatedSince >= FileTracker.HOT_MILLIS;
            if (file.state == State.FINISHED || !heatedByThisScan || !file.live()) {
                continue;
            }
            if (file.state == State.QUIET) {
                file.state = State.LIVE;
            }
            for (int b = 0; b < READ_NOW_BUFFERS && file.state != State.FINISHED && service(file, now, false); b++) {
                // one buffer per round, until nothing more is there
            }
        }
    }

    /**
     * One look at one file: reads one buffer of new bytes, or handles what no new bytes mean (partial line timeout, the
     * end of a rotated file, idleness). Returns true when something was read or emitted.
     */
    boolean service(TailedFile file, long now, boolean housekeeping) {
        tracker.descriptors.inService(file);
        try {
            return serviceNow(file, now, housekeeping);
        } finally {
            tracker.descriptors.inService(null);
        }
    }

    private boolean serviceNow(TailedFile file, long now, boolean housekeeping) {
        if (!file.isOpen()) {
            if (file.state == State.DRAINED && housekeeping) {
                finishIfDrained(file, now);
            }
            return false;
        }
        try {
            long size = file.channel().size();
            // Shorter than the fingerprinted prefix, or than a copy of this generation: truncated even if nothing of
            // this generation was read yet.
            if (size < file.scannedEnd || size < file.fingerprint.length() || size < longestCopy(file)) {
                tracker.truncations.truncated(file, size, now);
                return true;
            }
            if (size > file.scannedEnd) {
                int count = reader.fill(file, size);
                // Verify AFTER reading: if the file was truncated and refilled past our offset in between, the first
                // bytes changed and the bytes just read are not the continuation.
                if (!verifyFingerprint(file, size, count)) {
                    tracker.truncations.truncated(file, size, now);
                    return true;
                }
                if (count > 0) {
                    bytesRead += count;
                    file.handler.onRead(now);
                    reader.frame(file, count, false);
                    file.lastGrowthMillis = now;
                    if (file.state == State.DRAINED) {
                        file.state = State.ROTATED; // written after it was flushed: flush again once quiet
                    }
                    file.holder.size = size;
                    file.publish(size);
                    file.errorLogged = false;
                    return true;
                }
            }
            file.holder.size = size;
            file.publish(size);
            if (file.hasPartialLine() && now - file.lastGrowthMillis >= tracker.config.partialLineTimeout().toMillis()) {
                emitPartial(file, now);
                return true;
            }
            if (!housekeeping) {
                return false;
            }
            if (!file.holder.path.equals(file.sourcePath) && !file.hasPartialLine() && size == file.scannedEnd
                    && !file.standbys.isEmpty()) {
                // Not the app's own file, so it does not grow: a longer copy of the same generation goes on from here.
                KnownFile read = tracker.truncations.continueInLongestCopy(file);
                if (read != null) {
                    tracker.makeDone(read, file.fingerprint, read.size);
                    return true;
                }
            }
            if (file.rotated()) {
                finishIfDrained(file, now);
            } else {
                // Read to its end with nothing pending: until a write is reported or a scan sees it change, the passes
                // need not look at it (when the watch covers every file), which is what makes idle files cost nothing.
                if (size == file.scannedEnd && !file.hasPartialLine() && file.state == State.LIVE) {
                    file.state = State.QUIET;
                }
                tracker.descriptors.releaseIfIdle(file, now);
            }
            return false;
        } catch (IOException e) {
            readFailed(file, e);
            return false;
        }
    }

    /** How much the longest known copy of the generation holds (0 without copies): the live file holds at least that. */
    private static long longestCopy(TailedFile file) {
        long longest = 0;
        for (KnownFile copy : file.standbys) {
            longest = Math.max(longest, copy.size);
        }
        return longest;
    }

    /**
     * Checks that the file still starts with the bytes fingerprinted, and grows the fingerprint while it is shorter
     * than {@link Fingerprint#MAX_LENGTH}. When it grows, the family's new files are catalogued at once, before the
     * longer fingerprint's slot: a copy made before now may be shorter than the new fingerprint, and after a restart a
     * copy the checkpoint does not name must be long enough to compare with the fingerprint it does. In memory the
     * fingerprint keeps its bytes, so a shorter copy is recognised as this generation's here.
     */
    private boolean verifyFingerprint(TailedFile file, long size, int count) throws IOException {
        Fingerprint fingerprint = file.fingerprint;
        if (fingerprint.length() == 0) {
            // From the bytes just read, not from the file again: it may have been truncated in between, and the
            // fingerprint must name the generation those bytes came from (its copy is found by it).
            file.fingerprint = file.lineStart == 0 && count > 0 ? reader.fingerprintOfFill(count)
                    : Fingerprint.of(file.channel(), size);
            tracker.discovery.catalogueFamily(file);
            tracker.putSlot(file.holder);
            return file.fingerprint.matches(file.channel(), file.channel().size());
        }
        if (!fingerprint.matches(file.channel(), size)) {
            return false;
        }
        if (fingerprint.length() < Fingerprint.MAX_LENGTH && size > fingerprint.length()) {
            file.fingerprint = fingerprint.extend(file.channel(), size);
            tracker.discovery.catalogueFamily(file);
            tracker.putSlot(file.holder);
        }
        return true;
    }

    /**
     * Hands over the unterminated last line, read again from the file - unless the file no longer starts as
     * fingerprinted: truncated and written back to the same size, its bytes there are another generation's.
     */
    void emitPartial(TailedFile file, long now) throws IOException {
        long size = file.channel().size();
        if (size < file.scannedEnd || !file.fingerprint.matches(file.channel(), size)) {
            tracker.truncations.truncated(file, size, now);
            return;
        }
        int count = reader.fill(file, file.scannedEnd);
        reader.frame(file, count, true);
    }

    /**
     * A rotated file that went quiet: flush its handler once; when a copy holds more of the generation, go on there;
     * when all its records are done, close it (it stays known, as read).
     */
    private void finishIfDrained(TailedFile file, long now) {
        if (now - file.lastGrowthMillis < tracker.config.partialLineTimeout().toMillis()) {
            return; // the writer may still be writing to its old handle (before it reopens the new file)
        }
        if (file.state == State.ROTATED) {
            file.handler.flush();
            file.state = State.DRAINED;
            // Read to its end: waiting for acknowledgements needs no descriptor (a write to it reopens it, see Discovery).
            tracker.descriptors.close(file.holder);
        }
        KnownFile read = tracker.truncations.continueInLongestCopy(file);
        if (read != null) {
            tracker.makeDone(read, file.fingerprint, read.size); // the copy goes on where this file ended
            return;
        }
        if (file.fullyAcknowledged()) {
            LOG.log(System.Logger.Level.DEBUG, "Closing rotated {0}: read to its end and acknowledged", file);
            tracker.truncations.retireAcknowledgedStandbys(file);
            if (tracker.catalogue.get(file.holder.key) == file.holder) {
                tracker.makeDone(file.holder, file.fingerprint, file.lineStart);
            } // else it was deleted while waiting, and its inode may name another file now
            tracker.finish(file);
        }
    }

    private void readFailed(TailedFile file, IOException error) {
        tracker.listener.readError(file.input, file.path(), error);
        if (!file.errorLogged) {
            file.errorLogged = true;
            LOG.log(System.Logger.Level.WARNING, "Cannot read {0}: {1}; closing the handle and retrying (logged once)", file,
                    error.toString());
        }
        tracker.descriptors.close(file.holder);
        file.state = file.live() ? State.FAILED : State.ROTATED; // live: reopened by the next scan; rotated: below
        if (file.rotated()) {
            try {
                OpenedFile opened = OpenedFile.open(file.path());
                if (opened.key().equals(file.key())) {
                    file.holder.channel = opened.channel();
                    tracker.descriptors.opened(file.holder);
                    return;
                }
                opened.channel().close();
            } catch (IOException e) {
                // gone: below
            }
            long lost = Math.max(file.scannedEnd, file.publishedSize) - file.lineStart;
            LOG.log(System.Logger.Level.WARNING, "Rotated {0} cannot be read again; {1} unread bytes are lost", file, lost);
            if (lost > 0) {
                tracker.listener.bytesLost(file.input, file.path(), lost);
            }
            file.handler.flush();
            tracker.forget(file.holder);
            tracker.finish(file);
        }
    }

    /** Reads every reader's file to the end it has now, hands over partial last lines, and flushes every handler. */
    void drain(long deadlineNanos) {
        long now = tracker.clock.millis();
        for (int i = 0; i < tracker.files().size() && System.nanoTime() - deadlineNanos < 0; i++) {
            TailedFile file = tracker.files().get(i); // a truncation found now adds the live file's next generation
            if (file.state == State.FINISHED) {
                continue;
            }
            boolean openedHere = false;
            try {
                if (!file.isOpen() && file.state != State.FINISHED) {
                    FileStat stat = FileStat.of(file.path());
                    if (stat.key().equals(file.key()) && stat.size() != file.scannedEnd) {
                        OpenedFile opened = OpenedFile.open(file.path());
                        // The same inode with other first bytes is another file now: nothing of this generation.
                        if (opened.key().equals(file.key())
                                && file.fingerprint.matches(opened.channel(), opened.channel().size())) {
                            file.holder.channel = opened.channel();
                            tracker.descriptors.opened(file.holder);
                            openedHere = true;
                        } else {
                            opened.channel().close();
                        }
                    }
                }
                if (file.isOpen()) {
                    // To the end the file has now; it may change file (a truncation found here continues the generation
                    // in its copy, or finishes this reader and adds the next generation's).
                    boolean more = service(file, now, false); // also notices a truncation that left the file shorter
                    while (more && file.state != State.FINISHED && file.isOpen() && file.scannedEnd < file.channel().size()
                            && System.nanoTime() - deadlineNanos < 0) {
                        more = service(file, now, false);
                    }
                    if (file.state != State.FINISHED && file.isOpen() && file.hasPartialLine()) {
                        emitPartial(file, now);
                    }
                }
            } catch (IOException e) {
                readFailed(file, e);
            }
            file.handler.flush();
            if (openedHere && file.state != State.FINISHED) {
                tracker.descriptors.release(file);
            }
        }
    }
}
