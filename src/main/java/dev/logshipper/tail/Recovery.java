package dev.logshipper.tail;

import dev.logshipper.checkpoint.CheckpointEntry;
import dev.logshipper.checkpoint.FileKey;
import dev.logshipper.checkpoint.LoadedCheckpoint;
import dev.logshipper.config.ShipperConfig.StartAt;
import dev.logshipper.tail.TailedFile.State;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Start-up: matches what the checkpoint says against what the watched directories hold, by identity first and names
 * last. Every file of a tailed file's rotation family is looked at (stat once, first bytes once) and the files are
 * grouped by generation - a copy starts with the bytes of what it was copied from. Per generation:
 * <ul>
 *   <li>a member whose device, inode and first bytes match an entry resumes the generation at that entry's
 *       acknowledged offset, whatever the member is called now ({@code app.log.4} after three more rotations);</li>
 *   <li>else a member that starts with a checkpointed generation's fingerprint is a copy made of it while the shipper
 *       was down: read from that generation's acknowledged offset;</li>
 *   <li>else it is a generation no run has read: a live file from its start (or by {@code startAt} on a first start, or
 *       when it is older than the checkpoint's last listing), a rotated one from its start unless it predates that
 *       listing (history).</li>
 * </ul>
 * One reader per generation, on the live file if it is one (it grows), else on the longest copy; the other copies wait
 * as its standbys. A checkpointed generation found nowhere is gone; if its unread rest survives only compressed, the
 * bytes are counted as lost.
 */
final class Recovery {
    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());
    /** How far back a tail start looks for the last newline, so it starts on a line boundary. */
    private static final int TAIL_LOOKBACK = 64 * 1024;

    /** A file found at start that may matter, looked at once. */
    private record Found(Path path, FileKey key, String globInput, String input, Path source, long size, long modifiedNanos,
            Fingerprint own, CheckpointEntry entry) {
        boolean live() {
            return globInput != null && path.equals(source);
        }

        long modifiedMillis() {
            return TimeUnit.NANOSECONDS.toMillis(modifiedNanos);
        }
    }

    private final FileTracker tracker;
    private final FileCatalogue catalogue;
    private final LoadedCheckpoint checkpoint;
    private final Map<String, StartAt> startAt;
    private final Map<FileKey, CheckpointEntry> entries = new HashMap<>();
    private final Set<String> checkpointedSources = new HashSet<>();
    private final Set<CheckpointEntry> consumed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Path> compressed = new ArrayList<>();
    /** Tests: runs after the files were looked at and before readers start (logrotate renaming files meanwhile). */
    private Runnable afterLooking = () -> { };

    Recovery(FileTracker tracker, LoadedCheckpoint checkpoint, Map<String, StartAt> startAt, Set<String> inputNames) {
        this.tracker = tracker;
        this.catalogue = tracker.catalogue;
        this.checkpoint = checkpoint;
        this.startAt = startAt;
        for (CheckpointEntry entry : checkpoint.entries()) {
            if (!inputNames.contains(entry.input())) {
                LOG.log(System.Logger.Level.WARNING, "Checkpointed {0} belongs to input ''{1}'' which is no longer configured; "
                        + "not resuming it", entry.path(), entry.input());
                continue;
            }
            entries.put(entry.key(), entry);
            checkpointedSources.add(entry.source());
            catalogue.addBase(Path.of(entry.source()));
        }
    }

    Recovery afterLooking(Runnable hook) {
        this.afterLooking = hook;
        return this;
    }

    void run() {
        long started = System.currentTimeMillis();
        List<GlobScanner.Listed> listed = tracker.scanner().scan();
        addLiveNames(listed);
        Map<Path, List<Found>> families = new LinkedHashMap<>();
        Set<FileKey> seen = new HashSet<>();
        for (GlobScanner.Listed file : listed) {
            Found found = look(file, seen);
            if (found != null) {
                families.computeIfAbsent(found.source(), s -> new ArrayList<>()).add(found);
            }
        }
        afterLooking.run();
        for (List<Found> family : families.values()) {
            for (List<Found> generation : generations(family)) {
                resume(generation);
            }
        }
        reportGone();
        tracker.checkpoints.listed(started);
        // Written at once, not at the first interval: a restart must find this listing, or it would take what appears
        // in the directories from now on for history from before the shipper.
        tracker.checkpoints.writeNow();
        tracker.publish();
    }

    private void addLiveNames(List<GlobScanner.Listed> listed) {
        List<Path> matched = new ArrayList<>();
        for (GlobScanner.Listed file : listed) {
            if (file.input() != null) {
                matched.add(file.path());
            }
        }
        catalogue.addLiveNames(matched, path -> tracker.scanner().inputOf(path) != null);
    }

    private Found look(GlobScanner.Listed file, Set<FileKey> seen) {
        Path path = file.path();
        if (RotationFamily.compressed(path.getFileName().toString())) {
            compressed.add(path);
            return null;
        }
        try {
            FileStat stat = tracker.fileKeys().stat(path, file.attributes());
            if (!seen.add(stat.key())) {
                return null; // the same file through another link
            }
            CheckpointEntry entry = entries.get(stat.key());
            Path family = catalogue.familyOf(path);
            if (file.input() == null && family == null && entry == null) {
                return null;
            }
            Path source = family != null ? family : file.input() != null ? path : Path.of(entry.source());
            String input = file.input() != null ? file.input() : entry != null ? entry.input() : inputOf(source);
            if (input == null) {
                return null;
            }
            if (stat.size() == 0 && !(file.input() != null && path.equals(source))) {
                return null; // an empty copy or generation: nothing to read, looked at again when it has bytes
            }
            OpenedFile opened = OpenedFile.open(path);
            try (FileChannel channel = opened.channel()) {
                long size = channel.size();
                return new Found(path, opened.key(), file.input(), input, source, size,
                        stat.modifiedNanos(), Fingerprint.of(channel, size),
                        entries.get(opened.key()));
            }
        } catch (IOException e) {
            tracker.descriptors.unreadable(path, e);
            return null;
        }
    }

    private String inputOf(Path source) {
        for (CheckpointEntry entry : entries.values()) {
            if (entry.source().equals(source.toString())) {
                return entry.input();
            }
        }
        return tracker.scanner().inputOf(source);
    }

    /**
     * The family's files grouped by generation: sorted by their first bytes, a file joins the one before it when that
     * one's bytes are a prefix of its own (a copy of an earlier moment of the same generation). Empty files stand alone.
     */
    private static List<List<Found>> generations(List<Found> family) {
        List<Found> sorted = new ArrayList<>(family);
        sorted.sort(Comparator.comparing((Found f) -> f.own().head(), Arrays::compare));
        List<List<Found>> groups = new ArrayList<>();
        Found previous = null;
        for (Found found : sorted) {
            if (previous != null && found.size() > 0 && Lineage.agree(previous.own(), found.own())) {
                groups.getLast().add(found);
            } else {
                groups.add(new ArrayList<>(List.of(found)));
            }
            previous = found;
        }
        // The app's own file holds at least what its copies hold: shorter than one of them, it was truncated since and
        // holds a generation of its own that merely starts alike.
        for (List<Found> group : List.copyOf(groups)) {
            long longest = Collections.max(group, Comparator.comparingLong(Found::size)).size();
            for (Found found : List.copyOf(group)) {
                if (found.live() && found.size() < longest) {
                    group.remove(found);
                    groups.add(new ArrayList<>(List.of(found)));
                }
            }
        }
        return groups;
    }

    private void resume(List<Found> generation) {
        Found largest = Collections.max(generation, Comparator.comparingLong(Found::size));
        Found primary = largest;
        for (Found found : generation) {
            if (found.live() || (found.globInput() != null && primary.globInput() == null)) {
                primary = found;
            }
        }
        // Entries of this generation name it by identity (the files that hold it) or by fingerprint (files that held it
        // and were truncated or deleted since): the one furthest along says what was acknowledged.
        CheckpointEntry basis = furthest(resolvedByIdentity(generation), copyOfCheckpointed(largest));
        long offset;
        long number = basis == null ? 0 : basis.generation();
        if (basis != null) {
            offset = basis.offset();
        } else if (primary.globInput() != null) {
            offset = newLiveFileOffset(primary);
            number = primary.entry() != null ? primary.entry().generation() + 1 : 0;
        } else if (!catalogue.history(primary.modifiedMillis())) {
            // Written after the last listing: while the shipper was down, or on a first start after it was started and
            // before this listing (logrotate can be that quick).
            offset = 0;
            LOG.log(System.Logger.Level.INFO, "Reading {0} from its start: a generation of {1} rotated while the shipper was "
                    + "down or starting", primary.path(), primary.source());
        } else {
            offset = Long.MAX_VALUE; // history: rotated before the shipper ever listed it
        }
        if (primary.live() && offset > primary.size()) {
            offset = 0; // the app's file, shorter than what was acknowledged of it: rather read twice than skip
        }
        boolean toRead = primary.live() || offset < primary.size();
        TailedFile reader = toRead ? startReader(primary, primary.globInput() != null, number, offset) : null;
        for (Found found : generation) {
            if (reader != null && found == primary) {
                continue;
            }
            KnownFile file = known(found);
            if (reader != null && found.size() > offset) {
                tracker.makeStandby(file, found.own(), reader);
            } else if (toRead && reader == null) {
                // Renamed or replaced since it was looked at (logrotate at work), or unreadable: done only up to where
                // reading was to start, so the scan that finds it again reads the rest.
                tracker.makeDone(file, found.own(), Math.min(offset, found.size()));
            } else {
                tracker.makeDone(file, found.own(), found.size());
            }
        }
    }

    /** The entry of the member that is the checkpointed file itself (same identity, same first bytes), furthest along. */
    private CheckpointEntry resolvedByIdentity(List<Found> generation) {
        CheckpointEntry basis = null;
        for (Found found : generation) {
            CheckpointEntry entry = found.entry();
            if (entry == null || (entry.fingerprintLength() == 0 && found.size() > 0)) {
                // An entry of an empty file names no content (and nothing of it was read): the inode may have been
                // reused since, and the content may well be a copy of a generation another entry names.
                continue;
            }
            boolean same = Lineage.startsWith(found.own(), entry.fingerprintLength(), entry.fingerprintCrc());
            if (same && found.size() >= entry.offset()) {
                consumed.add(entry);
                if (basis == null || entry.offset() > basis.offset()) {
                    basis = entry;
                }
            } else if (same) {
                LOG.log(System.Logger.Level.WARNING, "{0} is smaller ({1} bytes) than its checkpointed offset {2}: it was "
                        + "truncated while the shipper was down; reading it from the start as a new generation", found.path(),
                        found.size(), entry.offset());
            } else {
                LOG.log(System.Logger.Level.WARNING, "{0} has the checkpointed inode {1} but other first bytes: the inode "
                        + "was reused or the file rewritten; reading it from the start", found.path(), found.key());
            }
        }
        return basis;
    }

    /**
     * Checkpointed generations whose files no longer hold them, that {@code largest} starts with: it is a copy made of
     * them while the shipper was down. The one furthest along, or null.
     */
    private CheckpointEntry copyOfCheckpointed(Found largest) {
        CheckpointEntry basis = null;
        for (CheckpointEntry entry : entries.values()) {
            if (!consumed.contains(entry) && entry.fingerprintLength() > 0
                    && Lineage.startsWith(largest.own(), entry.fingerprintLength(), entry.fingerprintCrc())
                    && Lineage.meaningful(largest.own().head(), entry.fingerprintLength(), largest.own().length())) {
                consumed.add(entry);
                basis = furthest(basis, entry);
            }
        }
        if (basis != null) {
            LOG.log(System.Logger.Level.INFO, "{0} holds checkpointed {1} (copied while the shipper was down); acknowledged up "
                    + "to offset {2}", largest.path(), basis.path(), basis.offset());
        }
        return basis;
    }

    private static CheckpointEntry furthest(CheckpointEntry a, CheckpointEntry b) {
        return a == null ? b : b == null || a.offset() >= b.offset() ? a : b;
    }

    /** Where a live file that is no checkpointed generation starts. */
    private long newLiveFileOffset(Found file) {
        if (!checkpoint.present()) {
            return startOffset(file); // a first start
        }
        if (checkpointedSources.contains(file.source().toString())) {
            LOG.log(System.Logger.Level.INFO, "{0} is a new file at a checkpointed path (rotated while the shipper was down): "
                    + "reading it from the start", file.path());
            return 0;
        }
        // Newer than the checkpoint's last listing: created since. Older: a file the catalogue never knew (a new glob).
        return catalogue.history(file.modifiedMillis()) ? startOffset(file) : 0;
    }

    private long startOffset(Found file) {
        if (startAt.getOrDefault(file.input(), StartAt.HEAD) != StartAt.TAIL) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file.path())) {
            return afterLastNewline(channel, Math.min(file.size(), channel.size()));
        } catch (IOException e) {
            return 0;
        }
    }

    private TailedFile startReader(Found found, boolean live, long generation, long offset) {
        KnownFile file = known(found);
        try {
            OpenedFile opened = OpenedFile.open(found.path());
            if (!opened.key().equals(found.key())) {
                opened.channel().close();
                return null; // replaced since it was looked at: the next scan discovers what is there now
            }
            file.channel = opened.channel();
            tracker.descriptors.opened(file);
        } catch (IOException e) {
            tracker.descriptors.unreadable(found.path(), e);
            return null;
        }
        LOG.log(System.Logger.Level.DEBUG, "Resuming {0} at offset {1}", found.path(), offset);
        TailedFile reader = tracker.startReader(file, live ? State.LIVE : State.ROTATED, found.own(), generation, offset);
        if (live && !tracker.descriptors.descriptorFree()) {
            tracker.descriptors.release(reader); // over the descriptor budget: reopened by identity when it changes
        }
        return reader;
    }

    private static KnownFile known(Found found) {
        KnownFile file = new KnownFile(found.key(), found.input(), found.source(), found.path());
        file.size = found.size();
        file.modifiedNanos = found.modifiedNanos();
        return file;
    }

    /** Checkpointed generations found nowhere: rotated out while the shipper was down; counted when only compressed. */
    private void reportGone() {
        int gone = 0;
        for (CheckpointEntry entry : entries.values()) {
            if (consumed.contains(entry)) {
                continue;
            }
            gone++;
            for (Path file : compressed) {
                long total = CompressedGenerations.lengthIfStartsWith(file, entry);
                if (total > entry.offset()) {
                    LOG.log(System.Logger.Level.WARNING, "{0} unread bytes of {1} survive only in compressed {2}, which is "
                            + "not read; they are lost", total - entry.offset(), entry.path(), file);
                    tracker.listener.bytesLost(entry.input(), file, total - entry.offset());
                }
            }
        }
        if (gone > 0) {
            LOG.log(System.Logger.Level.INFO, "{0} checkpointed files are gone (rotated out while the shipper was down)", gone);
        }
    }

    private static long afterLastNewline(FileChannel channel, long size) throws IOException {
        int length = (int) Math.min(size, TAIL_LOOKBACK);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long from = size - length;
        while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
            // fill
        }
        for (int i = buffer.position() - 1; i >= 0; i--) {
            if (buffer.get(i) == '\n') {
                return from + i + 1;
            }
        }
        return size;
    }
}
