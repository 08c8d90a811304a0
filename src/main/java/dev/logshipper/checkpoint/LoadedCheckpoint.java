package dev.logshipper.checkpoint;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link CheckpointStore#load()} found: the persisted entries and the file's top-level facts.
 *
 * @param entries   one per persisted file identity; empty on a first start or after an unusable file was moved aside
 * @param writtenAt when the file was written, by the writer's clock; empty when there was no usable file
 * @param listedAt  when the last directory listing that the entries reflect began: every file of the watched
 *                  directories' rotation families that existed then has an entry, so a file without one appeared later.
 *                  Empty in files written before this member existed (then the entries may miss files)
 */
public record LoadedCheckpoint(List<CheckpointEntry> entries, Optional<Instant> writtenAt, Optional<Instant> listedAt) {

    /** No usable checkpoint: every file starts by the configured start policy. */
    public static final LoadedCheckpoint NONE = new LoadedCheckpoint(List.of(), Optional.empty(), Optional.empty());

    public LoadedCheckpoint {
        entries = List.copyOf(entries);
        Objects.requireNonNull(writtenAt, "writtenAt");
        Objects.requireNonNull(listedAt, "listedAt");
    }

    /** True when a checkpoint was loaded (a restart), false on a first start or after an unusable file. */
    public boolean present() {
        return writtenAt.isPresent();
    }
}
