package dev.logshipper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README and docs/ speak of the product and stay inside the repository: every relative Markdown link resolves to a
 * file or directory of the repository (and a {@code #fragment} to a heading of the linked document), every document in
 * docs/ can be reached from the README, no path in a code span leads out of the repository ({@code ../x}), and no
 * document mentions a "session".
 */
class DocsLinksTest {

    private static final Pattern INLINE_LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern REFERENCE_LINK = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+]:\\s*(\\S+)");
    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern SESSION = Pattern.compile("(?i)\\bsessions?\\b");
    /** A path written in a code span that starts by leaving the repository. */
    private static final Pattern OUTSIDE_PATH = Pattern.compile("`\\.\\./[^`]*`");

    private static Path root() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    /** README.md, the local kit's README and every document in docs/. */
    private static List<Path> documents(Path root) {
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        Path kit = root.resolve("shipper/README.md");
        if (Files.exists(kit)) {
            docs.add(kit);
        }
        docs.addAll(docsDirectory(root));
        return docs;
    }

    private static List<Path> docsDirectory(Path root) {
        Path dir = root.resolve("docs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() {
        Path root = root();
        List<Path> docs = documents(root);
        assertTrue(docs.size() > 5, "expected README.md and docs/*.md under " + root + ", found " + docs);
        assertEquals(List.of(), brokenLinks(root, docs));
    }

    @Test
    void noDocumentMentionsSessionsOrASharedDirectory() {
        Path root = root();
        assertEquals(List.of(), forbiddenWords(root, documents(root)));
    }

    @Test
    void everyDocumentInDocsIsReachableFromTheReadme() {
        Path root = root();
        Set<Path> reachable = reachableFrom(root, root.resolve("README.md"));
        List<String> orphans = docsDirectory(root).stream().filter(d -> !reachable.contains(d))
                .map(d -> root.relativize(d).toString()).toList();
        assertEquals(List.of(), orphans, "documents no link leads to from README.md");
    }

    /** The checks themselves: each kind of breakage in a small repository of its own is reported, and named. */
    @Test
    void theChecksReportEachKindOfBreakage(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.createDirectories(root.resolve("k8s"));
        Files.writeString(root.resolve("README.md"), """
                # Title

                [ok](docs/a.md#a-heading-with-code-and-punctuation) [dir](k8s/) [web](https://example.com/x)
                [missing](docs/nope.md) [bad anchor](docs/a.md#no-such-heading) [outside](../elsewhere/x.md)
                `[not a link](nowhere.md)`

                ```
                [not a link either](nowhere.md)
                ```
                """);
        Files.writeString(root.resolve("docs/a.md"), """
                # A heading, with `code` and punctuation!

                [self](#a-heading-with-code-and-punctuation) [up](../README.md#title)
                From the `../seed/` directory, as the last session found.
                """);
        Files.writeString(root.resolve("docs/orphan.md"), "# Nobody links here\n");
        List<Path> docs = documents(root);

        assertEquals(List.of(
                "README.md: link 'docs/nope.md' -> no such file",
                "README.md: link 'docs/a.md#no-such-heading' -> no heading 'no-such-heading' in docs/a.md",
                "README.md: link '../elsewhere/x.md' -> outside the repository"), brokenLinks(root, docs));
        assertEquals(List.of("docs/a.md: names a path outside the repository", "docs/a.md: mentions 'session'"),
                forbiddenWords(root, docs));
        assertTrue(reachableFrom(root, root.resolve("README.md")).contains(root.resolve("docs/a.md")));
        assertFalse(reachableFrom(root, root.resolve("README.md")).contains(root.resolve("docs/orphan.md")));
    }

    @Test
    void headingsBecomeGithubAnchors() {
        assertEquals("liveness-healthz", slug("Liveness: `/healthz`"));
        assertEquals("what-filters-cost-2026-12-07", slug("What filters cost (2026-12-07)"));
        assertEquals("the-memory-budget-part-by-part", slug("The memory budget, part by part"));
        assertEquals("log_shipper-a--b", slug("log_shipper: a / b"));
    }

    static List<String> brokenLinks(Path root, List<Path> docs) {
        Map<Path, Set<String>> anchorCache = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path doc : docs) {
            for (String link : links(read(doc))) {
                String problem = problem(root, doc, link, anchorCache);
                if (problem != null) {
                    problems.add(root.relativize(doc) + ": link '" + link + "' -> " + problem);
                }
            }
        }
        return problems;
    }

    private static String problem(Path root, Path doc, String link, Map<Path, Set<String>> anchorCache) {
        if (SCHEME.matcher(link).find()) {
            return null; // a web address: not part of the repository
        }
        int hash = link.indexOf('#');
        String path = hash < 0 ? link : link.substring(0, hash);
        String fragment = hash < 0 ? null : link.substring(hash + 1);
        Path target = path.isEmpty() ? doc : doc.getParent().resolve(path).normalize();
        if (!target.startsWith(root)) {
            return "outside the repository";
        }
        if (!Files.exists(target)) {
            return "no such file";
        }
        if (fragment != null && target.toString().endsWith(".md")
                && !anchorCache.computeIfAbsent(target, t -> anchors(read(t))).contains(fragment)) {
            return "no heading '" + fragment + "' in " + root.relativize(target);
        }
        return null;
    }

    static List<String> forbiddenWords(Path root, List<Path> docs) {
        List<String> problems = new ArrayList<>();
        for (Path doc : docs) {
            String text = read(doc);
            if (OUTSIDE_PATH.matcher(text).find()) {
                problems.add(root.relativize(doc) + ": names a path outside the repository");
            }
            if (SESSION.matcher(text).find()) {
                problems.add(root.relativize(doc) + ": mentions 'session'");
            }
        }
        return problems;
    }

    /** The Markdown documents reachable from {@code start} through relative links. */
    static Set<Path> reachableFrom(Path root, Path start) {
        Set<Path> seen = new LinkedHashSet<>();
        Deque<Path> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            Path doc = todo.pop();
            if (!seen.add(doc)) {
                continue;
            }
            for (String link : links(read(doc))) {
                String path = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
                if (SCHEME.matcher(link).find() || !path.endsWith(".md")) {
                    continue;
                }
                Path target = doc.getParent().resolve(path).normalize();
                if (target.startsWith(root) && Files.exists(target)) {
                    todo.push(target);
                }
            }
        }
        return seen;
    }

    /** Link targets outside code: fenced blocks and code spans are text, not links. */
    static List<String> links(String markdown) {
        String prose = CODE_SPAN.matcher(withoutFences(markdown)).replaceAll("");
        List<String> links = new ArrayList<>();
        for (Pattern p : List.of(INLINE_LINK, REFERENCE_LINK)) {
            Matcher m = p.matcher(prose);
            while (m.find()) {
                links.add(m.group(1));
            }
        }
        return links;
    }

    /** The anchors GitHub gives the document's headings (a repeated heading gets -1, -2, ...). */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : withoutFences(markdown).split("\n")) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String slug = slug(m.group(1));
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return anchors;
    }

    /** GitHub's rule: lower case, punctuation other than '-' and '_' removed, each space a '-'. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}_ -]", "").replace(' ', '-');
    }

    private static String withoutFences(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static String read(Path doc) {
        try {
            return Files.readString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
