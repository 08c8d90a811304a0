package dev.logshipper.tail;

import dev.logshipper.tail.TailedFile.State;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a listing shows of files the catalogue knows, followed by identity: renamed (a live file renamed to a name the
 * globs do not match is rotated), gone (read to its end through its handle, or forgotten), grown (read on), truncated or
 * rewritten (its generation ends), or its inode given to another file (then that file is discovered as a new one). Part
 * of {@link FileTracker}, on its thread.
 */
final class KnownFileChanges {
    private static final System.Logger LOG = System.getLogger(KnownFileChanges.class.getName());

    private final FileTracker tracker;
    private final FileCatalogue catalogue;
    private final Discovery discovery;

    KnownFileChanges(FileTracker tracker, Discovery discovery) {
        this.tracker = tracker;
        this.catalogue = tracker.catalogue;
        this.discovery = discovery;
    }

    /** {@code known} was listed again, at {@code path} now ({@code moved} if that is new), matched by {@code input} or none. */
    void seen(KnownFile known, boolean moved, String input, FileStat stat) {
        Path path = known.path;
        if (catalogue.get(known.key) != known) {
            return; // forgotten meanwhile (a truncation handled just before)
        }
        switch (known.role) {
            case READING -> seenReading(known.reader, moved, input, stat);
            case STANDBY -> {
                boolean settled = stat.size() == known.size && stat.modifiedNanos() == known.modifiedNanos;
                if (!settled && !stillStartsAsCatalogued(known, stat)) {
                    // Not the copy still being made: its inode now names other content (the copy was deleted).
                    tracker.forget(known);
                    discovery.discover(new Discovery.Candidate(path, stat, input), null);
                    return;
                }
                known.modifiedNanos = stat.modifiedNanos();
                if (settled && known.reader.ledger.watermark() >= known.size) {
                    // The copy is complete, and its bytes were read (from the live file) and acknowledged.
                    tracker.makeDone(known, known.fingerprint, known.size);
                } else if (moved || stat.size() != known.size) {
                    known.size = stat.size();
                    tracker.putSlot(known);
                }
            }
            case DONE -> {
                if (stat.size() != known.size || stat.modifiedNanos() != known.modifiedNanos) {
                    changedSinceDone(known, path, input, stat);
                } else if (moved) {
                    tracker.makeDone(known, known.fingerprint, known.size); // the slot names the new path
                }
            }
        }
    }

    /** A copy that grew (logrotate still copying) still starts with the bytes it had when it was catalogued. */
    private static boolean stillStartsAsCatalogued(KnownFile known, FileStat stat) {
        return stat.size() >= known.size && startsWith(known.path, known.fingerprint);
    }

    /** Whether the file at {@code path} still starts with {@code fingerprint}'s bytes; unreadable now counts as yes. */
    private static boolean startsWith(Path path, Fingerprint fingerprint) {
        try (FileChannel channel = FileChannel.open(path)) {
            return fingerprint.matches(channel, channel.size());
        } catch (IOException e) {
            return true; // judged again by the next scan
        }
    }

    private void seenReading(TailedFile reader, boolean moved, String input, FileStat stat) {
        KnownFile holder = reader.holder;
        if (!reader.isOpen() && (otherFamily(holder) || (neverRead(reader) && !holder.path.equals(reader.sourcePath)
                && stat.size() > 0))) {
            // Without a handle, the identity may have been deleted and reused: under another family's name it certainly
            // was, and a rotated file nothing was read of may be a new copy now. Looked at as a new file.
            replaced(reader, input, stat);
            return;
        }
        if (moved) {
            tracker.putSlot(holder);
        }
        if (reader.live() && input == null) {
            rotated(reader); // renamed to a name the globs do not match
        } else if (reader.rotated() && input != null && holder.path.equals(reader.sourcePath)
                && (reader.isOpen() || holder.missedListings == 0)) {
            // Taken for gone (listings missed it while logrotate renamed files), it is the app's file all along.
            reader.state = reader.isOpen() ? State.LIVE : State.RELEASED;
        }
        boolean modified = stat.modifiedNanos() != holder.modifiedNanos;
        if (reader.state == State.DRAINED && !reader.isOpen() && (stat.size() != reader.scannedEnd || modified)) {
            writtenSinceDrained(reader, input, stat);
            return;
        }
        boolean reopened = false;
        if (reader.live()) {
            if (stat.size() != reader.scannedEnd && reader.state == State.QUIET) {
                reader.state = State.LIVE; // grew or shrank without a reported event: look at it in the next pass
            }
            if ((!reader.isOpen() && (stat.size() != reader.scannedEnd || modified)) || reader.state == State.FAILED) {
                tracker.reopen(reader, tracker.clock.millis()); // checks the first bytes itself
                reopened = true;
            }
        }
        if (!reopened && reader.isOpen() && modified && stat.size() == reader.scannedEnd && reader.fingerprint.length() > 0) {
            // Written, yet no longer than what was read: truncated and written again to the same length between two
            // looks (the app writing to its handle after logrotate renamed and truncated the file: rotated now, too).
            rewrittenInPlace(reader);
        }
        if (reader.isOpen()) {
            holder.modifiedNanos = stat.modifiedNanos(); // while closed, a change stays a change until it is reopened
        }
    }

    /**
     * Listings made while logrotate renamed files missed it, but it is there: its directory, looked through by identity
     * once more, has it (under its name or a new one).
     */
    private boolean stillThere(KnownFile known) {
        Path directory = known.path.getParent();
        if (directory == null) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path path : entries) {
                if (RotationFamily.compressed(path.getFileName().toString())) {
                    continue; // a new file (compressing writes one): its inode may be one freed by a deleted file
                }
                try {
                    if (FileStat.of(path).key().equals(known.key)) {
                        known.path = path;
                        known.missedListings = 0;
                        return true;
                    }
                } catch (IOException e) {
                    // not a regular file, or gone meanwhile
                }
            }
        } catch (IOException e) {
            // the directory is gone: so is the file
        }
        return false;
    }

    /** True when the file now has a name of another live file's rotation family. */
    private boolean otherFamily(KnownFile file) {
        return !file.path.equals(file.source) && !file.source.equals(catalogue.familyOf(file.path));
    }

    private static boolean neverRead(TailedFile reader) {
        return reader.fingerprint.length() == 0 && reader.scannedEnd == 0;
    }

    /**
     * A rotated file whose reader holds no descriptor (released for the budget or for idleness), listed while another
     * reader's truncation is handled: when the inode now holds other content (the file was deleted, or compressed, and
     * its inode given to a new file, logrotate's next copy say), the reader's generation ends and the file is discovered
     * anew, so that a copy is taken for one. Judged by the first bytes, without taking a descriptor from the budget or
     * reopening the reader, which could release another and so on. True when it was replaced.
     */
    boolean replacedWhileReleased(KnownFile known, boolean changed, String input, FileStat stat) {
        if (known.role != KnownFile.Role.READING || known.isOpen() || known.reader.state == State.DRAINED
                || known.path.equals(known.reader.sourcePath)) {
            return false;
        }
        TailedFile reader = known.reader;
        // Under another family's name it certainly is another file; else the first bytes tell (the same content, grown:
        // its reader reads on when it is reopened).
        boolean other = otherFamily(known) || (changed && !startsWith(known.path, reader.fingerprint));
        if (other) {
            replaced(reader, input, stat);
        }
        return other;
    }

    /** The reader's file is another file now: its generation ends here, and what the file holds is discovered anew. */
    private void replaced(TailedFile reader, String input, FileStat stat) {
        KnownFile holder = reader.holder;
        tracker.truncations.generationEnds(reader, holder + " was replaced while its descriptor was released");
        tracker.forget(holder);
        discovery.discover(new Discovery.Candidate(holder.path, stat, input), null);
    }

    /** Modified, but no longer than what was read: truncated and written again between two looks? */
    private void rewrittenInPlace(TailedFile reader) {
        try {
            if (!reader.fingerprint.matches(reader.channel(), reader.channel().size())) {
                tracker.truncations.truncated(reader, reader.channel().size(), tracker.clock.millis());
            }
        } catch (IOException e) {
            // read errors show in the next pass
        }
    }

    private void rotated(TailedFile reader) {
        reader.state = State.ROTATED;
        tracker.listener.fileRotated(reader.input, reader.path());
        LOG.log(System.Logger.Level.DEBUG, "{0} was rotated; reading it to its end", reader);
        reopenRotated(reader);
    }

    /**
     * A rotated file read to its end (its descriptor closed while its last records are acknowledged) changed: written to
     * again (read the rest), or deleted and its inode given to a new file (then the new file is discovered as one).
     */
    private void writtenSinceDrained(TailedFile reader, String input, FileStat stat) {
        KnownFile holder = reader.holder;
        try {
            OpenedFile opened = OpenedFile.open(holder.path);
            if (opened.key().equals(holder.key) && reader.fingerprint.matches(opened.channel(), opened.channel().size())) {
                holder.channel = opened.channel();
                tracker.descriptors.opened(holder);
                reader.state = State.ROTATED;
                return;
            }
            opened.channel().close();
        } catch (IOException e) {
            return; // judged again by the next scan
        }
        tracker.forget(holder); // the reader only waits for its acknowledgements now
        discovery.discover(new Discovery.Candidate(holder.path, stat, input), null);
    }

    private void reopenRotated(TailedFile reader) {
        if (!reader.isOpen()) {
            try {
                OpenedFile opened = OpenedFile.open(reader.path());
                if (opened.key().equals(reader.key())) {
                    reader.holder.channel = opened.channel();
                    tracker.descriptors.opened(reader.holder);
                    return;
                }
                opened.channel().close();
            } catch (IOException e) {
                // gone meanwhile: the next scan finds it gone
            }
        }
    }

    /**
     * A file read to its end (or history) changed. Looked at again like a new file, with what was read of it: it may
     * have grown (the rest is read), or its identity may now name a new copy of a generation being read (logrotate
     * deleted the old copy and the file system gave its inode to the next one), or other content altogether.
     */
    private void changedSinceDone(KnownFile known, Path path, String input, FileStat stat) {
        tracker.forget(known);
        discovery.discover(new Discovery.Candidate(path, stat, input), known);
    }

    /** {@code known} is in none of the watched directories any more. */
    void gone(KnownFile known) {
        if (stillThere(known)) {
            return;
        }
        switch (known.role) {
            case READING -> {
                TailedFile reader = known.reader;
                if (reader.isOpen()) {
                    if (reader.live()) {
                        rotated(reader); // deleted, or moved out of the watched directories: read it through its handle
                    }
                    return;
                }
                tracker.truncations.generationEnds(reader, known + " disappeared while its descriptor was released");
                tracker.forget(known);
            }
            case STANDBY -> {
                if (!known.isOpen() || known.reader.state == State.FINISHED) {
                    tracker.forget(known); // deleted or compressed; while its generation is read, its handle keeps it
                }
            }
            case DONE -> tracker.forget(known);
        }
    }
}
