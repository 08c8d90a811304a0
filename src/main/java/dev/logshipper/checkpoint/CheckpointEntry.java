package dev.logshipper.checkpoint;

import java.util.Objects;

/**
 * What is persisted for one file identity.
 *
 * @param device            {@code stat} device number
 * @param inode             {@code stat} inode number
 * @param fingerprintLength how many leading bytes {@code fingerprintCrc} covers (at most 1 KiB; fewer for a small file)
 * @param fingerprintCrc    CRC32C of those bytes: detects inode reuse and rewritten (truncated) files
 * @param generation        truncation generation of the file (0 for the first content, +1 per truncation seen)
 * @param offset            acknowledged offset: every byte below it belongs to a record that is done
 * @param path              the path the file was last seen at (a hint for finding it again after a rotation)
 * @param input             the input whose glob matched it (a rotated file found again is read with that input's rules)
 * @param source            the live path whose rotation family the file belongs to (its own path for a live file);
 *                          files written before this member existed read it as {@code path}
 */
public record CheckpointEntry(
        long device,
        long inode,
        int fingerprintLength,
        int fingerprintCrc,
        long generation,
        long offset,
        String path,
        String input,
        String source) {

    public CheckpointEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(source, "source");
        if (fingerprintLength < 0 || offset < 0 || generation < 0) {
            throw new IllegalArgumentException("negative field in checkpoint entry for " + path);
        }
    }

    /** An entry of a file that is its own family's live path. */
    public CheckpointEntry(long device, long inode, int fingerprintLength, int fingerprintCrc, long generation, long offset,
            String path, String input) {
        this(device, inode, fingerprintLength, fingerprintCrc, generation, offset, path, input, path);
    }

    public FileKey key() {
        return new FileKey(device, inode);
    }
}
