package dev.logshipper.checkpoint;

/**
 * A file's identity on one machine: device and inode, as {@code stat} reports them. A path is not an
 * identity (rotation moves files between names); the inode alone is not either (inodes are reused), which is
 * why every checkpoint entry also carries a fingerprint of the file's first bytes.
 */
public record FileKey(long device, long inode) {
    @Override
    public String toString() {
        return device + ":" + inode;
    }
}
