package dev.logshipper.parse;

import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.MultilineConfig;
import dev.logshipper.logging.RateLimitedLogger;
import dev.logshipper.multiline.FlushReason;
import dev.logshipper.multiline.JoinedRecord;
import dev.logshipper.multiline.LineClassifier;
import dev.logshipper.multiline.LineClassifiers;
import dev.logshipper.multiline.LineView;
import dev.logshipper.multiline.MultilineJoiner;
import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.LineHandler;
import dev.logshipper.record.OffsetTracker;
import dev.logshipper.record.ParsedRecord;
import dev.logshipper.record.RecordSink;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The record stage of one tailed file: bytes of a line → UTF-8 repair → format decoding → partial-line
 * joining (CRI {@code P}/{@code F}, Docker pieces) → multiline joining → {@link ParsedRecord} to the
 * {@link RecordSink}, with every line's byte range accounted for through the {@link OffsetTracker}.
 *
 * <p>Each stream ({@code stdout}, {@code stderr}, and "none" for formats without streams and for lines
 * that did not parse) has its own partial-line buffer, classifier and joiner, so streams never mix.
 *
 * <p>Line handling decisions:
 * <ul>
 *   <li>A trailing {@code \r} is removed (CRLF files); other control bytes stay.</li>
 *   <li>Leading NUL bytes are removed and counted: a writer without O_APPEND keeps writing at its old
 *       offset after a copytruncate, and the gap reads back as NULs in front of the next line. NULs
 *       elsewhere are kept as data (valid UTF-8; JSON escaping downstream handles them).</li>
 *   <li>Invalid UTF-8 is replaced by U+FFFD (validated in place, copied only when invalid) and counted.</li>
 *   <li>A line that does not decode in the input's format is shipped raw and counted.</li>
 *   <li>Blank lines (no content after the above) become part of a record only where the multiline rule
 *       continues through them (a Go goroutine dump); otherwise their range is skipped.</li>
 *   <li>Partial pieces are joined until the final piece, up to {@code multiline.maxBytes}; beyond it
 *       the joined part is cut off as a line of its own and joining starts over (counted).</li>
 * </ul>
 *
 * <p>Time comes only from {@link #onTick}: a stream whose last line (or partial piece) is older than
 * {@code multiline.flushTimeout} at a tick has its pending partial line and open record emitted (never
 * dropped). Lines that arrive before the first tick are aged from that first tick.
 *
 * <p>Not thread-safe: the tailer calls it from one thread. If that thread is interrupted while the sink
 * blocks, the record is abandoned without acknowledgement (so the checkpoint never passes it and it is
 * re-read after a restart), the interrupt flag is restored and the stage carries on.
 */
public final class RecordAssembler implements LineHandler {

    private static final System.Logger LOG = System.getLogger(RecordAssembler.class.getName());
    /**
     * Bad-input warnings, at most one per input and kind every 30 s with the count of those suppressed: a flood of bad
     * lines costs a map lookup per line, never a log line per line (every one is counted in metrics).
     */
    private static final RateLimitedLogger BAD_INPUT = new RateLimitedLogger(LOG, Duration.ofSeconds(30));
    private static final long NO_TIME = Long.MIN_VALUE;
    private static final int RETAINED_SCRATCH_BYTES = 64 * 1024;

    private final String source;
    private final String inputName;
    private final Format format;
    private final LineDecoder decoder;
    private final RangeLedger ledger;
    private final RecordSink sink;
    private final RecordStageListener listener;
    private final long flushTimeoutMillis;
    private final int maxBytes;
    private final Slot stdout;
    private final Slot stderr;
    private final Slot other;

    private final DecodedLine line = new DecodedLine();
    private final GrowableBytes repaired = new GrowableBytes(1024);
    private final LineView view = new LineView();
    private long now = NO_TIME;

    /** What the line being offered to a joiner brings along (set around each offer). */
    private AckSet offeredPartial;
    private long offeredStart;
    private long offeredEnd;

    /**
     * @param source names the file in log messages
     * @throws IllegalArgumentException when the input's format or multiline settings are invalid
     */
    public RecordAssembler(String source, InputConfig input, OffsetTracker tracker, RecordSink sink,
                           RecordStageListener listener) {
        this.source = source;
        this.inputName = input.name();
        this.format = input.format() == null ? Format.RAW : input.format();
        this.decoder = LineDecoders.create(input);
        this.ledger = new RangeLedger(tracker);
        this.sink = sink;
        this.listener = listener == null ? RecordStageListener.NONE : listener;
        MultilineConfig ml = input.multiline();
        this.flushTimeoutMillis = ml == null || ml.flushTimeout() == null
                ? MultilineConfig.DEFAULT_FLUSH_TIMEOUT.toMillis() : ml.flushTimeout().toMillis();
        int maxLines = ml == null ? MultilineConfig.DEFAULT_MAX_LINES : ml.maxLines();
        this.maxBytes = ml == null ? MultilineConfig.DEFAULT_MAX_BYTES : ml.maxBytes();
        Supplier<LineClassifier> classifiers = LineClassifiers.forConfig(input.name(), ml);
        this.stdout = new Slot(DecodedLine.STDOUT, classifiers.get(), maxLines);
        this.stderr = new Slot(DecodedLine.STDERR, classifiers.get(), maxLines);
        this.other = new Slot(null, classifiers.get(), maxLines);
    }

    @Override
    public void onRead(long nowMillis) {
        sink.onRead(nowMillis);
    }

    @Override
    public void onLine(byte[] buffer, int offset, int length, long startOffset, long endOffset) {
        listener.lineIn(format);
        int off = offset;
        int len = length;
        if (len > 0 && buffer[off + len - 1] == '\r') {
            len--;
        }
        int nuls = 0;
        while (nuls < len && buffer[off + nuls] == 0) {
            nuls++;
        }
        if (nuls > 0) {
            off += nuls;
            len -= nuls;
            listener.leadingNulsStripped(nuls);
        }
        byte[] bytes = buffer;
        if (Utf8.firstInvalid(bytes, off, len) >= 0) {
            int replaced = Utf8.repair(bytes, off, len, repaired);
            listener.invalidUtf8Replaced(replaced);
            BAD_INPUT.log(System.Logger.Level.WARNING, "utf8:" + inputName, () -> source + ": invalid UTF-8 in the line"
                    + " at offset " + startOffset + ", replaced by U+FFFD (counted in logshipper_invalid_utf8_sequences_total)");
            bytes = repaired.array();
            off = 0;
            len = repaired.length();
        }
        if (!decoder.decode(bytes, off, len, line)) {
            parseFailed(startOffset);
            line.set(bytes, off, len);
        } else if (line.timestampInvalid) {
            listener.timestampUnparsable(format);
        }
        Slot slot = slotFor(line.stream);
        slot.lastActivity = now;
        if (line.partial || slot.partialActive) {
            slot.addPiece(line, startOffset, endOffset);
        } else {
            offer(slot, line.message, line.offset, line.length, line.timestampMillis, line.fields, null,
                    startOffset, endOffset);
        }
        if (bytes == repaired.array() && repaired.capacity() > RETAINED_SCRATCH_BYTES) {
            repaired.reset(); // the line has been copied by now; do not pin one huge line's buffer
            repaired.shrinkTo(1024);
        }
    }

    private void parseFailed(long startOffset) {
        listener.parseFailure(format);
        BAD_INPUT.log(System.Logger.Level.WARNING, "parse:" + inputName, () -> source + ": the line at offset "
                + startOffset + " is not valid " + format.name().toLowerCase(java.util.Locale.ROOT)
                + "; shipped raw (counted in logshipper_parse_failures_total)");
    }

    private Slot slotFor(String stream) {
        if (stream == DecodedLine.STDOUT) {
            return stdout;
        }
        return stream == DecodedLine.STDERR ? stderr : other;
    }

    /** Gives one logical line to the stream's joiner; {@code partial} is non-null when it was joined from pieces. */
    private void offer(Slot slot, byte[] message, int offset, int length, long timestamp, Map<String, Object> fields,
                       AckSet partial, long start, long end) {
        offeredPartial = partial;
        offeredStart = start;
        offeredEnd = end;
        try {
            slot.joiner.offer(view.reset(message, offset, length), message, offset, length,
                    length == 0 && fields.isEmpty(), timestamp, fields, start, end);
        } finally {
            offeredPartial = null;
        }
    }

    @Override
    public void onTick(long nowMillis) {
        now = nowMillis;
        tick(stdout);
        tick(stderr);
        tick(other);
    }

    private void tick(Slot slot) {
        if (!slot.partialActive && !slot.joiner.hasOpenRecord()) {
            return;
        }
        if (slot.lastActivity == NO_TIME) {
            slot.lastActivity = now;
        } else if (now - slot.lastActivity >= flushTimeoutMillis) {
            slot.flush(FlushReason.TIMEOUT);
        }
    }

    @Override
    public void flush() {
        stdout.flush(FlushReason.FLUSH);
        stderr.flush(FlushReason.FLUSH);
        other.flush(FlushReason.FLUSH);
    }

    /** Per-stream state: the partial line being joined and the multiline joiner. */
    private final class Slot implements MultilineJoiner.Output {
        private final String stream;
        private final MultilineJoiner joiner;
        private final GrowableBytes partial = new GrowableBytes(256);
        private boolean partialActive;
        private AckSet partialAcks;
        private long partialStart;
        private long partialEnd;
        private long partialTimestamp;
        private int partialPieces;
        private long lastActivity = NO_TIME;
        /** The set of the last completed record, emptied: the next record's, so a record does not cost an object. */
        private AckSet spareAcks;

        Slot(String stream, LineClassifier classifier, int maxLines) {
            this.stream = stream;
            this.joiner = new MultilineJoiner(classifier, maxLines, maxBytes, this);
        }

        void addPiece(DecodedLine piece, long start, long end) {
            if (!partialActive) {
                partialActive = true;
                partialAcks = new AckSet();
                partial.reset();
                partialStart = start;
                partialTimestamp = piece.timestampMillis;
                partialPieces = 0;
            }
            ledger.assign(partialAcks, start, end);
            partial.append(piece.message, piece.offset, piece.length);
            partialEnd = end;
            partialPieces++;
            if (!piece.partial) {
                finishPartial();
            } else if (partial.length() >= maxBytes) {
                listener.partialLineSplit(format);
                finishPartial();
            }
        }

        void finishPartial() {
            if (!partialActive) {
                return;
            }
            partialActive = false;
            if (partialPieces > 1) {
                listener.partialLinesJoined(format, partialPieces);
            }
            offer(this, partial.array(), 0, partial.length(), partialTimestamp, Map.of(), partialAcks,
                    partialStart, partialEnd);
            partialAcks = null;
            partial.reset();
            partial.shrinkTo(RETAINED_SCRATCH_BYTES);
        }

        void flush(FlushReason reason) {
            finishPartial();
            joiner.flush(reason);
        }

        @Override
        public void lineAdded(JoinedRecord record) {
            AckSet acks = (AckSet) record.attachment();
            if (acks == null) {
                acks = spareAcks != null ? spareAcks : new AckSet();
                spareAcks = null;
                record.attach(acks);
            }
            if (offeredPartial != null) {
                ledger.moveInto(offeredPartial, acks);
            } else {
                ledger.assign(acks, offeredStart, offeredEnd);
            }
        }

        @Override
        public void lineDropped() {
            if (offeredPartial != null) {
                ledger.discard(offeredPartial);
            } else {
                ledger.skip(offeredStart, offeredEnd);
            }
            listener.blankLineSkipped(format);
        }

        @Override
        public void recordComplete(JoinedRecord record, FlushReason reason) {
            AckSet acks = (AckSet) record.attachment();
            Acknowledgement ack = ledger.finish(acks);
            record.attach(null);
            // Nothing refers to the set once finished (the range ledger let go of it): the next record reuses it.
            acks.clear();
            spareAcks = acks;
            // The joiner's buffer itself, not a copy: the sink is done with it when accept returns.
            ParsedRecord parsed = new ParsedRecord(record.buffer(), record.messageLength(), record.timestampMillis(), stream,
                    record.fields(), record.startOffset(), record.endOffset());
            listener.recordOut(format, record.lines());
            if (record.lines() > 1) {
                listener.multilineJoined(record.lines());
            }
            if (reason != FlushReason.BOUNDARY) {
                listener.recordFlushed(reason);
            }
            try {
                sink.accept(parsed, ack);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                listener.recordAbandoned();
                LOG.log(System.Logger.Level.DEBUG, "{0}: interrupted; record [{1}, {2}) left unacknowledged",
                        source, record.startOffset(), record.endOffset());
            }
        }
    }
}
