package dev.logshipper.tail;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Cuts a file's bytes into lines with ONE buffer shared by all files (the reader thread is single): a read
 * always starts at the file's {@link TailedFile#lineStart}, so a partial line is re-read next time rather than
 * copied into a per-file buffer. Memory is one buffer whatever the number of files or the backlog.
 *
 * <ul>
 *   <li>Runs of NUL bytes at a line start (left by copytruncate when the writer does not append) are skipped
 *       through the tracker and counted; they are consumed, so a file of zeros cannot make the loop spin.</li>
 *   <li>A line longer than {@code maxLineBytes} is cut into pieces of at most that size, each ending on a UTF-8
 *       character boundary when one is within the last 3 bytes; lines up to the limit are never cut.</li>
 *   <li>Nothing here decodes: binary is just bytes (U+FFFD replacement is the record stage's job).</li>
 * </ul>
 */
final class LineReader {
    private final byte[] buffer;
    private final ByteBuffer byteBuffer;
    private final int maxLineBytes;
    private final TailListener listener;

    LineReader(int readBufferBytes, int maxLineBytes, TailListener listener) {
        // One byte more than the longest line, so a maximal partial line plus one new byte always fits.
        this.buffer = new byte[Math.max(readBufferBytes, maxLineBytes + 1)];
        this.byteBuffer = ByteBuffer.wrap(buffer);
        this.maxLineBytes = maxLineBytes;
        this.listener = listener;
    }

    /** Reads up to a buffer of bytes of {@code file} from its line start; returns how many (0 at EOF). */
    int fill(TailedFile file, long limit) throws IOException {
        byteBuffer.clear();
        if (limit - file.lineStart < byteBuffer.capacity()) {
            byteBuffer.limit((int) Math.max(0, limit - file.lineStart));
        }
        int total = 0;
        while (byteBuffer.hasRemaining()) {
            int n = file.channel().read(byteBuffer, file.lineStart + total);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** The fingerprint of the {@code count} bytes just {@linkplain #fill filled}, valid when they were read from offset 0. */
    Fingerprint fingerprintOfFill(int count) {
        return Fingerprint.ofPrefix(buffer, count);
    }

    /**
     * Hands the complete lines among the {@code count} bytes just {@linkplain #fill filled} to the file's handler.
     * With {@code final} the trailing bytes without newline are handed over too (idle timeout, end of a rotated
     * file, shutdown). Advances {@link TailedFile#lineStart} and {@link TailedFile#scannedEnd}.
     */
    void frame(TailedFile file, int count, boolean emitPartial) {
        long base = file.lineStart;
        int pos = 0;
        long lines = 0;
        long nulBytes = 0;
        int cuts = 0;
        while (pos < count) {
            if (buffer[pos] == 0) {
                int end = pos;
                while (end < count && buffer[end] == 0) {
                    end++;
                }
                file.ledger.skip(base + pos, base + end);
                nulBytes += end - pos;
                pos = end;
                file.afterUnterminated = false;
                continue;
            }
            int newline = indexOfNewline(pos, count);
            if (newline < 0) {
                break;
            }
            int length = newline - pos;
            if (length == 0 && file.afterUnterminated) {
                file.ledger.skip(base + pos, base + newline + 1); // the late newline of a line already emitted
            } else {
                while (length > maxLineBytes) {
                    int piece = pieceLength(pos);
                    file.handler.onLine(buffer, pos, piece, base + pos, base + pos + piece);
                    pos += piece;
                    length -= piece;
                    lines++;
                    cuts++;
                }
                file.handler.onLine(buffer, pos, length, base + pos, base + newline + 1);
                lines++;
            }
            file.afterUnterminated = false;
            pos = newline + 1;
        }
        while (count - pos > maxLineBytes) {
            int piece = pieceLength(pos);
            file.handler.onLine(buffer, pos, piece, base + pos, base + pos + piece);
            pos += piece;
            lines++;
            cuts++;
            file.afterUnterminated = true;
        }
        boolean partialEmitted = false;
        if (emitPartial && pos < count) {
            file.handler.onLine(buffer, pos, count - pos, base + pos, base + count);
            pos = count;
            lines++;
            file.afterUnterminated = true;
            partialEmitted = true;
        }
        file.lineStart = base + pos;
        file.scannedEnd = Math.max(file.scannedEnd, base + count);
        if (lines > 0) {
            listener.linesRead(file.input, lines, pos - nulBytes);
        }
        if (nulBytes > 0) {
            listener.nulBytesSkipped(file.input, nulBytes);
        }
        if (cuts > 0) {
            listener.longLineSplit(file.input, cuts);
        }
        if (partialEmitted) {
            listener.partialLineEmitted(file.input);
        }
    }

    private int indexOfNewline(int from, int to) {
        byte[] b = buffer;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** {@code maxLineBytes}, or less so the cut does not split a UTF-8 sequence (when the bytes look like UTF-8). */
    private int pieceLength(int start) {
        int cut = maxLineBytes;
        for (int back = 0; back < 4 && cut - back > 0; back++) {
            if ((buffer[start + cut - back] & 0xC0) != 0x80) {
                return cut - back;
            }
        }
        return cut;
    }
}
