package dev.logshipper.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a workload's files before the shipper starts (and the idle workload's many small files). Returns the bytes
 * and the number of CloudWatch events the shipper must deliver for them.
 */
final class WorkloadFiles {

    /** What was written: input bytes, and the events they make (lines, or records when lines are joined). */
    record Written(long bytes, long events) {
        Written plus(Written other) {
            return new Written(bytes + other.bytes, events + other.events);
        }
    }

    private WorkloadFiles() {
    }

    /** The file a ROTATION workload's writer copies from, in its data directory (not matched by the input's glob). */
    static final String ROTATION_SOURCE = "source.data";

    /**
     * Writes {@code workload}'s files into {@code dir} (which must be empty); seeded, so the same every time. For a
     * ROTATION workload: the source its writer copies from while the shipper runs.
     */
    static Written write(Workload workload, Path dir) throws IOException {
        Files.createDirectories(dir);
        if (workload.kind() == Workload.Kind.ROTATION) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(ROTATION_SOURCE)), 1 << 20)) {
                return write(workload.content(), workload.bytes(), new LineFactory(3), out);
            }
        }
        if (workload.kind() == Workload.Kind.IDLE) {
            Written total = new Written(0, 0);
            LineFactory lines = new LineFactory(7);
            for (int i = 0; i < workload.files(); i++) {
                byte[] line = lines.appLine(i, Instant.now(), Workload.LINE_BYTES);
                Files.write(dir.resolve(fileName(i, workload.files())), line);
                total = total.plus(new Written(line.length, 1));
            }
            return total;
        }
        Written total = new Written(0, 0);
        long perFile = workload.bytes() / workload.files();
        for (int i = 0; i < workload.files(); i++) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(fileName(i, workload.files()))),
                    1 << 20)) {
                total = total.plus(write(workload.content(), perFile, new LineFactory(1000L + i), out));
            }
        }
        return total;
    }

    static String fileName(int index, int count) {
        return count == 1 ? "app.log" : String.format("app-%04d.log", index);
    }

    /**
     * Writes about {@code bytes} of {@code content} to {@code out}: whole lines (or whole records) only, stopping
     * before the size would be passed. Event times advance 1 ms per 100 lines from now.
     */
    static Written write(Workload.Content content, long bytes, LineFactory lines, OutputStream out) throws IOException {
        long written = 0;
        long events = 0;
        long start = System.currentTimeMillis();
        while (true) {
            Instant time = Instant.ofEpochMilli(start + events / 100);
            byte[] record = switch (content) {
                case RAW -> lines.appLine(events, time, Workload.LINE_BYTES);
                case CRI -> lines.criLine(events, time.plusNanos(events % 1_000_000), Workload.LINE_BYTES);
                case JAVA_MIX -> events % 10 < 3 ? lines.stackTrace(events, time)
                        : lines.appLine(events, time, Workload.LINE_BYTES);
            };
            if (written + record.length > bytes) {
                return new Written(written, events);
            }
            out.write(record);
            written += record.length;
            events++;
        }
    }
}
