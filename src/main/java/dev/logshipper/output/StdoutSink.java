package dev.logshipper.output;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.Destination;
import dev.logshipper.record.LogEventSink;
import dev.logshipper.record.RejectReason;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes each event's message as one line to standard output: the sink used when no CloudWatch endpoint is configured
 * (the local demo) and for debugging. Events are acknowledged once their bytes were flushed, so checkpoints behave as with
 * CloudWatch. The shipper's own logs go to stderr, so stdout carries only events.
 */
public final class StdoutSink implements LogEventSink {

    private static final int FLUSH_EVERY = 256;

    private final OutputStream out;
    private final List<Acknowledgement> unflushed = new ArrayList<>();
    private final Thread flusher;

    /** Writes to {@code out} and flushes (and acknowledges) at least every {@code flushInterval}. */
    public StdoutSink(OutputStream out, java.time.Duration flushInterval) {
        this.out = new BufferedOutputStream(out, 64 * 1024);
        this.flusher = Thread.ofPlatform().name("stdout-flusher").daemon().start(() -> {
            try {
                while (true) {
                    Thread.sleep(flushInterval);
                    flush();
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public synchronized void submit(long timestampMillis, byte[] message, int messageLength, Destination destination,
                                    Acknowledgement ack) {
        if (messageLength == 0) {
            ack.rejected(RejectReason.EMPTY);
            return;
        }
        try {
            out.write(message, 0, messageLength);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing to stdout failed", e);
        }
        unflushed.add(ack);
        if (unflushed.size() >= FLUSH_EVERY) {
            flush();
        }
    }

    /** Flushes written lines and acknowledges them. */
    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to stdout failed", e);
        }
        for (Acknowledgement ack : unflushed) {
            ack.delivered();
        }
        unflushed.clear();
    }

    @Override
    public void close() {
        flusher.interrupt();
        flush();
    }
}
