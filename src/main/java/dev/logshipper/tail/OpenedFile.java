package dev.logshipper.tail;

import dev.logshipper.checkpoint.FileKey;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An open read handle together with the identity of the file it is open on.
 *
 * <p>Java cannot {@code fstat} a channel, so the identity is captured around the open: stat the path, open it,
 * stat again; if both stats name the same device and inode the handle is on that file (a rotation in between
 * changes the inode and the open is retried).
 */
record OpenedFile(FileChannel channel, FileKey key) {
    private static final int ATTEMPTS = 5;

    static OpenedFile open(Path path) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            FileStat before = FileStat.of(path);
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            boolean keep = false;
            try {
                FileStat after = FileStat.of(path);
                if (before.key().equals(after.key())) {
                    keep = true;
                    return new OpenedFile(channel, after.key());
                }
            } finally {
                if (!keep) {
                    channel.close();
                }
            }
        }
        throw new IOException(path + " was replaced during each of " + ATTEMPTS + " attempts to open it");
    }
}
