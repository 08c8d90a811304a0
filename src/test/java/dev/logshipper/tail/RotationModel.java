package dev.logshipper.tail;

import dev.logshipper.checkpoint.CheckpointStore;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.StartAt;
import dev.logshipper.config.ShipperConfig.TailConfig;
import dev.logshipper.tail.RotationOp.Ack;
import dev.logshipper.tail.RotationOp.Advance;
import dev.logshipper.tail.RotationOp.Append;
import dev.logshipper.tail.RotationOp.CatchUp;
import dev.logshipper.tail.RotationOp.Checkpoint;
import dev.logshipper.tail.RotationOp.Compress;
import dev.logshipper.tail.RotationOp.Copy;
import dev.logshipper.tail.RotationOp.Expire;
import dev.logshipper.tail.RotationOp.FlakyScan;
import dev.logshipper.tail.RotationOp.Kill;
import dev.logshipper.tail.RotationOp.RenameRotate;
import dev.logshipper.tail.RotationOp.Reopen;
import dev.logshipper.tail.RotationOp.Start;
import dev.logshipper.tail.RotationOp.Step;
import dev.logshipper.tail.RotationOp.Stop;
import dev.logshipper.tail.RotationOp.Truncate;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs one rotation history against the real tailer (driven step by step, {@link TailSteps}) on real files, and checks
 * the delivery guarantee:
 * <ol>
 *   <li>every line still in an uncompressed file at the end is delivered;</li>
 *   <li>whenever the shipper is running and has caught up, every line in an uncompressed file has been delivered or
 *       read by the current run;</li>
 *   <li>nothing is delivered that was never written (no fragments, no garbage);</li>
 *   <li>a line is delivered more than once only after a run that ended (kill or stop) with it acknowledged but not
 *       covered by the checkpoint last written - once per such run.</li>
 * </ol>
 * A line may be lost only by leaving every uncompressed file (truncated, deleted, compressed) before the shipper read
 * it while running and caught up: the invariants simply do not ask for such lines.
 */
final class RotationModel {
    /** Per-history settings: how rotated files are named, whether the glob matches them, the descriptor budget, files. */
    record Settings(boolean datedNames, boolean globMatchesRotated, int maxOpenFiles, boolean twoFiles) {
        String java() {
            return "new Settings(" + datedNames + ", " + globMatchesRotated + ", " + maxOpenFiles + ", " + twoFiles + ")";
        }
    }

    static final Duration PARTIAL_LINE_TIMEOUT = Duration.ofMillis(300);
    /** Far more passes than any history's bytes need (a pass reads a buffer of every file): more is a livelock. */
    private static final int MAX_PASSES = 5_000;
    private static final int MAX_ROUNDS = 200;

    private final Path logs;
    private final Path checkpoints;
    private final Settings settings;
    private final SimulatedApp app;
    private final ModelHandlers handlers;
    private final ManualClock clock = new ManualClock();
    private final List<InputConfig> inputs;
    private final TailConfig tail;
    private TailSteps shipper;
    private int opIndex = -1;

    private RotationModel(Path root, Settings settings, long seed) throws IOException {
        this.settings = settings;
        this.logs = Files.createDirectories(root.resolve("logs"));
        this.checkpoints = root.resolve("checkpoints");
        this.app = new SimulatedApp(logs, settings.twoFiles() ? List.of("app.log", "web.log") : List.of("app.log"),
                settings.datedNames(), seed);
        this.handlers = new ModelHandlers(app.written());
        String glob = logs.resolve(settings.globMatchesRotated() ? "*.log*" : "*.log").toString();
        this.inputs = List.of(TailFixtures.input("app", List.of(glob), List.of("*.gz"), StartAt.HEAD));
        this.tail = new TailConfig(Duration.ofMillis(50), Duration.ofMillis(50), 1_000, PARTIAL_LINE_TIMEOUT, 1024,
                settings.maxOpenFiles(), Duration.ofSeconds(1));
    }

    /** Runs {@code history} in a fresh directory under {@code root}; returns null if every invariant held, else why not. */
    static String run(Path root, Settings settings, long seed, List<RotationOp> history) {
        try {
            Files.createDirectories(root);
            Path run = Files.createTempDirectory(root, "history");
            try {
                RotationModel model = new RotationModel(run, settings, seed);
                try {
                    return model.run(history);
                } catch (RuntimeException e) {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    return "op " + model.opIndex + ": the tailer threw " + trace;
                } finally {
                    model.close();
                }
            } finally {
                deleteRecursively(run);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String run(List<RotationOp> history) throws IOException {
        start(); // the shipper is there from the beginning: files rotated before its first start are history to it
        for (RotationOp op : history) {
            opIndex++;
            String failure = apply(op);
            if (failure != null) {
                return failure;
            }
        }
        opIndex = history.size();
        return finish();
    }

    private String apply(RotationOp op) throws IOException {
        switch (op) {
            case Append a -> app.append(a.file(), a.lines(), a.newline());
            case Reopen r -> app.reopen(r.file());
            case RenameRotate r -> app.renameRotate(r.file());
            case Copy c -> app.copy(c.file());
            case Truncate t -> app.truncate(t.file());
            case Expire e -> app.expire(e.file(), e.keep());
            case Compress c -> app.compress(c.file());
            case Step s -> {
                if (shipper != null) {
                    if (s.scan()) {
                        shipper.scan();
                    }
                    for (int i = 0; i < s.passes(); i++) {
                        shipper.pass();
                    }
                    shipper.tick();
                }
            }
            case FlakyScan f -> {
                if (shipper != null) {
                    shipper.scanMissingOne(f.seed());
                }
            }
            case CatchUp c -> {
                if (shipper != null) {
                    catchUp();
                    return everyLineOnDiskRead("after catching up");
                }
            }
            case Ack a -> handlers.acknowledge(a.percent(), a.seed());
            case Checkpoint c -> {
                if (shipper != null) {
                    shipper.checkpoint();
                    handlers.checkpointed();
                }
            }
            case Advance a -> clock.advance(a.millis());
            case Kill k -> {
                if (shipper != null) {
                    shipper.close();
                    shipper = null;
                    handlers.runEnded();
                }
            }
            case Stop s -> {
                if (shipper != null) {
                    shipper.drain();
                    shipper.checkpoint();
                    handlers.checkpointed();
                    shipper.close();
                    shipper = null;
                    handlers.runEnded();
                }
            }
            case Start s -> start();
        }
        return null;
    }

    private void start() {
        if (shipper == null) {
            shipper = TailSteps.start(inputs, tail, checkpoints, handlers, clock, TailListener.NONE);
        }
    }

    /**
     * Scans and reads until a round finds nothing more, letting time pass between rounds so that unterminated last
     * lines are emitted and rotated files read to their end are closed (freeing their descriptors).
     */
    private void catchUp() {
        int quietRounds = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            shipper.takeBytesRead();
            shipper.scan();
            // A scan reads too (a file it found, or reopened once a descriptor was free): that is progress, and with few
            // descriptors each round frees some for the files still waiting.
            boolean progress = shipper.takeBytesRead() > 0;
            progress |= readAll();
            clock.advance(PARTIAL_LINE_TIMEOUT.toMillis() + 1);
            shipper.tick();
            progress |= readAll();
            quietRounds = progress ? 0 : quietRounds + 1;
            if (quietRounds == 2) {
                // Two in a row: a round that reads nothing may still free descriptors (a rotated file read to its end is
                // closed), which only the next round's scan gives to a file waiting for one.
                return;
            }
        }
        throw new IllegalStateException("catching up never settles: still making progress after " + MAX_ROUNDS + " rounds");
    }

    private boolean readAll() {
        for (int i = 0; i < MAX_PASSES; i++) {
            if (!shipper.pass()) {
                return i > 0;
            }
        }
        throw new IllegalStateException("the reader never settles: still making progress after " + MAX_PASSES + " passes");
    }

    /** The end: the shipper runs, catches up, and the endpoint acknowledges everything until nothing is left in flight. */
    private String finish() throws IOException {
        start();
        catchUp();
        String failure = everyLineOnDiskRead("after the final catch-up");
        if (failure != null) {
            return failure;
        }
        for (int round = 0; round < 20; round++) {
            handlers.acknowledge(100, round);
            clock.advance(PARTIAL_LINE_TIMEOUT.toMillis() + 1);
            catchUp();
            if (handlers.inFlight() == 0) {
                break;
            }
        }
        List<String> missing = new ArrayList<>();
        for (SimulatedApp.Located line : app.linesOnDisk()) {
            if (!handlers.delivered(line.text())) {
                missing.add(line.text() + " (in " + line.file() + ")");
            }
        }
        if (!missing.isEmpty()) {
            return describe("lines still on disk at the end were never delivered: " + first(missing));
        }
        if (!handlers.neverWritten().isEmpty()) {
            return describe("delivered lines that were never written: " + first(handlers.neverWritten()));
        }
        List<String> over = handlers.overDelivered();
        if (!over.isEmpty()) {
            return describe("delivered more often than the duplicate bound allows: " + first(over));
        }
        return null;
    }

    private String everyLineOnDiskRead(String when) throws IOException {
        List<String> unread = new ArrayList<>();
        for (SimulatedApp.Located line : app.linesOnDisk()) {
            if (!handlers.delivered(line.text()) && !handlers.readThisRun(line.text())) {
                unread.add(line.text() + " (in " + line.file() + ")");
            }
        }
        if (!unread.isEmpty()) {
            return describe(when + ", lines on disk were neither delivered nor read: " + first(unread));
        }
        if (!handlers.neverWritten().isEmpty()) {
            return describe("read lines that were never written: " + first(handlers.neverWritten()));
        }
        return null;
    }

    private String describe(String violation) throws IOException {
        Path checkpoint = checkpoints.resolve(CheckpointStore.FILE_NAME);
        return "op " + opIndex + ": " + violation + "\nfiles:\n" + app.listing() + "checkpoint:\n"
                + (Files.exists(checkpoint) ? Files.readString(checkpoint) : "(none)");
    }

    private static String first(List<String> items) {
        return items.size() + " " + items.subList(0, Math.min(5, items.size()));
    }

    private void close() throws IOException {
        if (shipper != null) {
            shipper.close();
        }
        app.close();
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Time for the shipper's timers, moved only by the history. */
    static final class ManualClock implements InstantSource {
        private long millis = 1_000_000;

        void advance(long by) {
            millis += by;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public long millis() {
            return millis;
        }
    }
}
