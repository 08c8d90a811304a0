package dev.logshipper.tail;

import dev.logshipper.checkpoint.FileKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One {@code stat} of a path (following symlinks): identity and size. */
record FileStat(FileKey key, long size) {

    static FileStat of(Path path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino,size,isRegularFile");
        if (!Boolean.TRUE.equals(attributes.get("isRegularFile"))) {
            throw new IOException(path + " is not a regular file");
        }
        return new FileStat(new FileKey((Long) attributes.get("dev"), (Long) attributes.get("ino")),
                (Long) attributes.get("size"));
    }
}
