package dev.logshipper.tail;

import dev.logshipper.checkpoint.AckLedger;
import dev.logshipper.checkpoint.CheckpointWriter;
import dev.logshipper.checkpoint.FileKey;
import dev.logshipper.record.LineHandler;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The reader thread's state for one tailed file identity (one generation at a time). Confined to the reader
 * thread except the few volatile fields published for {@link Tailer#files()}.
 *
 * <p>No line bytes are kept here: a partial last line is simply re-read from {@link #lineStart} on the next
 * pass (the file is the buffer), so 1,000 files cost no per-file buffers.
 */
final class TailedFile {
    final String input;
    /** The path the record stage knows this file by (the original name also after a rotation). */
    final Path sourcePath;
    /** Where the file was last seen (after a rotation, possibly a sibling name). */
    Path path;
    FileKey key;
    FileChannel channel;
    Fingerprint fingerprint;
    /** The fingerprint of the generation before this one (truncated away): a sibling starting so is its copy. */
    Fingerprint previousFingerprint;
    long generation;
    AckLedger ledger;
    LineHandler handler;
    CheckpointWriter.Slot slot;

    /** First byte not yet handed to the handler; the next read starts here. */
    long lineStart;
    /** Bytes in {@code [lineStart, scannedEnd)} were read and hold no newline (a partial line). */
    long scannedEnd;
    /** The last emitted piece had no terminator, so an empty line right after it is its late newline: skipped. */
    boolean afterUnterminated;
    /** The path no longer leads here (renamed or deleted, or a copy found after a truncation): read to the end, then close. */
    boolean rotated;
    /** The handler was flushed after the last data (done once a rotated file went quiet). */
    boolean flushedSinceData;
    long lastGrowthMillis;
    /** A closed file is reopened when a scan sees its size differ from {@link #scannedEnd}, or when this is set. */
    boolean retryOpen;
    /** A read error was logged (once per episode). */
    boolean errorLogged;
    /**
     * Read to its end, nothing pending, not rotated: the passes skip it while the watch covers every file, until a
     * write to it is reported or a scan sees its size differ from what was read.
     */
    boolean quiet;
    /** Closed for good (rotated and drained, or gone); removed from the loop after the current pass. */
    boolean finished;

    /** Wall-clock time this file was first opened: a sibling modified later is a generation rotated after it. */
    final long trackedSinceWallMillis = System.currentTimeMillis();
    /**
     * Wall-clock time the current generation began (first open, or the truncation that ended the previous one):
     * after a later truncation, a rotated copy modified since then holds a generation the reader never saw.
     */
    long generationBeganWallMillis;
    /** Modification time at the last scan: a change while the size stayed at what was read means a rewrite. */
    long scannedModifiedNanos;

    volatile long publishedSize;
    volatile long publishedRead;

    TailedFile(String input, Path sourcePath, Path path) {
        this.input = input;
        this.sourcePath = sourcePath;
        this.path = path;
    }

    boolean isOpen() {
        return channel != null;
    }

    boolean hasPartialLine() {
        return scannedEnd > lineStart;
    }

    /** All bytes read so far were handed over and every resulting record is done. */
    boolean fullyAcknowledged() {
        return ledger.watermark() >= lineStart;
    }

    CheckpointWriter.Slot newSlot() {
        slot = new CheckpointWriter.Slot(key, fingerprint.length(), fingerprint.crc(), generation, path.toString(), input, ledger);
        return slot;
    }

    void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only handle: nothing to lose
            }
            channel = null;
        }
    }

    void publish(long size) {
        publishedSize = size;
        publishedRead = lineStart;
    }

    FileStatus status() {
        return new FileStatus(input, path, key, generation, publishedSize, publishedRead, ledger.lastWatermark(),
                channel != null, rotated);
    }

    @Override
    public String toString() {
        return path + " (" + key + ", generation " + generation + ")";
    }
}
