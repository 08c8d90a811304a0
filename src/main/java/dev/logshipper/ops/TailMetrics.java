package dev.logshipper.ops;

import dev.logshipper.logging.RateLimitedLogger;
import dev.logshipper.record.RejectReason;
import dev.logshipper.tail.TailListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/** The tailer's counters, labelled by input (never by file: file names are unbounded). */
final class TailMetrics implements TailListener {

    private static final System.Logger LOG = System.getLogger(TailMetrics.class.getName());

    private final MeterRegistry registry;
    private final Health health;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final RateLimitedLogger warnings = new RateLimitedLogger(LOG, java.time.Duration.ofSeconds(30));

    TailMetrics(MeterRegistry registry, Health health) {
        this.registry = registry;
        this.health = health;
    }

    private Counter counter(String name, String input, String description) {
        return counters.computeIfAbsent(name + '|' + input, k -> Counter.builder(name).tag("input", input)
                .description(description).register(registry));
    }

    /** A byte counter: Micrometer appends {@code _bytes_total}, so the name must not say "bytes" itself. */
    private Counter bytes(String name, String input, String description) {
        return counters.computeIfAbsent(name + '|' + input, k -> Counter.builder(name).tag("input", input)
                .baseUnit("bytes").description(description).register(registry));
    }

    @Override
    public void linesRead(String input, long lines, long bytes) {
        counter("logshipper.lines.read", input, "Lines read from tailed files").increment(lines);
        bytes("logshipper.read", input, "Bytes read from tailed files").increment(bytes);
    }

    @Override
    public void nulBytesSkipped(String input, long bytes) {
        bytes("logshipper.nul.skipped", input, "NUL padding bytes skipped (left by copytruncate)").increment(bytes);
    }

    @Override
    public void longLineSplit(String input, int pieces) {
        counter("logshipper.long.lines.split", input, "Lines longer than tail.maxLineBytes, split into pieces").increment();
    }

    @Override
    public void partialLineEmitted(String input) {
        counter("logshipper.partial.lines", input, "Last lines without a newline emitted after the idle timeout").increment();
    }

    @Override
    public void fileOpened(String input, Path path) {
        counter("logshipper.files.opened", input, "Files opened").increment();
    }

    @Override
    public void fileClosed(String input, Path path) {
        counter("logshipper.files.closed", input, "Files closed").increment();
    }

    @Override
    public void fileRotated(String input, Path path) {
        counter("logshipper.files.rotated", input, "Rotations followed").increment();
    }

    @Override
    public void fileTruncated(String input, Path path) {
        counter("logshipper.files.truncated", input, "Truncations (copytruncate) followed").increment();
    }

    @Override
    public void truncatedRestRecovered(String input, Path copy, long bytes) {
        bytes("logshipper.truncation.recovered", input, "Bytes read from the rotated copy after a truncation").increment(bytes);
    }

    @Override
    public void bytesLost(String input, Path path, long bytes) {
        bytes("logshipper.lost", input, "Bytes that could not be read before their file was truncated or deleted").increment(bytes);
        health.noteError("lost " + bytes + " bytes of " + path);
    }

    @Override
    public void readError(String input, Path path, Exception error) {
        counter("logshipper.read.errors", input, "Errors opening or reading files").increment();
        health.noteError("read " + path + ": " + error.getMessage());
    }

    @Override
    public void recordRejected(String input, RejectReason reason) {
        registry.counter("logshipper.records.rejected", "input", input, "reason", reason.label()).increment();
    }

    @Override
    public void checkpointWritten(int files, long tookNanos) {
        registry.timer("logshipper.checkpoint.write").record(tookNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public void checkpointFailed(Exception error) {
        registry.counter("logshipper.checkpoint.failures").increment();
        health.noteError("checkpoint: " + error.getMessage());
        warnings.log(System.Logger.Level.ERROR, "checkpoint", "writing the checkpoint failed: " + error
                + "; offsets are kept in memory and written again at the next interval");
    }
}
