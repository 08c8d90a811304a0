package dev.logshipper.tail;

import dev.logshipper.checkpoint.FileKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns the attributes a directory walk already read into a {@link FileStat}, so the periodic scan stats each file once,
 * not twice (the stat is most of the scan's cost, and the scan is most of the idle CPU with 1,000 files). The walk's
 * {@link BasicFileAttributes#fileKey()} is the JDK's opaque device+inode; the numeric {@link FileKey} for it is looked
 * up once per file, in the same {@code stat} that reads the opaque key, and cached. Reader thread only.
 */
final class FileKeys {
    private static final int MAX_CACHED = 16_384;

    private final Map<Object, FileKey> cache = new LruCache<>(MAX_CACHED);

    /** The stat of {@code path} from the walk's {@code attributes} (null: not walked, stat it now). */
    FileStat stat(Path path, BasicFileAttributes attributes) throws IOException {
        if (attributes == null) {
            return FileStat.of(path);
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(path + " is not a regular file");
        }
        Object opaque = attributes.fileKey();
        FileKey key = opaque == null ? null : cache.get(opaque);
        if (key == null) {
            Map<String, Object> read = Files.readAttributes(path, "unix:dev,ino,fileKey");
            FileKey numeric = new FileKey((Long) read.get("dev"), (Long) read.get("ino"));
            cache.put(read.get("fileKey"), numeric);
            if (!read.get("fileKey").equals(opaque)) {
                return FileStat.of(path); // replaced since the walk: describe what is there now
            }
            key = numeric;
        }
        return new FileStat(key, attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
    }
}
