package dev.logshipper.tail;

import dev.logshipper.checkpoint.CheckpointWriter;
import dev.logshipper.checkpoint.FileKey;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One file identity (device + inode) in the watched directories that the tailer knows, wherever it lives now and
 * whatever it is called, and what its content is to the tailer ({@link Role}). Every known file has a checkpoint slot,
 * so that after a restart every file that existed at the last directory listing is recognised by identity, and a file
 * that is not was created since. Reader thread only.
 */
final class KnownFile {

    enum Role {
        /** {@link #reader} reads its generation from this file (the reader's holder). */
        READING,
        /**
         * A copy of a prefix of {@link #reader}'s generation (copytruncate copies before it truncates): read from only
         * if that generation ends (the live file is truncated) before the reader got past the copy's end.
         */
        STANDBY,
        /** Everything it holds was read, or it predates the shipper: nothing to do unless it grows. */
        DONE
    }

    final FileKey key;
    /** The input whose rules read it, and the live path whose rotation family it belongs to. */
    final String input;
    final Path source;
    Path path;
    /** Size and modification time at the last look (scan or read). */
    long size;
    long modifiedNanos;
    Role role;
    /** READING: the reader whose holder it is; STANDBY: the reader whose generation it copies; DONE: null. */
    TailedFile reader;
    /** Of its own content, as catalogued (READING files use their reader's). */
    Fingerprint fingerprint;
    /** Open while READING (unless released), and while STANDBY when a descriptor was free: a deleted copy stays readable. */
    FileChannel channel;
    CheckpointWriter.Slot slot;
    /**
     * Full listings in a row that did not show it. A listing made while logrotate renames files can miss one (read the
     * directory before the rename, stat it after), so a file counts as gone only when two listings miss it.
     */
    int missedListings;

    KnownFile(FileKey key, String input, Path source, Path path) {
        this.key = key;
        this.input = input;
        this.source = source;
        this.path = path;
    }

    boolean isOpen() {
        return channel != null;
    }

    /** Closes the handle if open; returns whether it was. */
    boolean closeChannel() {
        if (channel == null) {
            return false;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // a read-only handle: nothing to lose
        }
        channel = null;
        return true;
    }

    @Override
    public String toString() {
        return path + " (" + key + ", " + role + ")";
    }
}
