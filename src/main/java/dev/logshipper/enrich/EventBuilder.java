package dev.logshipper.enrich;

import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.MessageShape;
import dev.logshipper.names.NameTemplate;
import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.Destination;
import dev.logshipper.record.LogEventSink;
import dev.logshipper.record.ParsedRecord;
import dev.logshipper.record.RecordSink;
import dev.logshipper.record.RejectReason;
import dev.logshipper.record.SourceFile;

import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * The enrich stage of one tailed file: turns each {@link ParsedRecord} into an event (final message bytes,
 * timestamp, destination, the record's ack) and submits it to the {@link LogEventSink}.
 *
 * <p>Per-file work is done per file, not per record: the file's {@link FileMetadata}, its resolved
 * {@link Destination} and its encoded {@link MetadataBlock} are computed once and recomputed only when the
 * pod metadata snapshot changes (a new instance from {@link PodMetadataSource#current()}, cheap to check) and
 * the change actually affects this file.
 *
 * <ul>
 * <li>Message: {@code message} shape sends the record's bytes as they are (the array is handed over, not
 *     copied: the parse stage owns no reference to it afterwards); {@code envelope} shape sends the JSON
 *     envelope ({@link EnvelopeEncoder}).</li>
 * <li>Timestamp: the record's, if it carried one, else the time the record reached this stage.</li>
 * <li>An empty message is never submitted (CloudWatch refuses it): its ack is rejected with
 *     {@link RejectReason#EMPTY}, counted and logged (the first time per file).</li>
 * </ul>
 *
 * <p>Called by one thread at a time (the file's record path), like the rest of the per-file stages.
 */
public final class EventBuilder implements RecordSink {

    private static final System.Logger LOG = System.getLogger(EventBuilder.class.getName());

    private final SourceFile file;
    private final InputConfig input;
    private final NameTemplate groupTemplate;
    private final NameTemplate streamTemplate;
    private final PodMetadataSource metadataSource;
    private final LogEventSink sink;
    private final InstantSource clock;
    private final EnrichListener listener;
    private final EnvelopeEncoder encoder;
    private final List<MetadataBlock.AddedField> addedFields;

    private PodMetadata pod;
    private FileMetadata fileMetadata;
    private Destination destination;
    private MetadataBlock metadataBlock;
    private boolean emptyLogged;
    /**
     * When the tailer last read new bytes of this file ({@link #onRead}), or {@link #NOT_READ} while it never said:
     * then each record reads the clock and looks at the pod metadata itself (direct use, tests). With the tailer, both
     * happen once per read instead of once per record: a read holds many records, and two clock reads are a noticeable
     * part of a short record's time on the reader thread.
     */
    private long readAtMillis = NOT_READ;
    private static final long NOT_READ = Long.MIN_VALUE;

    public EventBuilder(SourceFile file, InputConfig input, NameTemplate groupTemplate, NameTemplate streamTemplate,
                        PodMetadataSource metadataSource, LogEventSink sink, InstantSource clock,
                        EnrichListener listener) {
        this(file, input, groupTemplate, streamTemplate, List.of(), metadataSource, sink, clock, listener);
    }

    /** @param addedFields the input's {@code add} filter fields, written into the envelope */
    EventBuilder(SourceFile file, InputConfig input, NameTemplate groupTemplate, NameTemplate streamTemplate,
                 List<MetadataBlock.AddedField> addedFields, PodMetadataSource metadataSource, LogEventSink sink,
                 InstantSource clock, EnrichListener listener) {
        this.file = Objects.requireNonNull(file, "file");
        this.input = Objects.requireNonNull(input, "input");
        this.groupTemplate = requireKind(groupTemplate, NameTemplate.Kind.LOG_GROUP);
        this.streamTemplate = requireKind(streamTemplate, NameTemplate.Kind.LOG_STREAM);
        this.metadataSource = Objects.requireNonNull(metadataSource, "metadataSource");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.addedFields = List.copyOf(addedFields);
        this.encoder = input.message() == MessageShape.ENVELOPE ? new EnvelopeEncoder(input.mergeJsonLog(), listener)
                : null;
        refresh(metadataSource.current());
    }

    @Override
    public void onRead(long nowMillis) {
        readAtMillis = nowMillis;
        checkMetadata();
    }

    private void checkMetadata() {
        PodMetadata now = metadataSource.current();
        if (now != pod) {
            refresh(now);
        }
    }

    @Override
    public void accept(ParsedRecord record, Acknowledgement ack) throws InterruptedException {
        long readAt = readAtMillis;
        if (readAt == NOT_READ) {
            checkMetadata();
        }
        byte[] message;
        int length;
        if (encoder == null) {
            message = record.message();
            length = record.messageLength();
        } else {
            length = encoder.encodeInto(record, metadataBlock);
            message = encoder.buffer();
        }
        if (length == 0) {
            listener.emptyMessageRejected();
            if (!emptyLogged) {
                emptyLogged = true;
                LOG.log(System.Logger.Level.INFO, "{0}: empty records are not sent (CloudWatch refuses empty "
                        + "messages); counted as rejected ''empty'' (logged once per file)", file.path());
            }
            ack.rejected(RejectReason.EMPTY);
            return;
        }
        long timestamp = record.hasTimestamp() ? record.timestampMillis() : readAt != NOT_READ ? readAt : clock.millis();
        sink.submit(timestamp, message, length, destination, ack);
        if (encoder != null) {
            encoder.trim();
        }
    }

    /** Where this file's events go now. */
    public Destination destination() {
        return destination;
    }

    /** What is known about this file now. */
    public FileMetadata fileMetadata() {
        return fileMetadata;
    }

    /** The pre-encoded envelope metadata in use (null for the {@code message} shape); for tests. */
    MetadataBlock metadataBlock() {
        return metadataBlock;
    }

    private void refresh(PodMetadata snapshot) {
        pod = snapshot;
        FileMetadata next = FileMetadata.of(file, input.containerName(), snapshot);
        if (next.equals(fileMetadata)) {
            return;
        }
        fileMetadata = next;
        Destination resolved = new Destination(groupTemplate.render(next), streamTemplate.render(next));
        if (destination != null && !resolved.equals(destination)) {
            LOG.log(System.Logger.Level.INFO, "{0}: destination changed from {1} to {2} (pod metadata changed)",
                    file.path(), destination, resolved);
        }
        destination = resolved;
        if (encoder != null) {
            metadataBlock = MetadataBlock.encode(next, addedFields);
        }
    }

    private static NameTemplate requireKind(NameTemplate template, NameTemplate.Kind kind) {
        Objects.requireNonNull(template, kind.name());
        if (template.kind() != kind) {
            throw new IllegalArgumentException("expected a " + kind + " template, got " + template.kind());
        }
        return template;
    }
}
