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
 */
public record LoadedCheckpoint(List<CheckpointEntry> entries, Optional<Instant> writtenAt) {

    /** No usable checkpoint: every file starts by the configured start policy. */
    public static final LoadedCheckpoint NONE = new LoadedCheckpoint(List.of(), Optional.empty());

    public LoadedCheckpoint {
        entries = List.copyOf(entries);
        Objects.requireNonNull(writtenAt, "writtenAt");
    }
}
