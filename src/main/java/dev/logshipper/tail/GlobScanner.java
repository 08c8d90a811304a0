package dev.logshipper.tail;

import dev.logshipper.config.ShipperConfig.InputConfig;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the files the inputs' include globs match and their exclude globs do not.
 *
 * <p>Globs use {@link java.nio.file.FileSystem#getPathMatcher} syntax ({@code *}, {@code ?}, {@code **},
 * {@code {a,b}}, {@code [..]}) on absolute paths. Each include is walked from its longest literal directory
 * prefix, only as deep as the pattern can match (unbounded with {@code **}), following symlinks (on nodes
 * {@code /var/log/containers/*.log} are links into {@code /var/log/pods}). An exclude without a {@code /} matches
 * the file name ({@code *.gz}); with one, the whole path. A file matched by several inputs belongs to the first.
 */
final class GlobScanner {
    private static final System.Logger LOG = System.getLogger(GlobScanner.class.getName());
    private static final String GLOB_CHARS = "*?[{\\";

    private record Include(String input, String key, String pattern, Path root, int maxDepth, PathMatcher matcher) {
    }

    private record Exclude(PathMatcher matcher, boolean nameOnly) {
        boolean matches(Path path) {
            Path name = path.getFileName();
            return nameOnly ? name != null && matcher.matches(name) : matcher.matches(path);
        }
    }

    private final List<Include> includes = new ArrayList<>();
    private final Map<String, List<Exclude>> excludes = new LinkedHashMap<>();
    private final Set<Path> warned = new HashSet<>();
    /** Per include (in order): whether it has matched a file yet; null before the first scan. */
    private boolean[] matching;

    /** Fails fast, naming the key, for an empty include list or a pattern the glob syntax rejects. */
    GlobScanner(List<InputConfig> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            InputConfig input = inputs.get(i);
            String key = "inputs[" + i + "]";
            if (input.include() == null || input.include().isEmpty()) {
                throw new IllegalArgumentException(key + ".include: empty; at least one glob is required (default "
                        + InputConfig.DEFAULT_INCLUDE + ")");
            }
            for (int j = 0; j < input.include().size(); j++) {
                includes.add(include(input.name(), absolute(input.include().get(j)), key + ".include[" + j + "]"));
            }
            List<Exclude> list = new ArrayList<>();
            for (String pattern : input.exclude() == null ? List.<String>of() : input.exclude()) {
                boolean nameOnly = !pattern.contains("/");
                list.add(new Exclude(matcher(nameOnly ? pattern : absolute(pattern), key + ".exclude"), nameOnly));
            }
            excludes.put(input.name(), list);
        }
    }

    /**
     * The pattern as an absolute path with {@code .} and {@code ..} segments resolved ({@code ../logs/*.log},
     * {@code /var/log/x/../containers/*.log}): the matcher compares whole normalised paths, so a pattern that keeps such
     * a segment would match nothing.
     */
    static String absolute(String pattern) {
        String absolute = pattern.startsWith("/") ? pattern : Path.of("").toAbsolutePath() + "/" + pattern;
        return Path.of(absolute).normalize().toString();
    }

    private static PathMatcher matcher(String pattern, String key) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (IllegalArgumentException e) { // includes PatternSyntaxException
            throw new IllegalArgumentException(key + ": '" + pattern + "' is not a valid glob (" + e.getMessage()
                    + "); allowed: *, ?, **, {a,b}, [abc]", e);
        }
    }

    private static Include include(String input, String pattern, String key) {
        PathMatcher matcher = matcher(pattern, key);
        String[] segments = pattern.split("/");
        StringBuilder root = new StringBuilder();
        int firstGlob = segments.length - 1; // a literal path: its parent directory, depth 1
        for (int i = 0; i < segments.length - 1; i++) {
            if (segments[i].chars().anyMatch(c -> GLOB_CHARS.indexOf(c) >= 0)) {
                firstGlob = i;
                break;
            }
            root.append(segments[i]).append('/');
        }
        int depth = 0;
        for (int i = firstGlob; i < segments.length; i++) {
            depth = segments[i].contains("**") ? Integer.MAX_VALUE : depth + 1;
            if (depth == Integer.MAX_VALUE) {
                break;
            }
        }
        Path rootPath = Path.of(root.isEmpty() ? "/" : root.toString()).normalize();
        return new Include(input, key, pattern, rootPath, depth, matcher);
    }

    /** The directories walked; the tailer watches them for a faster wake-up. */
    Set<Path> roots() {
        Set<Path> roots = new LinkedHashSet<>();
        for (Include include : includes) {
            roots.add(include.root());
        }
        return roots;
    }

    /** The input whose include glob matches {@code path} (and no exclude of it does), or null. */
    String inputOf(Path path) {
        for (Include include : includes) {
            if (include.matcher().matches(path) && excludes.get(include.input()).stream().noneMatch(e -> e.matches(path))) {
                return include.input();
            }
        }
        return null;
    }

    /**
     * One regular file found in a walked directory: the input whose include glob matches it, or null when none does (a
     * rotated generation of a matched file lives next to it under a name the globs do not match).
     */
    record Listed(Path path, BasicFileAttributes attributes, String input) {
    }

    /**
     * Every regular file in the walked directories (following links), matched files first by include then in walk
     * order; a file matched by several inputs belongs to the first.
     */
    List<Listed> scan() {
        Map<Path, Listed> found = new LinkedHashMap<>();
        int[] matchCounts = new int[includes.size()];
        for (int i = 0; i < includes.size(); i++) {
            Include include = includes.get(i);
            int index = i;
            if (!Files.isDirectory(include.root())) {
                continue;
            }
            List<Exclude> exclude = excludes.get(include.input());
            try {
                Files.walkFileTree(include.root(), EnumSet.of(FileVisitOption.FOLLOW_LINKS), include.maxDepth(),
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                                if (!attributes.isRegularFile()) {
                                    return FileVisitResult.CONTINUE;
                                }
                                boolean matches = include.matcher().matches(file)
                                        && exclude.stream().noneMatch(e -> e.matches(file));
                                if (matches) {
                                    matchCounts[index]++;
                                }
                                Listed previous = found.get(file);
                                if (previous == null || (matches && previous.input() == null)) {
                                    found.put(file, new Listed(file, attributes, matches ? include.input() : null));
                                }
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException error) {
                                if (!(error instanceof NoSuchFileException)) { // rotated away during the walk
                                    warnOnce(file, error);
                                }
                                return FileVisitResult.CONTINUE;
                            }
                        });
            } catch (IOException e) {
                warnOnce(include.root(), e);
            }
        }
        reportMatches(matchCounts);
        List<Listed> listed = new ArrayList<>(found.size());
        for (Listed file : found.values()) {
            if (file.input() != null) {
                listed.add(file);
            }
        }
        for (Listed file : found.values()) {
            if (file.input() == null) {
                listed.add(file);
            }
        }
        return listed;
    }

    /**
     * A typo in an include gives a shipper that runs, is healthy and ships nothing: an include that matches no file is
     * logged at the first scan, and again once when it first matches.
     */
    private void reportMatches(int[] matchCounts) {
        boolean first = matching == null;
        if (first) {
            matching = new boolean[includes.size()];
        }
        for (int i = 0; i < includes.size(); i++) {
            Include include = includes.get(i);
            boolean now = matchCounts[i] > 0;
            if (first) {
                matching[i] = now;
                if (!now) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: ''{1}'' matches no file (yet); its files are read as soon as "
                            + "they appear - check the path if they should be there already", include.key(), include.pattern());
                }
            } else if (now && !matching[i]) {
                matching[i] = true;
                LOG.log(System.Logger.Level.INFO, "{0}: ''{1}'' now matches {2} file(s)", include.key(), include.pattern(),
                        matchCounts[i]);
            }
        }
    }

    private void warnOnce(Path path, IOException error) {
        if (warned.size() < 10_000 && warned.add(path)) {
            LOG.log(System.Logger.Level.WARNING, "Cannot list {0} while looking for log files: {1} (retried every scan; "
                    + "logged once)", path, error.toString());
        }
    }
}
