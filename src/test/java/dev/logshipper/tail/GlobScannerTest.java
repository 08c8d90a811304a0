package dev.logshipper.tail;

import dev.logshipper.config.ShipperConfig.StartAt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void anInvalidGlobFailsNamingTheKey() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new GlobScanner(List.of(
                TailFixtures.input("in", List.of(dir + "/{a,b"), List.of(), StartAt.HEAD))));
        assertTrue(error.getMessage().startsWith("inputs[0].include: "), error.getMessage());
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
