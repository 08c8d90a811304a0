package dev.logshipper.cloudwatch;

/** UTF-8 helpers for cutting messages without splitting a character. */
final class EventSizes {

    private EventSizes() {
    }

    /**
     * The largest cut {@code <= from + maxBytes} (and {@code <= end}) that does not fall inside a UTF-8 sequence, so each
     * part stays valid UTF-8. Always advances by at least one byte, even on malformed input.
     */
    static int cutPoint(byte[] bytes, int from, int end, int maxBytes) {
        int limit = from + maxBytes;
        if (limit >= end) {
            return end;
        }
        int cut = limit;
        // Step back over continuation bytes (10xxxxxx): at most 3 for a valid sequence.
        int steps = 0;
        while (cut > from && (bytes[cut] & 0xC0) == 0x80 && steps < 3) {
            cut--;
            steps++;
        }
        return cut > from ? cut : limit;
    }

    /** The batch bytes an event of {@code messageBytes} counts for. */
    static int accounted(int messageBytes) {
        return messageBytes + CloudWatchLimits.EVENT_OVERHEAD_BYTES;
    }
}
