package dev.logshipper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No package of the main sources depends, directly or through others, on a package that depends on it: each package
 * can be read, tested and changed knowing only the packages below it. A failure names the cycle and, for each step,
 * the first file and line that makes it.
 */
class PackageCyclesTest {

    private static final String ROOT = "dev.logshipper";

    private static Path mainSources() {
        return Path.of(System.getProperty("basedir", ".")).resolve("src/main/java");
    }

    @Test
    void theMainSourcesHaveNoPackageCycle() {
        PackageGraph graph = PackageGraph.read(mainSources(), ROOT);
        assertTrue(graph.packages().containsAll(Set.of(ROOT, ROOT + ".config", ROOT + ".tail", ROOT + ".cloudwatch")),
                "the graph misses packages: " + graph.packages());
        Optional<List<PackageGraph.Edge>> cycle = graph.cycle();
        assertTrue(cycle.isEmpty(), () -> "package cycle: " + describe(cycle.orElseThrow()));
    }

    @Test
    void aCycleIsFoundAndNamedWithWhereEachStepIs(@TempDir Path dir) throws IOException {
        write(dir, "a/A.java", "package x.a;\nimport x.b.B;\nclass A { B b; }\n");
        write(dir, "b/B.java", "package x.b;\nclass B {\n  x.c.C c;\n}\n");
        write(dir, "c/C.java", "package x.c;\nimport static x.a.A.helper;\nclass C {}\n");
        write(dir, "d/D.java", "package x.d;\nimport x.a.A;\nclass D {}\n");

        List<PackageGraph.Edge> cycle = PackageGraph.read(dir, "x").cycle().orElseThrow();

        assertEquals("x.a -> x.b (a/A.java:2), x.b -> x.c (b/B.java:3), x.c -> x.a (c/C.java:2)", describe(cycle));
    }

    @Test
    void commentsStringsAndTheSamePackageMakeNoEdge(@TempDir Path dir) throws IOException {
        write(dir, "a/A.java", """
                package x.a;
                /** See {@link x.b.B}. */
                class A {
                    // x.b.B is only mentioned
                    String s = "x.b.B";
                    String t = \"""
                            x.b.B
                            \""";
                    char q = '"';
                    x.a.Other same;
                }
                """);
        write(dir, "b/B.java", "package x.b;\nimport x.a.A;\nclass B {}\n");

        PackageGraph graph = PackageGraph.read(dir, "x");

        assertEquals(Set.of(), graph.dependencies("x.a"));
        assertEquals(Set.of("x.a"), graph.dependencies("x.b"));
        assertTrue(graph.cycle().isEmpty());
    }

    private static String describe(List<PackageGraph.Edge> cycle) {
        return cycle.stream().map(PackageGraph.Edge::toString).collect(Collectors.joining(", "));
    }

    private static void write(Path dir, String file, String text) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
