package dev.logshipper.tail;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * A directory watched through inotify, and the paths of the files in it that were reported most recently, so that an
 * event for a file seen before is turned into its {@link Path} without allocating: the name bytes in the event buffer
 * are compared with the remembered ones. An application's directory holds a few files that are written to, so a few
 * slots serve them all; more names take turns (a new {@code Path} when a name is not remembered).
 */
final class WatchedDirectory {

    private static final int SLOTS = 8;

    final Path path;
    private final Charset fileNames;
    private final byte[][] names = new byte[SLOTS][];
    private final Path[] paths = new Path[SLOTS];
    private int next;

    /** @param fileNames the charset the JDK decodes file names with ({@code sun.jnu.encoding}) */
    WatchedDirectory(Path path, Charset fileNames) {
        this.path = path;
        this.fileNames = fileNames;
    }

    /** The path of the file named by the {@code length} bytes at {@code offset} of {@code buffer}. */
    Path resolve(MemorySegment buffer, long offset, int length) {
        for (int slot = 0; slot < SLOTS; slot++) {
            byte[] name = names[slot];
            if (name != null && name.length == length && sameBytes(buffer, offset, name)) {
                return paths[slot];
            }
        }
        byte[] name = buffer.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
        Path resolved = path.resolve(new String(name, fileNames));
        names[next] = name;
        paths[next] = resolved;
        next = (next + 1) % SLOTS;
        return resolved;
    }

    private static boolean sameBytes(MemorySegment buffer, long offset, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (buffer.get(ValueLayout.JAVA_BYTE, offset + i) != name[i]) {
                return false;
            }
        }
        return true;
    }
}
