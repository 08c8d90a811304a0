package dev.logshipper.parse;

import dev.logshipper.multiline.LineView;
import dev.logshipper.record.ParsedRecord;

/**
 * Format {@code cri}: the kubelet/containerd log line {@code <RFC3339Nano> <stdout|stderr> <P|F>[:tags] <message>}.
 * Works on the bytes in place. A {@code P} (partial) line is a piece of a longer line that the runtime split
 * (at 16 KiB by default); the record stage joins the pieces of a stream until its {@code F} piece.
 * A line with a bad timestamp, stream or tag is not CRI and is shipped raw.
 */
final class CriDecoder implements LineDecoder {

    private final LineView timestamp = new LineView();

    @Override
    public boolean decode(byte[] line, int offset, int length, DecodedLine out) {
        int end = offset + length;
        int sp1 = indexOf(line, offset, end, (byte) ' ');
        if (sp1 < 0) {
            return false;
        }
        long ts = Rfc3339.parseMillis(timestamp.reset(line, offset, sp1 - offset));
        if (ts == ParsedRecord.NO_TIMESTAMP) {
            return false;
        }
        int sp2 = indexOf(line, sp1 + 1, end, (byte) ' ');
        if (sp2 < 0) {
            return false;
        }
        String stream = streamAt(line, sp1 + 1, sp2);
        if (stream == null) {
            return false;
        }
        int tagStart = sp2 + 1;
        int tagEnd = indexOf(line, tagStart, end, (byte) ' ');
        if (tagEnd < 0) {
            tagEnd = end; // "... stdout F" with nothing after: an empty line
        }
        // The tag is "P" or "F", optionally followed by ":"-separated tags.
        if (tagEnd == tagStart || (tagEnd > tagStart + 1 && line[tagStart + 1] != ':')) {
            return false;
        }
        byte tag = line[tagStart];
        if (tag != 'P' && tag != 'F') {
            return false;
        }
        int messageStart = Math.min(tagEnd + 1, end);
        out.set(line, messageStart, end - messageStart);
        out.stream = stream;
        out.partial = tag == 'P';
        out.timestampMillis = ts;
        return true;
    }

    private static String streamAt(byte[] b, int from, int to) {
        int n = to - from;
        if (n != 6 || b[from] != 's' || b[from + 1] != 't' || b[from + 2] != 'd') {
            return null;
        }
        if (b[from + 3] == 'o' && b[from + 4] == 'u' && b[from + 5] == 't') {
            return DecodedLine.STDOUT;
        }
        if (b[from + 3] == 'e' && b[from + 4] == 'r' && b[from + 5] == 'r') {
            return DecodedLine.STDERR;
        }
        return null;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
