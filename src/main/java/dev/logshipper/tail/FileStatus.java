package dev.logshipper.tail;

import dev.logshipper.checkpoint.FileKey;

import java.nio.file.Path;

/**
 * A point-in-time view of one tailed file for gauges and the status endpoint.
 *
 * @param size         file size at the last read pass
 * @param readOffset   bytes handed to the record stage
 * @param ackedOffset  the watermark: bytes whose records are all done (what a checkpoint persists)
 * @param open         holds a descriptor now (idle files release theirs)
 * @param rotated      renamed or deleted: read to its end, then closed
 */
public record FileStatus(String input, Path path, FileKey key, long generation, long size, long readOffset,
        long ackedOffset, boolean open, boolean rotated) {

    /** Bytes on disk not yet acknowledged: how far delivery is behind this file. */
    public long lagBytes() {
        return Math.max(0, size - ackedOffset);
    }
}
