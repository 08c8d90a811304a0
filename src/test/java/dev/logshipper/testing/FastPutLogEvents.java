package dev.logshipper.testing;

import dev.logshipper.bytes.ByteScan;

import java.io.IOException;

/**
 * The fake's {@code --fast} PutLogEvents: one pass over the request body's bytes that counts the events and their
 * accounted bytes without building a tree, a {@code String} or an event object, so the endpoint stays cheap next to
 * a shipper sending more than 100 MiB/s on the same 2 cores.
 *
 * <p>It still enforces the limits a shipper's batching can get wrong: at least 1 and at most
 * {@value FakeLogStore#MAX_EVENTS_PER_BATCH} events, at most {@value FakeLogStore#MAX_BATCH_BYTES} bytes counted as
 * CloudWatch does (UTF-8 message bytes after unescaping + {@value FakeLogStore#EVENT_OVERHEAD_BYTES} per event), no
 * empty message, no event over {@value FakeLogStore#MAX_EVENT_BYTES} bytes, timestamps in chronological order and a
 * span of at most 24 hours, and both names present. It does NOT check signatures, name patterns, group or stream
 * existence (every stream is taken as pre-created) or the too-old/too-new window: the strict default mode does.
 *
 * <p>A message that starts with a {@linkplain LatencyHistogram#STAMP_MARKER write stamp} is recorded in the latency
 * histogram at the time its batch is accepted.
 */
final class FastPutLogEvents {

    /** What one accepted request held. */
    record Counted(int events, long accountedBytes) {
    }

    private final byte[] b;
    private final int end;
    private int pos;

    private FastPutLogEvents(byte[] body, int length) {
        this.b = body;
        this.end = length;
    }

    /**
     * Validates and counts one request body.
     *
     * @param latency where write stamps are recorded, or null
     * @param nowMicros the acceptance time the stamps are compared with
     * @throws AwsServiceError for a limit a real endpoint would refuse
     * @throws IOException for a body that is not the expected JSON
     */
    static Counted count(byte[] body, int length, LatencyHistogram latency, long nowMicros) throws IOException {
        return new FastPutLogEvents(body, length).parse(latency, nowMicros);
    }

    private Counted parse(LatencyHistogram latency, long nowMicros) throws IOException {
        boolean group = false;
        boolean stream = false;
        int events = -1;
        long bytes = 0;
        expect('{');
        if (peek() != '}') {
            do {
                int keyStart = pos;
                skipString();
                int keyEnd = pos;
                expect(':');
                if (keyIs(keyStart, keyEnd, "logGroupName")) {
                    group = stringLength() > 0;
                } else if (keyIs(keyStart, keyEnd, "logStreamName")) {
                    stream = stringLength() > 0;
                } else if (keyIs(keyStart, keyEnd, "logEvents")) {
                    long[] counted = events(latency, nowMicros);
                    events = (int) counted[0];
                    bytes = counted[1];
                } else {
                    skipValue();
                }
            } while (comma());
        }
        expect('}');
        if (!group) {
            throw AwsServiceError.validation(null, "logGroupName", "Member must not be null");
        }
        if (!stream) {
            throw AwsServiceError.validation(null, "logStreamName", "Member must not be null");
        }
        if (events <= 0) {
            throw AwsServiceError.validation(null, "logEvents", "Member must have length greater than or equal to 1");
        }
        return new Counted(events, bytes);
    }

    /** Returns {count, accounted bytes}. */
    private long[] events(LatencyHistogram latency, long nowMicros) throws IOException {
        expect('[');
        int count = 0;
        long total = 0;
        long previous = Long.MIN_VALUE;
        long first = 0;
        if (peek() != ']') {
            do {
                expect('{');
                long timestamp = -1;
                long messageBytes = -1;
                do {
                    int keyStart = pos;
                    skipString();
                    int keyEnd = pos;
                    expect(':');
                    if (keyIs(keyStart, keyEnd, "timestamp")) {
                        timestamp = number();
                    } else if (keyIs(keyStart, keyEnd, "message")) {
                        skipWhitespace();
                        if (latency != null) {
                            latency.recordIfStamped(b, pos + 1, end, nowMicros);
                        }
                        messageBytes = stringLength();
                    } else {
                        skipValue();
                    }
                } while (comma());
                expect('}');
                count++;
                if (timestamp < 0) {
                    throw AwsServiceError.validation(null, "logEvents." + count + ".member.timestamp",
                            "Member must not be null");
                }
                if (messageBytes <= 0) {
                    throw AwsServiceError.validation(messageBytes < 0 ? null : "", "logEvents." + count + ".member.message",
                            messageBytes < 0 ? "Member must not be null" : "Member must have length greater than or equal to 1");
                }
                long eventBytes = messageBytes + FakeLogStore.EVENT_OVERHEAD_BYTES;
                if (eventBytes > FakeLogStore.MAX_EVENT_BYTES) {
                    throw AwsServiceError.invalidParameter(
                            "Log event too large: " + eventBytes + " bytes exceeds limit of " + FakeLogStore.MAX_EVENT_BYTES);
                }
                if (timestamp < previous) {
                    throw AwsServiceError.invalidParameter(FakeLogStore.NOT_CHRONOLOGICAL);
                }
                if (count == 1) {
                    first = timestamp;
                }
                previous = timestamp;
                total += eventBytes;
            } while (comma());
        }
        expect(']');
        if (count > FakeLogStore.MAX_EVENTS_PER_BATCH) {
            throw AwsServiceError.invalidParameter("1 validation error detected: Value with " + count
                    + " elements at 'logEvents' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + FakeLogStore.MAX_EVENTS_PER_BATCH);
        }
        if (total > FakeLogStore.MAX_BATCH_BYTES) {
            throw AwsServiceError.invalidParameter(
                    "Upload too large: " + total + " bytes exceeds limit of " + FakeLogStore.MAX_BATCH_BYTES);
        }
        if (count > 0 && previous - first > FakeLogStore.MAX_SPAN.toMillis()) {
            throw AwsServiceError.invalidParameter(FakeLogStore.SPAN_TOO_LONG);
        }
        return new long[] {count, total};
    }

    // ---------------------------------------------------------------- tokens

    /** Skips a string and returns its UTF-8 length after unescaping (the bytes CloudWatch counts). */
    private long stringLength() throws IOException {
        expect('"');
        long length = 0;
        while (true) {
            // A run without quote, backslash or control byte is counted in one step, eight bytes at a time: UTF-8
            // bytes are copied as they are, one byte each (a raw control byte is counted as one too).
            int stop = ByteScan.nextJsonEscape(b, pos, end);
            length += stop - pos;
            pos = stop;
            if (pos >= end) {
                throw new IOException("unterminated string");
            }
            byte c = b[pos++];
            if (c == '"') {
                return length;
            }
            if (c != '\\') {
                length++;
                continue;
            }
            if (pos >= end) {
                throw new IOException("unterminated escape");
            }
            byte e = b[pos++];
            if (e != 'u') {
                length++;
                continue;
            }
            int cp = hex4();
            if (Character.isHighSurrogate((char) cp) && pos + 6 <= end && b[pos] == '\\' && b[pos + 1] == 'u') {
                pos += 2;
                hex4(); // the low half: together one 4-byte character
                length += 4;
            } else {
                length += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
            }
        }
    }

    private int hex4() throws IOException {
        if (pos + 4 > end) {
            throw new IOException("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(b[pos++], 16);
            if (d < 0) {
                throw new IOException("bad \\u escape");
            }
            v = v << 4 | d;
        }
        return v;
    }

    private void skipString() throws IOException {
        stringLength();
    }

    private long number() throws IOException {
        skipWhitespace();
        boolean negative = pos < end && b[pos] == '-';
        if (negative) {
            pos++;
        }
        int start = pos;
        long v = 0;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            v = v * 10 + (b[pos++] - '0');
        }
        if (pos == start) {
            throw new IOException("expected a number at " + start);
        }
        return negative ? -v : v;
    }

    private void skipValue() throws IOException {
        skipWhitespace();
        byte c = b[pos];
        switch (c) {
            case '"' -> skipString();
            case '{', '[' -> {
                int depth = 0;
                do {
                    byte d = b[pos];
                    if (d == '"') {
                        skipString();
                        continue;
                    }
                    if (d == '{' || d == '[') {
                        depth++;
                    } else if (d == '}' || d == ']') {
                        depth--;
                    }
                    pos++;
                } while (depth > 0 && pos < end);
            }
            default -> {
                while (pos < end && b[pos] != ',' && b[pos] != '}' && b[pos] != ']') {
                    pos++;
                }
            }
        }
    }

    private boolean keyIs(int start, int endExclusive, String key) {
        // start is at the opening quote, endExclusive just past the closing one
        int n = endExclusive - start - 2;
        if (n != key.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[start + 1 + i] != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean comma() {
        skipWhitespace();
        if (pos < end && b[pos] == ',') {
            pos++;
            skipWhitespace();
            return true;
        }
        return false;
    }

    private byte peek() throws IOException {
        skipWhitespace();
        if (pos >= end) {
            throw new IOException("unexpected end of body");
        }
        return b[pos];
    }

    private void expect(char c) throws IOException {
        if (peek() != c) {
            throw new IOException("expected '" + c + "' at " + pos + " but found '" + (char) b[pos] + "'");
        }
        pos++;
        skipWhitespace();
    }

    private void skipWhitespace() {
        while (pos < end && (b[pos] == ' ' || b[pos] == '\n' || b[pos] == '\r' || b[pos] == '\t')) {
            pos++;
        }
    }
}
