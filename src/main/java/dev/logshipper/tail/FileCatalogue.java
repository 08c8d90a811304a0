package dev.logshipper.tail;

import dev.logshipper.checkpoint.FileKey;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the tailer knows of the watched directories: every {@link KnownFile} by identity, and the live paths whose
 * rotation families it follows. A file of a family that is not known here appeared after the directory was last
 * listed, and holds a generation no run has read, unless its first bytes show it is a copy of one that was; or it is
 * older than the tailer's first listing ({@link #historyBefore}): a generation rotated before the shipper ever ran.
 * Reader thread only.
 */
final class FileCatalogue {
    /**
     * How much older than a listing a file's modification time may be and still count as written after it: the file
     * system stamps times from a coarse clock, so a write just after the listing can carry an earlier time.
     */
    static final long CLOCK_SLACK_MILLIS = 1_000;

    private final Map<FileKey, KnownFile> byKey = new HashMap<>();
    private final Map<FileKey, KnownFile> forgotten = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FileKey, KnownFile> eldest) {
            return size() > MAX_FORGOTTEN;
        }
    };
    /** Rotated files a directory keeps are a handful per live file: plenty, and bounded. */
    private static final int MAX_FORGOTTEN = 4_096;
    /** Per directory, the names of live files whose rotated generations are followed. */
    private final Map<Path, Set<String>> bases = new HashMap<>();
    private final long historyBefore;

    /**
     * @param historyBeforeMillis files modified before this (less {@link #CLOCK_SLACK_MILLIS}) and not known were there
     *                            before any listing this catalogue continues: the first start's listing, or after a
     *                            restart the last listing the checkpoint reflects
     */
    FileCatalogue(long historyBeforeMillis) {
        this.historyBefore = historyBeforeMillis;
    }

    /** True when a file modified at {@code modifiedMillis} that the catalogue does not know was there before it listed. */
    boolean history(long modifiedMillis) {
        return modifiedMillis < historyBefore - CLOCK_SLACK_MILLIS;
    }

    KnownFile get(FileKey key) {
        return byKey.get(key);
    }

    /**
     * A file forgotten lately (gone from the listings), by identity: should it turn up again - a listing missed it
     * twice while logrotate renamed files - what was read of it is not read again ({@link Discovery}).
     */
    KnownFile forgotten(FileKey key) {
        return forgotten.get(key);
    }

    void add(KnownFile file) {
        byKey.put(file.key, file);
        addBase(file.source);
    }

    void remove(KnownFile file) {
        if (byKey.remove(file.key, file) && file.fingerprint != null) {
            forgotten.put(file.key, file);
        }
    }

    Collection<KnownFile> files() {
        return byKey.values();
    }

    /** Follows the rotation family of the live path {@code source}. */
    void addBase(Path source) {
        Path directory = source.getParent();
        if (directory != null) {
            bases.computeIfAbsent(directory, d -> new HashSet<>()).add(source.getFileName().toString());
        }
    }

    /**
     * Follows the families of the glob matches that are live names: not a rotated name of a family already followed nor
     * of another match (a glob such as {@code *.log*} matches {@code app.log.1} too; it belongs to {@code app.log}).
     * {@code globMatches} tells whether a path would be matched by an include.
     */
    void addLiveNames(Collection<Path> matched, Predicate<Path> globMatches) {
        for (Path path : matched) {
            boolean rotatedName = familyOf(path) != null;
            for (Path other : matched) {
                rotatedName |= Objects.equals(other.getParent(), path.getParent())
                        && RotationFamily.isRotatedName(other.getFileName().toString(), path.getFileName().toString());
            }
            if (rotatedName) {
                continue;
            }
            // A rotated name whose live file is missing from this listing (renamed away a moment, or a listing that
            // raced the rename) is still a rotated name, when the globs would match the live name it was made from.
            String live = RotationFamily.liveNameOf(path.getFileName().toString());
            Path base = live == null ? null : path.resolveSibling(live);
            addBase(base != null && globMatches.test(base) ? base : path);
        }
    }

    /** Forgets the families no known file belongs to any more (called after a full scan). */
    void pruneBases() {
        Map<Path, Set<String>> used = new HashMap<>();
        for (KnownFile file : byKey.values()) {
            Path directory = file.source.getParent();
            if (directory != null) {
                used.computeIfAbsent(directory, d -> new HashSet<>()).add(file.source.getFileName().toString());
            }
        }
        bases.keySet().retainAll(used.keySet());
        bases.forEach((directory, names) -> names.retainAll(used.get(directory)));
    }

    /** The live path whose rotation family {@code path} belongs to by its name, or null (the longest live name wins). */
    Path familyOf(Path path) {
        Path directory = path.getParent();
        Set<String> names = directory == null ? null : bases.get(directory);
        if (names == null) {
            return null;
        }
        String name = path.getFileName().toString();
        String best = null;
        for (String base : names) {
            if ((best == null || base.length() > best.length()) && RotationFamily.isRotatedName(base, name)) {
                best = base;
            }
        }
        return best == null ? null : directory.resolve(best);
    }

    /** The known files of {@code source}'s family, for matching a new file's first bytes. */
    List<KnownFile> family(Path source) {
        List<KnownFile> members = new ArrayList<>();
        for (KnownFile file : byKey.values()) {
            if (file.source.equals(source)) {
                members.add(file);
            }
        }
        return members;
    }
}
