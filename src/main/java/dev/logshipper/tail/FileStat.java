package dev.logshipper.tail;

import dev.logshipper.checkpoint.FileKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One {@code stat} of a path (following symlinks): identity, size and modification time (nanoseconds). */
record FileStat(FileKey key, long size, long modifiedNanos) {

    static FileStat of(Path path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime,isRegularFile");
        if (!Boolean.TRUE.equals(attributes.get("isRegularFile"))) {
            throw new IOException(path + " is not a regular file");
        }
        return new FileStat(new FileKey((Long) attributes.get("dev"), (Long) attributes.get("ino")),
                (Long) attributes.get("size"), ((FileTime) attributes.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
    }
}
