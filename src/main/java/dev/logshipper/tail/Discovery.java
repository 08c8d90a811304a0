package dev.logshipper.tail;

import dev.logshipper.checkpoint.FileKey;
import dev.logshipper.tail.TailedFile.State;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a directory listing means while the shipper runs. Known files are followed by identity
 * ({@link KnownFileChanges}). A new file is told by its first bytes:
 * a copy of a generation being read (copytruncate) waits as its standby; a copy of one already read is done; otherwise
 * it is a generation of its own - a new live file, or one of a family's that was rotated before any scan saw it - and is
 * read from its start, unless it is older than the first listing (history from before the shipper). Part of
 * {@link FileTracker}, on its thread.
 */
final class Discovery {
    private static final System.Logger LOG = System.getLogger(Discovery.class.getName());

    /** A file found that the catalogue does not know: where, its stat, and the input whose glob matches it (or none). */
    record Candidate(Path path, FileStat stat, String input) {
    }

    private final FileTracker tracker;
    private final FileCatalogue catalogue;
    private final KnownFileChanges changes;

    Discovery(FileTracker tracker) {
        this.tracker = tracker;
        this.catalogue = tracker.catalogue;
        this.changes = new KnownFileChanges(tracker, this);
    }

    /**
     * Applies a full listing of the watched directories: first every known file's path (renames), then what disappeared,
     * then what changed, then the new files - so that whatever a change triggers sees every path as it is now.
     */
    void apply(List<GlobScanner.Listed> listed) {
        Set<FileKey> seen = new HashSet<>();
        List<Runnable> changed = new ArrayList<>();
        List<Candidate> fresh = new ArrayList<>();
        for (GlobScanner.Listed file : listed) {
            if (RotationFamily.compressed(file.path().getFileName().toString())) {
                continue; // never read; a known file renamed so (it never is) counts as gone
            }
            FileStat stat;
            try {
                stat = tracker.fileKeys().stat(file.path(), file.attributes());
            } catch (IOException e) {
                continue; // vanished since the walk
            }
            if (!seen.add(stat.key())) {
                continue; // the same file through another link
            }
            KnownFile known = catalogue.get(stat.key());
            if (known != null) {
                boolean moved = !known.path.equals(file.path());
                known.path = file.path();
                known.missedListings = 0;
                changed.add(() -> changes.seen(known, moved, file.input(), stat));
            } else {
                fresh.add(new Candidate(file.path(), stat, file.input()));
            }
        }
        for (KnownFile known : List.copyOf(catalogue.files())) {
            if (!seen.contains(known.key) && ++known.missedListings >= 2) {
                changes.gone(known);
            }
        }
        changed.forEach(Runnable::run);
        List<Path> matched = new ArrayList<>();
        for (Candidate candidate : fresh) {
            if (candidate.input() != null) {
                matched.add(candidate.path());
            }
        }
        catalogue.addLiveNames(matched, path -> tracker.scanner().inputOf(path) != null);
        // Only now are the families of live files new in this listing known (a generation of one may be here already).
        fresh.removeIf(c -> c.input() == null && catalogue.familyOf(c.path()) == null);
        // Live files first: a copy is told by the generation its live file is in.
        fresh.sort(Comparator.comparing((Candidate c) -> catalogue.familyOf(c.path()) != null));
        for (Candidate candidate : fresh) {
            if (catalogue.get(candidate.stat().key()) == null) {
                discover(candidate);
            }
        }
        catalogue.pruneBases();
    }

    /**
     * Catalogues the new files of {@code file}'s rotation family now, before its fingerprint changes (see
     * {@link FileReading}) or its generation ends ({@link Truncations}). Files that start like one of {@code pending}
     * (a generation about to get its reader) are left for the next scan.
     */
    void catalogueFamily(TailedFile file, Fingerprint... pending) {
        Path directory = file.sourcePath.getParent();
        if (directory == null) {
            return;
        }
        List<Candidate> unknown = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path path : entries) {
                if ((!path.equals(file.sourcePath) && catalogue.familyOf(path) == null)
                        || RotationFamily.compressed(path.getFileName().toString())) {
                    continue;
                }
                try {
                    FileStat stat = FileStat.of(path);
                    KnownFile known = catalogue.get(stat.key());
                    if (known == null) {
                        unknown.add(new Candidate(path, stat, tracker.scanner().inputOf(path)));
                        continue;
                    }
                    boolean moved = !known.path.equals(path);
                    known.path = path; // renamed since the last scan: decisions below go by where files are now
                    boolean changed = stat.size() != known.size || stat.modifiedNanos() != known.modifiedNanos;
                    if (changes.replacedWhileReleased(known, changed, tracker.scanner().inputOf(path), stat)) {
                        continue; // deleted and its inode given to another file, perhaps the very copy looked for here
                    }
                    boolean waiting = known.role != KnownFile.Role.READING
                            || (known.reader.state == State.DRAINED && !known.isOpen());
                    if (waiting && changed) {
                        // Changed since it was catalogued: grown, or its inode now names a new file (a copy, say). Files
                        // being read are left to their readers: this runs inside one reader's step.
                        changes.seen(known, moved, tracker.scanner().inputOf(path), stat);
                    } else if (moved && known.slot != null) {
                        tracker.repath(known);
                    }
                } catch (IOException e) {
                    // not a regular file, or gone
                }
            }
        } catch (IOException e) {
            return; // the directory itself is gone: the next scan sees what that means
        }
        unknown.sort(Comparator.comparing((Candidate c) -> !c.path().equals(file.sourcePath))); // the live file first
        for (Candidate candidate : unknown) {
            if (catalogue.get(candidate.stat().key()) == null) {
                discover(candidate, pending);
            }
        }
    }

    // -------------------------------------------------------------------------------------------------- new files

    /** Looks at the file now at {@code path} as a new one. */
    void discover(Path path) {
        try {
            discover(new Candidate(path, FileStat.of(path), tracker.scanner().inputOf(path)));
        } catch (IOException e) {
            // gone: nothing to discover
        }
    }

    private void discover(Candidate candidate, Fingerprint... pending) {
        discover(candidate, null, pending);
    }

    /**
     * Tells a new file by its first bytes and starts what it needs: a reader, a standby, or nothing (read, or history).
     *
     * @param before what this identity held when it was last known as read to its end, or null
     */
    void discover(Candidate candidate, KnownFile before, Fingerprint... pending) {
        Path path = candidate.path();
        if (RotationFamily.compressed(path.getFileName().toString())) {
            return; // never read
        }
        Path base = catalogue.familyOf(path);
        Path source = base != null ? base : path;
        String input = candidate.input() != null ? candidate.input() : inputOf(source);
        boolean live = candidate.input() != null && source.equals(path);
        if (input == null) {
            return;
        }
        if (candidate.stat().size() == 0 && !live) {
            heat(source); // a copy being made, or an empty generation: looked at again by the next scan
            return;
        }
        KnownFile file;
        Fingerprint own;
        // Opened to look at its first bytes; the descriptor is kept (and counted) only if the file is read or waits.
        try {
            OpenedFile opened = OpenedFile.open(path);
            if (catalogue.get(opened.key()) != null) {
                opened.channel().close(); // known after all (renamed here since it was listed): not a new file
                return;
            }
            if (before == null) {
                before = catalogue.forgotten(opened.key()); // compared by content below: a reused inode is no match
            }
            file = new KnownFile(opened.key(), input, source, path);
            file.channel = opened.channel();
            file.size = opened.channel().size();
            own = Fingerprint.of(opened.channel(), file.size);
        } catch (IOException e) {
            tracker.descriptors.unreadable(path, e);
            return;
        }
        tracker.descriptors.readable(path);
        file.modifiedNanos = candidate.stat().modifiedNanos();
        for (Fingerprint next : pending) {
            if (Lineage.agree(own, next)) {
                file.closeChannel(); // a copy of a generation about to get its reader: the next scan
                return;
            }
        }
        if (copyOfUnnoticedTruncation(own, source)) {
            file.closeChannel(); // classified once the live file's reader has seen its truncation (see Truncations)
            return;
        }
        Lineage.Match match = file.size == 0 ? Lineage.Match.NONE
                : Lineage.match(own, tracker.files(), this::generationStart, catalogue.family(source), source);
        TailedFile ended = match.reader() == null && match.copyOf() == null && file.size > 0 ? endedReaderOf(own, source) : null;
        if (ended != null && file.size > ended.lineStart && tracker.descriptors.ensureCapacity()) {
            tracker.descriptors.opened(file);
            tracker.resume(ended, file); // a copy of a generation that ended with bytes unread: they are here
        } else if (ended != null) {
            file.closeChannel();
            tracker.makeStandby(file, own, ended); // kept until what was read of it is acknowledged
        } else if (match.reader() != null) {
            if (tracker.descriptors.descriptorFree()) {
                tracker.descriptors.opened(file); // held: a copy deleted or compressed before it is needed stays readable
            } else {
                file.closeChannel();
            }
            tracker.makeStandby(file, own, match.reader());
            if (match.reader().live()) {
                heat(source); // logrotate copied the live file: its truncation follows
            }
        } else if (before != null && file.size >= before.size && Lineage.agree(own, before.fingerprint)) {
            if (file.size == before.size) {
                file.closeChannel();
                tracker.makeDone(file, own, file.size); // touched, not written
            } else if (!read(file, live ? State.LIVE : State.ROTATED, own, before.size)) {
                tracker.makeDone(file, before.fingerprint, before.size); // the rest is read when a descriptor is free
            }
        } else if (match.copyOf() != null && file.size <= match.copyOf().size) {
            file.closeChannel();
            tracker.makeDone(file, own, file.size);
        } else if (match.copyOf() != null) {
            read(file, candidate.input() != null ? State.LIVE : State.ROTATED, own, match.copyOf().size);
        } else if (candidate.input() != null) {
            read(file, State.LIVE, own, 0); // files appearing while running are read from their head
        } else if (catalogue.history(TimeUnit.NANOSECONDS.toMillis(candidate.stat().modifiedNanos()))) {
            file.closeChannel();
            tracker.makeDone(file, own, file.size);
        } else if (read(file, State.ROTATED, own, 0)) {
            LOG.log(System.Logger.Level.INFO, "Reading {0} from its start: a generation of {1} that was rotated before a "
                    + "scan saw it", path, source);
        }
    }

    /** Starts a reader on a just-discovered file, if a descriptor can be had; else it is found again by the next scan. */
    private boolean read(KnownFile file, State state, Fingerprint own, long offset) {
        if (!tracker.descriptors.ensureCapacity()) {
            file.closeChannel();
            return false;
        }
        tracker.descriptors.opened(file);
        tracker.startReader(file, state, own, 0, offset);
        return true;
    }

    /**
     * What {@code reader}'s generation starts with as far as known now: its fingerprint, or where the fingerprint is
     * still short (a young generation, possibly not read at all yet) its file's first bytes as they are now, when they
     * still agree with it. A copy of such a file is found to be one even before the reader read it.
     */
    private Fingerprint generationStart(TailedFile reader) {
        Fingerprint known = reader.fingerprint;
        if (known.length() >= Fingerprint.MAX_LENGTH) {
            return known;
        }
        Fingerprint now = fileStart(reader);
        return now != null && now.length() > known.length() && Lineage.startsWith(now, known.length(), known.crc())
                ? now : known;
    }

    /** What the reader's file starts with now (looked at through a moment's handle if it is released), or null. */
    private static Fingerprint fileStart(TailedFile reader) {
        try {
            if (reader.isOpen()) {
                return Fingerprint.of(reader.channel(), reader.channel().size());
            }
            OpenedFile opened = OpenedFile.open(reader.path());
            try (FileChannel channel = opened.channel()) {
                return opened.key().equals(reader.key()) ? Fingerprint.of(channel, channel.size()) : null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * True when {@code own} starts like the live file of {@code source} does now, while that file's reader is still on
     * an earlier generation: the live file was truncated and written again, and copied, before its reader looked.
     */
    private boolean copyOfUnnoticedTruncation(Fingerprint own, Path source) {
        for (TailedFile reader : tracker.files()) {
            if (reader.live() && reader.fingerprint.length() > 0 && reader.holder.path.equals(source)) {
                Fingerprint now = fileStart(reader);
                if (now != null && Lineage.agree(own, now) && !Lineage.agree(reader.fingerprint, now)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The reader of {@code source}'s family whose generation ended unread or unacknowledged, that {@code own} is a copy of. */
    private TailedFile endedReaderOf(Fingerprint own, Path source) {
        for (TailedFile reader : tracker.endedReaders()) {
            if (reader.sourcePath.equals(source) && Lineage.agree(own, reader.fingerprint)) {
                return reader;
            }
        }
        return null;
    }

    /** The input reading {@code source}'s family. */
    private String inputOf(Path source) {
        for (KnownFile file : catalogue.family(source)) {
            return file.input;
        }
        return tracker.scanner().inputOf(source);
    }

    /**
     * A copy of a live file is being made: read the live file to its end at once, and poll it without pause until its
     * truncation is seen. What the app writes after the copy ends and before the truncation is in no file unless it
     * was read before the truncation.
     */
    private void heat(Path source) {
        long until = tracker.clock.millis() + FileTracker.HOT_MILLIS;
        for (TailedFile reader : tracker.files()) {
            if (reader.live() && reader.sourcePath.equals(source)) {
                reader.hotUntilMillis = until; // read to its end as soon as this scan is done (FileTracker.scan)
            }
        }
    }
}
