package dev.logshipper.tail;

import dev.logshipper.checkpoint.CheckpointStore;
import dev.logshipper.checkpoint.CheckpointWriter;
import dev.logshipper.checkpoint.LoadedCheckpoint;
import dev.logshipper.config.ShipperConfig.CheckpointConfig;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.StartAt;
import dev.logshipper.config.ShipperConfig.TailConfig;
import dev.logshipper.record.LineHandlerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The file input: tails every file the inputs' globs match and checkpoints, per file identity, the offset up
 * to which every record was acknowledged.
 *
 * <p>Two threads: the reader ({@code log-shipper-tail}: discovery, reading, rotation, truncation) and the
 * checkpoint writer ({@code log-shipper-checkpoint}: the only writer of the checkpoint file). Lines go to the
 * record stage through {@link LineHandlerFactory}; when its handler blocks, reading stops.
 *
 * <p>Lifecycle: {@link #start()}, then {@link #stopAndDrain(Duration)} at shutdown, then {@link #close()}.
 */
public final class Tailer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Tailer.class.getName());
    private static final long ACK_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final List<InputConfig> inputs;
    private final TailConfig tail;
    private final CheckpointConfig checkpoint;
    private final LineHandlerFactory factory;
    private final InstantSource clock;
    private final TailListener listener;
    private final Runnable backlogRead;
    private final GlobScanner scanner;

    private volatile CheckpointWriter writer; // volatile: read by gauge and health threads
    private volatile ReaderLoop loop;
    private boolean started;
    private boolean closed;

    public Tailer(List<InputConfig> inputs, TailConfig tail, CheckpointConfig checkpoint, LineHandlerFactory factory,
            InstantSource clock) {
        this(inputs, tail, checkpoint, factory, clock, TailListener.NONE);
    }

    public Tailer(List<InputConfig> inputs, TailConfig tail, CheckpointConfig checkpoint, LineHandlerFactory factory,
            InstantSource clock, TailListener listener) {
        this(inputs, tail, checkpoint, factory, clock, listener, () -> { });
    }

    /**
     * Fails fast (naming the key) on an invalid glob or tail setting.
     *
     * @param backlogRead run on the reader thread when it finds every file at its end after reading a backlog (at least
     *                    a full batch, 1 MiB, without pause): what was read is all there is for now, so the output
     *                    should send it instead of waiting for its flush interval
     */
    public Tailer(List<InputConfig> inputs, TailConfig tail, CheckpointConfig checkpoint, LineHandlerFactory factory,
            InstantSource clock, TailListener listener, Runnable backlogRead) {
        this.inputs = List.copyOf(inputs);
        this.tail = validate(Objects.requireNonNull(tail, "tail"));
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.backlogRead = Objects.requireNonNull(backlogRead, "backlogRead");
        if (checkpoint.interval() == null || checkpoint.interval().isNegative() || checkpoint.interval().isZero()) {
            throw new IllegalArgumentException("checkpoint.interval: '" + checkpoint.interval() + "' must be a positive duration");
        }
        this.scanner = new GlobScanner(this.inputs);
    }

    private static TailConfig validate(TailConfig tail) {
        positive("tail.scanInterval", tail.scanInterval());
        positive("tail.partialLineTimeout", tail.partialLineTimeout());
        positive("tail.idleCloseAfter", tail.idleCloseAfter());
        atLeast("tail.maxLineBytes", tail.maxLineBytes(), 1);
        atLeast("tail.readBufferBytes", tail.readBufferBytes(), 1024);
        atLeast("tail.maxOpenFiles", tail.maxOpenFiles(), 1);
        Duration window = tail.coalesceWindow();
        if (window == null || window.isNegative() || window.compareTo(TailConfig.MAX_COALESCE_WINDOW) > 0) {
            throw new IllegalArgumentException("tail.coalesceWindow: '" + window + "' is not allowed; allowed: 0 to "
                    + TailConfig.MAX_COALESCE_WINDOW.toMillis() + "ms");
        }
        return tail;
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + ": '" + value + "' must be a positive duration");
        }
    }

    private static void atLeast(String key, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(key + ": " + value + " is too small; allowed: " + minimum + " or more");
        }
    }

    /**
     * Loads the checkpoint (a corrupt one is moved aside) and starts both threads. Fails if the checkpoint
     * directory cannot be created or written.
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        CheckpointStore store = new CheckpointStore(checkpoint.directory());
        store.createDirectory();
        Map<String, StartAt> startAt = new HashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (InputConfig input : inputs) {
            startAt.put(input.name(), input.startAt() == null ? StartAt.HEAD : input.startAt());
            names.add(input.name());
        }
        LoadedCheckpoint loaded = store.load();
        // A file the checkpoint does not name appeared after the listing it reflects; files from before the first start
        // with this directory are history.
        long historyBefore = store.historyBeforeMillis(loaded, System.currentTimeMillis());
        writer = new CheckpointWriter(store, checkpoint.interval(), clock, new CheckpointWriter.Listener() {
            @Override
            public void written(int entries, long tookNanos) {
                listener.checkpointWritten(entries, tookNanos);
            }

            @Override
            public void failed(IOException error) {
                listener.checkpointFailed(error);
            }
        });
        FileTracker tracker = new FileTracker(tail, scanner, factory, clock, listener, writer, historyBefore);
        loop = new ReaderLoop(tail, tracker, new Recovery(tracker, loaded, startAt, names), backlogRead, WakeSources.open());
        writer.start();
        loop.start();
        LOG.log(System.Logger.Level.INFO, "Tailing {0} input(s); checkpoints in {1}", inputs.size(), store.file());
    }

    /**
     * Two-phase stop: stop discovering and read every tailed file to its current end, handing over partial last
     * lines and flushing the record stage; then wait until every record is acknowledged; then write the final
     * checkpoint. Everything is bounded by {@code deadline}; what is not acknowledged by then is simply read again
     * after a restart (the checkpoint never covers it).
     *
     * @return true when every record read was acknowledged (or rejected) in time
     */
    public boolean stopAndDrain(Duration deadline) {
        return stopAndDrain(deadline, () -> { });
    }

    /**
     * {@link #stopAndDrain(Duration)}, calling {@code readerFinished} once the reader has read everything and flushed
     * the record stage, before waiting for acknowledgements: the place to flush the delivery stage's open batches
     * instead of letting them wait for their flush interval.
     */
    public boolean stopAndDrain(Duration deadline, Runnable readerFinished) {
        synchronized (this) {
            if (!started || closed) {
                return true;
            }
            closed = true;
        }
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        loop.requestDrain(deadlineNanos);
        boolean readerEnded = joinReader(deadlineNanos);
        boolean acknowledged = false;
        if (readerEnded) {
            readerFinished.run();
            acknowledged = awaitAcknowledged(loop.filesAfterStop(), deadlineNanos);
        }
        writer.close();
        if (readerEnded) {
            loop.closeAll();
        }
        LOG.log(System.Logger.Level.INFO, acknowledged ? "Tailer drained: every record read was acknowledged"
                : "Tailer stopped at its deadline with records not yet acknowledged; they are read again after a restart");
        return acknowledged;
    }

    private boolean joinReader(long deadlineNanos) {
        Thread reader = loop.thread();
        try {
            reader.join(Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())));
            if (reader.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "The tailer did not finish reading by the deadline (the record stage "
                        + "is blocked); interrupting it");
                reader.interrupt();
                reader.join(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !reader.isAlive();
    }

    private static boolean awaitAcknowledged(List<TailedFile> files, long deadlineNanos) {
        List<TailedFile> waiting = new ArrayList<>(files);
        while (true) {
            waiting.removeIf(f -> f.state == TailedFile.State.FINISHED || f.fullyAcknowledged());
            if (waiting.isEmpty()) {
                return true;
            }
            if (System.nanoTime() - deadlineNanos >= 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(ACK_POLL_NANOS);
        }
    }

    /** Stops at once without draining (use {@link #stopAndDrain} first for a clean shutdown); idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (!started) {
                closed = true;
                return;
            }
            if (closed && !loop.thread().isAlive()) {
                return;
            }
            closed = true;
        }
        loop.requestStop();
        loop.thread().interrupt();
        try {
            loop.thread().join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
        if (!loop.thread().isAlive()) {
            loop.closeAll();
        }
    }

    /** Per-file gauges: size, read and acknowledged offsets, lag. Safe from any thread. */
    public List<FileStatus> files() {
        ReaderLoop current = loop;
        if (current == null) {
            return List.of();
        }
        List<FileStatus> statuses = new ArrayList<>();
        for (TailedFile file : current.published()) {
            statuses.add(file.status());
        }
        return statuses;
    }

    /** The reader thread ({@code log-shipper-tail}), or null before {@link #start()}; for liveness checks. */
    public Thread readerThread() {
        ReaderLoop current = loop;
        return current == null ? null : current.thread();
    }

    /**
     * {@link System#nanoTime()} when the reader's current pass began, or 0 while it is parked between passes (idle).
     * A reader blocked in the record stage by backpressure stays busy; the caller tells that apart through the sink.
     */
    public long readerBusySinceNanos() {
        ReaderLoop current = loop;
        return current == null ? 0 : current.busySinceNanos();
    }

    /** The checkpoint writer thread ({@code log-shipper-checkpoint}), or null before {@link #start()}. */
    public Thread checkpointThread() {
        CheckpointWriter current = writer;
        return current == null ? null : current.thread();
    }

    /** {@link System#nanoTime()} when the current checkpoint write began, or 0 between writes. */
    public long checkpointBusySinceNanos() {
        CheckpointWriter current = writer;
        return current == null ? 0 : current.busySinceNanos();
    }

    /** Millis since the persisted checkpoint last matched the in-memory watermarks. */
    public long checkpointAgeMillis() {
        CheckpointWriter current = writer;
        return current == null ? 0 : Math.max(0, clock.millis() - current.lastWriteMillis());
    }
}
