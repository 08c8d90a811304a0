package dev.logshipper.e2e;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.zip.GZIPInputStream;

/**
 * The test lines: {@code L<9 digits> xxx...x END}, all of one fixed length, so a line can be told from a fragment
 * (copytruncate can copy a line half-written) by its shape alone, and its number says where it belongs.
 */
final class NumberedLines {
    private static final byte[] END = " END".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGITS = 9;

    private final byte[] template;

    /** @param lineBytes the length of a line including its newline (at least 16) */
    NumberedLines(int lineBytes) {
        if (lineBytes < 16) {
            throw new IllegalArgumentException("lineBytes " + lineBytes + " < 16");
        }
        template = new byte[lineBytes];
        Arrays.fill(template, (byte) 'x');
        template[0] = 'L';
        template[1 + DIGITS] = ' ';
        System.arraycopy(END, 0, template, lineBytes - 1 - END.length, END.length);
        template[lineBytes - 1] = '\n';
    }

    int lineBytes() {
        return template.length;
    }

    /** Writes line {@code number} (with its newline) into {@code into} at {@code offset}. */
    void write(int number, byte[] into, int offset) {
        System.arraycopy(template, 0, into, offset, template.length);
        int n = number;
        for (int i = DIGITS; i >= 1; i--) {
            into[offset + i] = (byte) ('0' + n % 10);
            n /= 10;
        }
    }

    /** The number of a well-formed line ({@code [from, to)} without its newline), or -1 for anything else. */
    int parse(byte[] bytes, int from, int to) {
        if (to - from != template.length - 1 || bytes[from] != 'L' || bytes[from + 1 + DIGITS] != ' ') {
            return -1;
        }
        for (int i = 0; i < END.length; i++) {
            if (bytes[to - END.length + i] != END[i]) {
                return -1;
            }
        }
        int n = 0;
        for (int i = from + 1; i <= from + DIGITS; i++) {
            int d = bytes[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }

    /** The number of a shipped message, or -1 if it is not a whole line of ours (a fragment). */
    int parse(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        return parse(bytes, 0, bytes.length);
    }

    /**
     * Adds the number of every complete, well-formed line of {@code file} (plain, or gzip when the name ends in
     * {@code .gz}) to {@code into}; a trailing line without newline does not count. Returns the first line's number
     * (-1 if the file holds no whole line).
     */
    int scan(Path file, BitSet into) throws IOException {
        int first = -1;
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.getFileName().toString().endsWith(".gz")
                        ? new GZIPInputStream(new BufferedInputStream(raw), 1 << 16) : raw) {
            byte[] buffer = new byte[1 << 20];
            int length = 0;
            int n;
            while ((n = in.read(buffer, length, buffer.length - length)) > 0) {
                length += n;
                int start = 0;
                for (int i = 0; i < length; i++) {
                    if (buffer[i] == '\n') {
                        int number = parse(buffer, start, i);
                        if (number >= 0) {
                            into.set(number);
                            if (first < 0) {
                                first = number;
                            }
                        }
                        start = i + 1;
                    }
                }
                System.arraycopy(buffer, start, buffer, 0, length - start);
                length -= start;
                if (length == buffer.length) {
                    length = 0; // a "line" longer than the buffer is not one of ours
                }
            }
        }
        return first;
    }
}
