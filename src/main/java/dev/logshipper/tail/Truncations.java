package dev.logshipper.tail;

import dev.logshipper.tail.TailedFile.State;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A generation that ends before it was read to its end: the live file was truncated (copytruncate, or the app), or
 * rewritten with other first bytes between two looks. The unread rest of the old generation is read from the copy
 * logrotate made of it, when there is one ({@link KnownFile.Role#STANDBY}); the live file starts its next generation at
 * 0. Part of {@link FileTracker}, on its thread.
 */
final class Truncations {
    private static final System.Logger LOG = System.getLogger(Truncations.class.getName());

    private final FileTracker tracker;

    Truncations(FileTracker tracker) {
        this.tracker = tracker;
    }

    /** {@code file}'s holder now holds {@code size} bytes of other content than the generation being read. */
    void truncated(TailedFile file, long size, long now) throws IOException {
        tracker.listener.fileTruncated(file.input, file.path());
        file.hotUntilMillis = 0;
        KnownFile holder = file.holder;
        State liveState = file.state == State.QUIET ? State.LIVE : file.state;
        Fingerprint next = Fingerprint.of(holder.channel, size);
        // Copies made before the truncation are catalogued against the ended generation's fingerprint, which the reader
        // still has; a copy of the new content (logrotate copying again) is left until the new content has its reader.
        // The listing also brings every known file's path up to date (the holder may have been renamed meanwhile).
        tracker.discovery.catalogueFamily(file, next);
        boolean appsOwnFile = file.live() && holder.path.equals(file.sourcePath);
        refreshStandbySizes(file);
        generationEnds(file, holder.path + " was truncated (now " + size + " bytes, read up to " + file.lineStart + ")");
        if (appsOwnFile) {
            // What the app's own file holds now is its next generation, read from its start.
            TailedFile successor = tracker.startReader(holder, liveState, next, file.generation + 1, 0);
            successor.lastGrowthMillis = now;
        } else {
            // A rotated file, or a rotated name the globs match, now naming other content (its inode reused for the next
            // copy, say): told by its first bytes, like any new file.
            tracker.forget(holder);
            tracker.discovery.discover(holder.path);
        }
        tracker.discovery.catalogueFamily(file); // copies of the new content
    }

    /**
     * {@code file}'s holder no longer holds its generation ({@code what} happened to it): the reader goes on in the
     * longest copy that holds more than was read, or, without one, ends - what was known to be unread is counted lost.
     * The holder's fate is the caller's.
     */
    void generationEnds(TailedFile file, String what) {
        KnownFile holder = file.holder;
        if (continueInLongestCopy(file) != null) {
            LOG.log(System.Logger.Level.INFO, "{0}; reading the rest of its content from {1}", what, file.path());
            return;
        }
        lost(file, what + "; no copy holds the unread rest");
        retireAcknowledgedStandbys(file);
        for (KnownFile copy : file.standbys) {
            tracker.descriptors.close(copy); // kept for the checkpoint only: its records are in flight, a restart reads it again
        }
        tracker.ended(file);
        if (holder.reader == file) {
            holder.reader = null;
        }
    }

    /**
     * When a copy of {@code file}'s generation holds more than was read, the reader goes on from the longest one (it
     * becomes rotated: read to its end, then finished) and the file it read from until now is returned, for the caller to
     * hand on or retire; otherwise null. Other copies are retired.
     */
    KnownFile continueInLongestCopy(TailedFile file) {
        List<KnownFile> longestFirst = new ArrayList<>(file.standbys);
        longestFirst.sort(Comparator.comparingLong((KnownFile copy) -> copy.size).reversed());
        KnownFile longest = null;
        for (KnownFile copy : longestFirst) {
            if (copy.size > file.lineStart && open(copy)) {
                longest = copy;
                break;
            }
        }
        if (longest == null) {
            return null;
        }
        file.standbys.remove(longest);
        retireAcknowledgedStandbys(file);
        KnownFile previous = file.holder;
        if (previous.reader == file) {
            previous.reader = null; // the live file is handed to its next generation, or retired, by the caller
        }
        longest.role = KnownFile.Role.READING;
        longest.reader = file;
        longest.fingerprint = null;
        file.holder = longest;
        // The copy may hold less than was fingerprinted (the live file grew after it was copied): what it does hold is
        // what identifies it now.
        file.fingerprint = file.fingerprint.prefix(longest.size);
        file.state = State.ROTATED;
        file.lastGrowthMillis = tracker.clock.millis();
        tracker.putSlot(longest);
        tracker.listener.truncatedRestRecovered(file.input, longest.path, longest.size - file.lineStart);
        return previous;
    }

    /**
     * Copies of {@code file}'s generation whose every byte was read and acknowledged are no longer needed. The others
     * stay: their slots keep the generation's acknowledged offset, so that after a restart what is still in flight is
     * read again from them.
     */
    void retireAcknowledgedStandbys(TailedFile file) {
        long acknowledged = file.ledger.watermark();
        for (KnownFile copy : List.copyOf(file.standbys)) {
            if (acknowledged >= copy.size) {
                tracker.makeDone(copy, copy.fingerprint, copy.size);
            }
        }
    }

    private boolean open(KnownFile copy) {
        if (copy.isOpen()) {
            return true;
        }
        try {
            OpenedFile opened = OpenedFile.open(copy.path);
            if (opened.key().equals(copy.key)) {
                copy.channel = opened.channel();
                tracker.descriptors.opened(copy);
                return true;
            }
            opened.channel().close();
        } catch (IOException e) {
            // gone before it was needed
        }
        return false;
    }

    private void refreshStandbySizes(TailedFile file) {
        for (KnownFile copy : file.standbys) {
            try {
                long size = copy.isOpen() ? copy.channel.size() : FileStat.of(copy.path).size();
                if (size != copy.size) {
                    copy.size = size;
                    tracker.putSlot(copy);
                }
            } catch (IOException e) {
                // unreadable or gone: its last known size stands
            }
        }
    }

    private void lost(TailedFile file, String what) {
        long lost = Math.max(0, Math.max(file.scannedEnd, file.publishedSize) - file.lineStart);
        LOG.log(System.Logger.Level.INFO, "{0}{1}", what, lost > 0 ? "; " + lost + " unread bytes are lost" : "");
        if (lost > 0) {
            tracker.listener.bytesLost(file.input, file.path(), lost);
        }
        file.handler.flush();
    }
}
