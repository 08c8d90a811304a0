package dev.logshipper.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark harness at smoke size, so it cannot rot: the endpoint and the shipper jar as separate processes, a
 * 20 MB single file and a small multiline + envelope workload. Asserts only that every event arrived, exactly once by
 * count - never a speed (this machine is shared; the figures are printed, not judged).
 */
class BenchSmokeIT {

    @TempDir
    Path dir;

    @Test
    void everyEventOfTheSmokeWorkloadsArrives() throws Exception {
        Bench.Options options = Bench.Options.parse("--smoke", "--workload", "raw,multiline-envelope", "--repeat", "1",
                "--work", dir.resolve("work").toString(), "--out", dir.resolve("results").toString());
        List<Measurement> results = new Bench(options, System.out).run();

        assertEquals(List.of("raw", "multiline-envelope"), results.stream().map(Measurement::workload).toList());
        for (Measurement m : results) {
            assertTrue(m.expectedEvents() > 0, m.workload());
            assertEquals(m.expectedEvents(), m.acceptedEvents(), m.workload() + ": " + m.note());
            assertTrue(m.allArrived(), m.workload() + ": " + m.note());
            assertEquals(0, m.exitCode(), m.workload() + ": the shipper drained and exited cleanly on SIGTERM");
        }
        assertTrue(Files.isRegularFile(dir.resolve("results").resolve("latest.json")));
    }
}
