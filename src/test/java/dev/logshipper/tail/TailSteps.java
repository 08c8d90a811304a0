package dev.logshipper.tail;

import dev.logshipper.checkpoint.CheckpointStore;
import dev.logshipper.checkpoint.CheckpointWriter;
import dev.logshipper.checkpoint.LoadedCheckpoint;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.StartAt;
import dev.logshipper.config.ShipperConfig.TailConfig;
import dev.logshipper.record.LineHandlerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The tailer's {@link FileTracker} driven step by step on the test's thread, with the checkpoint written only when the
 * test says: the seam the rotation model uses. Nothing runs in the background, so a history replays the same way every
 * time. The thread ({@link ReaderLoop}) only decides when to take these steps.
 */
final class TailSteps implements AutoCloseable {
    private final FileTracker tracker;
    private final CheckpointWriter writer;

    private TailSteps(FileTracker tracker, CheckpointWriter writer) {
        this.tracker = tracker;
        this.writer = writer;
    }

    /** Loads the checkpoint in {@code checkpoints} and recovers, as a shipper start does. */
    static TailSteps start(List<InputConfig> inputs, TailConfig tail, Path checkpoints, LineHandlerFactory factory,
            InstantSource clock, TailListener listener) {
        return start(inputs, tail, checkpoints, factory, clock, listener, () -> { });
    }

    /** {@link #start}, with {@code afterLooking} run inside recovery, between looking at the files and reading them. */
    static TailSteps start(List<InputConfig> inputs, TailConfig tail, Path checkpoints, LineHandlerFactory factory,
            InstantSource clock, TailListener listener, Runnable afterLooking) {
        CheckpointStore store = new CheckpointStore(checkpoints);
        store.createDirectory();
        Map<String, StartAt> startAt = new HashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (InputConfig input : inputs) {
            startAt.put(input.name(), input.startAt());
            names.add(input.name());
        }
        LoadedCheckpoint loaded = store.load();
        long historyBefore = store.historyBeforeMillis(loaded, System.currentTimeMillis());
        CheckpointWriter writer = new CheckpointWriter(store, Duration.ofSeconds(1), clock, CheckpointWriter.Listener.NONE);
        FileTracker tracker = new FileTracker(tail, new GlobScanner(inputs), factory, clock, listener, writer, historyBefore);
        new Recovery(tracker, loaded, startAt, names).afterLooking(afterLooking).run();
        return new TailSteps(tracker, writer);
    }

    void scan() {
        tracker.scan();
    }

    /**
     * A scan whose listing misses one file, picked by {@code seed}: what a directory listing made while logrotate renames
     * files can show (the name read before the rename, stat'ed after it).
     */
    void scanMissingOne(long seed) {
        tracker.scan(listed -> {
            if (listed.isEmpty()) {
                return listed;
            }
            List<GlobScanner.Listed> fewer = new ArrayList<>(listed);
            fewer.remove(new Random(seed).nextInt(fewer.size()));
            return fewer;
        });
    }

    /** One pass: at most one buffer of every file. True when something was read. */
    boolean pass() {
        return tracker.pass(Set.of(), false);
    }

    /** Bytes read since the last call, by scans and passes. */
    long takeBytesRead() {
        return tracker.takeBytesRead();
    }

    /** True while a copy of a live file is being made: the reader polls without pause until the truncation. */
    boolean hot(InstantSource clock) {
        return tracker.hot(clock.millis());
    }

    void tick() {
        tracker.tick(true);
    }

    /** Reads every file to its end and flushes the record stage (a graceful stop's first phase). */
    void drain() {
        tracker.drain(System.nanoTime() + Duration.ofSeconds(10).toNanos());
    }

    void checkpoint() {
        writer.writeNow();
    }

    /** Drops every descriptor: what a SIGKILL leaves behind is the checkpoint file as last written. */
    @Override
    public void close() {
        tracker.closeAll();
    }
}
