package dev.logshipper.tail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * The disk side of the rotation model: an app appending unique lines to its live files through an open handle, and
 * logrotate renaming, copying, truncating, expiring and compressing them, in one directory. Nothing here knows about
 * the shipper. Rotated names are numbered ({@code app.log.1} newest, shifted at each rotation) or dated
 * ({@code app.log-0007}, never renamed again), as logrotate's {@code dateext} makes them.
 */
final class SimulatedApp implements AutoCloseable {
    private static final String PAD = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final Path dir;
    private final boolean datedNames;
    private final Random padding;
    private final List<Live> live = new ArrayList<>();
    private final Set<String> written = new HashSet<>();
    private int nextLine;

    /** One live file and its rotated generations, oldest first. */
    private final class Live {
        final String name;
        FileChannel handle;
        boolean dangling;
        final List<Rotated> rotated = new ArrayList<>();
        int nextDate;

        Live(String name) {
            this.name = name;
        }

        Path path() {
            return dir.resolve(name);
        }

        Path path(Rotated r) {
            return dir.resolve(name + (datedNames ? "-%04d".formatted(r.number) : "." + r.number) + (r.compressed ? ".gz" : ""));
        }
    }

    private static final class Rotated {
        int number;
        boolean compressed;

        Rotated(int number) {
            this.number = number;
        }
    }

    SimulatedApp(Path dir, List<String> liveNames, boolean datedNames, long seed) {
        this.dir = dir;
        this.datedNames = datedNames;
        this.padding = new Random(seed);
        for (String name : liveNames) {
            live.add(new Live(name));
        }
    }

    int liveFiles() {
        return live.size();
    }

    /** Every line text ever written. */
    Set<String> written() {
        return written;
    }

    void append(int file, int lines, boolean newline) throws IOException {
        Live f = live.get(file % live.size());
        if (f.handle == null) {
            reopen(file);
        }
        StringBuilder text = new StringBuilder();
        if (f.dangling) {
            text.append('\n');
        }
        for (int i = 0; i < lines; i++) {
            String line = f.name + " L" + (nextLine++) + " " + PAD.substring(0, 5 + padding.nextInt(50));
            written.add(line);
            text.append(line);
            if (i < lines - 1 || newline) {
                text.append('\n');
            }
        }
        f.dangling = lines > 0 ? !newline : f.dangling;
        write(f.handle, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    void reopen(int file) throws IOException {
        Live f = live.get(file % live.size());
        if (f.handle != null) {
            if (f.dangling) {
                write(f.handle, new byte[] {'\n'}); // the app ends its last line before it closes the file
                f.dangling = false;
            }
            f.handle.close();
        }
        f.handle = FileChannel.open(f.path(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    void renameRotate(int file) throws IOException {
        Live f = live.get(file % live.size());
        if (!Files.exists(f.path())) {
            return;
        }
        Rotated newest = shift(f);
        Files.move(f.path(), f.path(newest));
        Files.createFile(f.path());
    }

    void copy(int file) throws IOException {
        Live f = live.get(file % live.size());
        if (!Files.exists(f.path())) {
            return;
        }
        Rotated newest = shift(f);
        Files.copy(f.path(), f.path(newest));
    }

    void truncate(int file) throws IOException {
        Live f = live.get(file % live.size());
        try (FileChannel channel = FileChannel.open(f.path(), StandardOpenOption.WRITE)) {
            channel.truncate(0);
        } catch (NoSuchFileException e) {
            // nothing to truncate
        }
    }

    void expire(int file, int keep) throws IOException {
        Live f = live.get(file % live.size());
        while (f.rotated.size() > keep) {
            Rotated oldest = f.rotated.removeFirst();
            Files.deleteIfExists(f.path(oldest));
        }
    }

    void compress(int file) throws IOException {
        Live f = live.get(file % live.size());
        for (Rotated r : f.rotated) {
            if (!r.compressed) {
                Path plain = f.path(r);
                r.compressed = true;
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f.path(r)))) {
                    out.write(Files.readAllBytes(plain));
                }
                Files.delete(plain);
                return;
            }
        }
    }

    /** The next rotated name: numbered names move up by one first (newest is .1); dated names are new each time. */
    private Rotated shift(Live f) throws IOException {
        if (datedNames) {
            Rotated r = new Rotated(++f.nextDate);
            f.rotated.add(r);
            return r;
        }
        for (Rotated r : f.rotated) { // oldest (highest number) first, so that no name is taken yet
            Path from = f.path(r);
            r.number++;
            Files.move(from, f.path(r));
        }
        Rotated r = new Rotated(1);
        f.rotated.add(r);
        return r;
    }

    private static void write(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** The complete and unterminated lines in every uncompressed file of the directory, with where each one is. */
    List<Located> linesOnDisk() throws IOException {
        List<Located> lines = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (file.getFileName().toString().endsWith(".gz") || !Files.isRegularFile(file)) {
                    continue;
                }
                for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isEmpty()) {
                        lines.add(new Located(line, file.getFileName().toString()));
                    }
                }
            }
        }
        return lines;
    }

    record Located(String text, String file) {
    }

    /** What the directory holds, for a failure message. */
    String listing() throws IOException {
        StringBuilder text = new StringBuilder();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path file : sorted) {
                text.append("  ").append(file.getFileName()).append(" inode ").append(Files.getAttribute(file, "unix:ino"))
                        .append(", ").append(Files.size(file)).append(" bytes\n");
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        for (Live f : live) {
            if (f.handle != null) {
                f.handle.close();
            }
        }
    }
}
