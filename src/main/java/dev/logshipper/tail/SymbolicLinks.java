package dev.logshipper.tail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether a path is a symbolic link, looked up once per path (an {@code lstat} per file per scan cost as much as it
 * saved) and remembered for the most recently asked paths. Used by one thread.
 */
final class SymbolicLinks {

    private static final int REMEMBERED = 16_384;

    private final Map<Path, Boolean> known = new LruCache<>(REMEMBERED);

    boolean isLink(Path path) {
        return known.computeIfAbsent(path, Files::isSymbolicLink);
    }
}
