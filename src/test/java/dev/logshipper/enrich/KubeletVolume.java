package dev.logshipper.enrich;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a downward-API volume the way the kubelet's AtomicWriter (pkg/volume/util/atomic_writer.go) does:
 * payload into a new {@code ..<timestamp>} directory, user-visible {@code name -> ..data/name} symlinks,
 * a {@code ..data_tmp -> ..<timestamp>} symlink renamed over {@code ..data} (rename(2) is atomic), then the
 * old timestamped directory removed.
 */
final class KubeletVolume {

    private final Path dir;
    private int generation;

    KubeletVolume(Path dir) {
        this.dir = dir;
    }

    /** FormatMap's layout for simple values (no characters that need escaping). */
    static String formatMap(Map<String, String> m) {
        return new TreeMap<>(m).entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining("\n"));
    }

    void write(Map<String, String> files) {
        try {
            Path dataLink = dir.resolve("..data");
            Path oldTs = Files.isSymbolicLink(dataLink) ? dir.resolve(Files.readSymbolicLink(dataLink)) : null;
            Path ts = Files.createDirectory(dir.resolve("..2024_05_01_10_00_00." + (++generation)));
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(ts.resolve(f.getKey()), f.getValue());
                Path visible = dir.resolve(f.getKey());
                if (!Files.exists(visible, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(visible, Path.of("..data", f.getKey()));
                }
            }
            Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), ts.getFileName());
            Files.move(tmp, dataLink, StandardCopyOption.ATOMIC_MOVE);
            if (oldTs != null) {
                try (Stream<Path> old = Files.walk(oldTs)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
