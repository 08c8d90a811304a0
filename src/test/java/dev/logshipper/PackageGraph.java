package dev.logshipper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package of a source tree refers to which, read from the sources as text: each file's {@code package}
 * statement, and every qualified name under the project's root package in its code - imports, static imports and
 * names written out in full - with comments and string literals left out, since they do not make a dependency.
 * A class of the same package needs no qualification, so it makes no edge.
 */
final class PackageGraph {

    /** One reference that makes {@code from} depend on {@code to}: the first one found, to name in a failure. */
    record Edge(String from, String to, String where) {
        @Override
        public String toString() {
            return from + " -> " + to + " (" + where + ")";
        }
    }

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private final String root;
    private final Pattern reference;
    /** Package -> the packages it refers to, each with the first reference found; sorted so failures repeat. */
    private final Map<String, Map<String, Edge>> edges = new TreeMap<>();

    private PackageGraph(String root) {
        this.root = root;
        // Packages are lower case, types upper case: a name ends its package where a type (or an import's *) follows.
        this.reference = Pattern.compile("\\b" + Pattern.quote(root) + "((?:\\.[a-z_][A-Za-z0-9_]*)*)(?=\\.[A-Z*])");
    }

    /** The graph of every {@code .java} file under {@code sourceRoot} whose package is {@code root} or below it. */
    static PackageGraph read(Path sourceRoot, String root) {
        PackageGraph graph = new PackageGraph(root);
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                graph.add(sourceRoot.relativize(file).toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    private void add(String name, String source) {
        String code = codeOnly(source);
        Matcher p = PACKAGE.matcher(code);
        if (!p.find()) {
            return;
        }
        String from = p.group(1);
        edges.computeIfAbsent(from, k -> new TreeMap<>());
        Matcher m = reference.matcher(code);
        m.region(p.end(), code.length());
        while (m.find()) {
            String to = root + m.group(1);
            if (!to.equals(from)) {
                int line = (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                edges.get(from).putIfAbsent(to, new Edge(from, to, name + ":" + line));
            }
        }
    }

    Set<String> packages() {
        return edges.keySet();
    }

    /** The packages {@code from} refers to. */
    Set<String> dependencies(String from) {
        return edges.getOrDefault(from, Map.of()).keySet();
    }

    /** A cycle, as the edges that make it (the last one leading back to the first package), if there is one. */
    Optional<List<Edge>> cycle() {
        Set<String> done = new HashSet<>();
        for (String start : edges.keySet()) {
            Optional<List<Edge>> found = cycleFrom(start, new ArrayDeque<>(), new HashMap<>(), done);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Depth-first; {@code onPath} maps each package on the current path to its index in {@code path}. */
    private Optional<List<Edge>> cycleFrom(String node, Deque<Edge> path, Map<String, Integer> onPath, Set<String> done) {
        if (done.contains(node)) {
            return Optional.empty();
        }
        onPath.put(node, path.size());
        for (Edge e : edges.getOrDefault(node, Map.of()).values()) {
            Integer back = onPath.get(e.to());
            if (back != null) {
                List<Edge> cycle = new ArrayList<>(path).subList(back, path.size());
                List<Edge> closed = new ArrayList<>(cycle);
                closed.add(e);
                return Optional.of(closed);
            }
            path.addLast(e);
            Optional<List<Edge>> found = cycleFrom(e.to(), path, onPath, done);
            path.removeLast();
            if (found.isPresent()) {
                return found;
            }
        }
        onPath.remove(node);
        done.add(node);
        return Optional.empty();
    }

    /**
     * The source with comments, string and character literals (text blocks included) blanked out; line breaks are kept
     * so line numbers stay right.
     */
    static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = blank(source, i, end < 0 ? n : end, out);
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = blank(source, i, end < 0 ? n : end + 2, out);
            } else if (source.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (end < n && !source.startsWith("\"\"\"", end)) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                i = blank(source, i, Math.min(n, end + 3), out);
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && source.charAt(end) != c && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                i = blank(source, i, Math.min(n, end + 1), out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int blank(String source, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) {
            out.append(source.charAt(k) == '\n' ? '\n' : ' ');
        }
        return to;
    }
}
