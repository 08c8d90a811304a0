package dev.logshipper.tail;

import dev.logshipper.checkpoint.AckLedger;
import dev.logshipper.checkpoint.FileKey;
import dev.logshipper.record.LineHandler;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reader of one generation of a file's content (from its creation or a truncation to the next truncation), through
 * the file that holds it ({@link #holder}): normally the live file; after a rename, the same file under its rotated name;
 * after a truncation, a copy that logrotate made of it. Confined to the reader thread except the few volatile fields
 * published for {@link Tailer#files()}.
 *
 * <p>No line bytes are kept here: a partial last line is simply re-read from {@link #lineStart} on the next pass (the
 * file is the buffer), so 1,000 files cost no per-file buffers.
 */
final class TailedFile {

    /**
     * Where the reader is in its life. LIVE, QUIET, RELEASED and FAILED are for a file at a path the globs match;
     * ROTATED and DRAINED for one that is not (any more), read to its end and then finished.
     */
    enum State {
        /** Open, read as it grows. */
        LIVE,
        /** Open and read to its end with nothing pending: passes skip it until a write is reported or a scan sees a change. */
        QUIET,
        /** Its descriptor released (idle, or the descriptor budget): reopened by identity when it changes. */
        RELEASED,
        /** Closed after a read or open error: reopened at the next scan. */
        FAILED,
        /** Renamed away, deleted, a copy continuing a truncated generation, or a generation rotated before a scan saw it. */
        ROTATED,
        /** Rotated, read to its end, quiet and flushed: closed once its last records are acknowledged. */
        DRAINED,
        /** Done: removed from the reader's list after the current pass. */
        FINISHED
    }

    final String input;
    /** The live path the record stage knows this generation by (the original name also after a rotation). */
    final Path sourcePath;
    KnownFile holder;
    State state;
    Fingerprint fingerprint;
    long generation;
    AckLedger ledger;
    LineHandler handler;

    /** First byte not yet handed to the handler; the next read starts here. */
    long lineStart;
    /** Bytes in {@code [lineStart, scannedEnd)} were read and hold no newline (a partial line). */
    long scannedEnd;
    /** The last emitted piece had no terminator, so an empty line right after it is its late newline: skipped. */
    boolean afterUnterminated;
    long lastGrowthMillis;
    /** Until then the reader polls this file without pause: a copy of it appeared, so a truncation is coming. */
    long hotUntilMillis;
    /** A read error was logged (once per episode). */
    boolean errorLogged;
    /** Copies of this generation that logrotate made (copytruncate), in case the generation ends before it was read. */
    final List<KnownFile> standbys = new ArrayList<>(0);

    volatile long publishedSize;
    volatile long publishedRead;

    TailedFile(String input, Path sourcePath, KnownFile holder, State state) {
        this.input = input;
        this.sourcePath = sourcePath;
        this.holder = holder;
        this.state = state;
    }

    FileChannel channel() {
        return holder.channel;
    }

    Path path() {
        return holder.path;
    }

    FileKey key() {
        return holder.key;
    }

    boolean isOpen() {
        return holder.channel != null;
    }

    /** At a path the globs match (LIVE, QUIET, RELEASED, FAILED), as opposed to rotated or finished. */
    boolean live() {
        return state == State.LIVE || state == State.QUIET || state == State.RELEASED || state == State.FAILED;
    }

    boolean rotated() {
        return state == State.ROTATED || state == State.DRAINED;
    }

    boolean hasPartialLine() {
        return scannedEnd > lineStart;
    }

    /** All bytes read so far were handed over and every resulting record is done. */
    boolean fullyAcknowledged() {
        return ledger.watermark() >= lineStart;
    }

    void publish(long size) {
        publishedSize = size;
        publishedRead = lineStart;
    }

    FileStatus status() {
        return new FileStatus(input, holder.path, holder.key, generation, publishedSize, publishedRead, ledger.lastWatermark(),
                isOpen(), rotated());
    }

    @Override
    public String toString() {
        return holder.path + " (" + holder.key + ", generation " + generation + ")";
    }
}
