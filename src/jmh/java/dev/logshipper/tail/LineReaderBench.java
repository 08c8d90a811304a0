package dev.logshipper.tail;

import dev.logshipper.checkpoint.AckLedger;
import dev.logshipper.record.LineHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Line splitting: {@link LineReader#frame} over one full read buffer (256 KiB, the default {@code readBufferBytes}) of
 * lines, handing each line to a handler that only consumes it; and {@code fill + frame}, which adds the positional read
 * from the page cache. Time per buffer: MiB/s = 0.25 / (time in s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LineReaderBench {

    private static final int BUFFER = 256 * 1024;

    /** Line length in bytes, newline included. */
    @Param({"80", "200", "1000"})
    int lineBytes;

    private Path file;
    private LineReader reader;
    private TailedFile tailed;
    private int count;
    private Blackhole blackhole;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) throws IOException {
        blackhole = bh;
        file = Files.createTempFile("linereader-bench", ".log");
        StringBuilder sb = new StringBuilder(BUFFER + lineBytes);
        for (int i = 0; sb.length() < BUFFER; i++) {
            String head = "2025-01-02T03:04:05.678Z INFO [main] com.example.App - line " + i + " ";
            sb.append(head).append("x".repeat(Math.max(0, lineBytes - 1 - head.length()))).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
        reader = new LineReader(BUFFER, 1_048_550, new TailListener() { });
        tailed = new TailedFile("bench", file, file);
        tailed.channel = FileChannel.open(file, StandardOpenOption.READ);
        tailed.ledger = new AckLedger(0);
        tailed.handler = new LineHandler() {
            @Override
            public void onLine(byte[] buffer, int offset, int length, long startOffset, long endOffset) {
                blackhole.consume(length);
            }

            @Override
            public void onTick(long nowMillis) {
            }

            @Override
            public void flush() {
            }
        };
        count = reader.fill(tailed, Long.MAX_VALUE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        tailed.channel.close();
        Files.deleteIfExists(file);
    }

    /** Splitting only: the buffer already holds the bytes. */
    @Benchmark
    public long frame() {
        tailed.lineStart = 0;
        tailed.scannedEnd = 0;
        reader.frame(tailed, count, false);
        return tailed.lineStart;
    }

    /** What one pass of the reader loop does per file: pread 256 KiB (page cache), then split. */
    @Benchmark
    public long fillAndFrame() throws IOException {
        tailed.lineStart = 0;
        tailed.scannedEnd = 0;
        int n = reader.fill(tailed, Long.MAX_VALUE);
        reader.frame(tailed, n, false);
        return tailed.lineStart;
    }
}
