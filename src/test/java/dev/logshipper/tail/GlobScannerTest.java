package dev.logshipper.tail;

import dev.logshipper.config.ShipperConfig.StartAt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobScannerTest {
    @TempDir
    Path dir;

    private Path file(String relative) throws Exception {
        Path path = dir.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "x\n");
        return path;
    }

    @Test
    void includesExcludesBracesDoubleStarAndSymlinks() throws Exception {
        Path a = file("a.log");
        file("a.log.1");
        file("b.txt");
        Path nested = file("pods/ns_pod/app/0.log");
        file("pods/ns_pod/app/0.log.gz");
        Path other = file("other/c.err");
        Path target = file("pods/ns_pod/side/0.log");
        Path link = Files.createSymbolicLink(dir.resolve("containers-side.log"), target);

        GlobScanner scanner = new GlobScanner(List.of(
                TailFixtures.input("logs", List.of(dir + "/*.log", dir + "/pods/**/*.log"), List.of("side.log", dir + "/pods/*/side/*"),
                        StartAt.HEAD),
                TailFixtures.input("errs", List.of(dir + "/{other,none}/?.err", dir + "/*.log"), List.of(), StartAt.HEAD)));
        List<GlobScanner.Listed> listed = scanner.scan();

        assertEquals(Map.of(a, "logs", nested, "logs", link, "logs", other, "errs"), matched(listed));
        // The other files of the walked directories are listed too, unmatched: rotated generations live there.
        Set<Path> unmatched = listed.stream().filter(l -> l.input() == null).map(GlobScanner.Listed::path)
                .collect(Collectors.toSet());
        assertTrue(unmatched.containsAll(Set.of(dir.resolve("a.log.1"), dir.resolve("b.txt"),
                dir.resolve("pods/ns_pod/app/0.log.gz"))), unmatched.toString());
        assertEquals("logs", scanner.inputOf(a));
        assertEquals(null, scanner.inputOf(dir.resolve("a.log.1")));
        assertTrue(scanner.roots().contains(dir.resolve("pods")));
    }

    @Test
    void anExcludeWithoutSlashMatchesTheFileName() throws Exception {
        file("keep.log");
        file("drop.log");
        GlobScanner scanner = new GlobScanner(List.of(
                TailFixtures.input("in", List.of(dir + "/*.log"), List.of("drop*"), StartAt.HEAD)));
        assertEquals(Map.of(dir.resolve("keep.log"), "in"), matched(scanner.scan()));
    }

    @Test
    void dotAndDotDotSegmentsAreResolved() throws Exception {
        Path a = file("logs/a.log");
        file("x/placeholder");
        GlobScanner scanner = new GlobScanner(List.of(
                TailFixtures.input("in", List.of(dir + "/x/../logs/./*.log"), List.of(), StartAt.HEAD)));
        assertEquals(Map.of(a, "in"), matched(scanner.scan()));
        assertEquals(dir.resolve("logs") + "/*.log", GlobScanner.absolute(dir + "/x/../logs/./*.log"));
        assertEquals(Path.of("").toAbsolutePath().getParent().resolve("logs") + "/*.log",
                GlobScanner.absolute("../logs/*.log"));
    }

    @Test
    void anIncludeThatMatchesNothingIsLoggedAtTheFirstScanAndOnceWhenItFirstMatches() throws Exception {
        List<String> logged = new ArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(GlobScanner.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record.getLevel() + " " + java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            file("present.log");
            GlobScanner scanner = new GlobScanner(List.of(TailFixtures.input("in",
                    List.of(dir + "/present.log", dir + "/typo/*.log"), List.of(), StartAt.HEAD)));
            scanner.scan();
            assertEquals(List.of("WARNING inputs[0].include[1]: '" + dir + "/typo/*.log' matches no file (yet); its files "
                    + "are read as soon as they appear - check the path if they should be there already"), logged);
            scanner.scan();
            assertEquals(1, logged.size(), "logged once");
            file("typo/late.log");
            scanner.scan();
            scanner.scan();
            assertEquals(List.of("INFO inputs[0].include[1]: '" + dir + "/typo/*.log' now matches 1 file(s)"),
                    logged.subList(1, logged.size()));
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void anInvalidGlobFailsNamingTheKey() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new GlobScanner(List.of(
                TailFixtures.input("in", List.of(dir + "/{a,b"), List.of(), StartAt.HEAD))));
        assertTrue(error.getMessage().startsWith("inputs[0].include[0]: "), error.getMessage());
    }

    @Test
    void aMissingDirectoryFindsNothing() {
        GlobScanner scanner = new GlobScanner(List.of(
                TailFixtures.input("in", List.of(dir + "/absent/*.log"), List.of(), StartAt.HEAD)));
        assertEquals(List.of(), scanner.scan());
    }

    private static Map<Path, String> matched(List<GlobScanner.Listed> listed) {
        Map<Path, String> matched = new HashMap<>();
        for (GlobScanner.Listed file : listed) {
            if (file.input() != null) {
                matched.put(file.path(), file.input());
            }
        }
        return matched;
    }
}
