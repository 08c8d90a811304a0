package dev.logshipper.filter;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.ParsedRecord;
import dev.logshipper.record.RecordSink;

/**
 * The filter stage of one tailed file, between the record stage (complete, multiline-joined records) and the enrich
 * stage (envelope, destination). Runs the input's filters in order; a record one of them drops is acknowledged as
 * delivered at once - the filter counted it, and its byte range must not hold the file's checkpoint back - and goes no
 * further. Called by the file's record thread only.
 */
final class FilterStage implements RecordSink {

    private final RecordFilter[] filters;
    private final RecordSink next;

    FilterStage(RecordFilter[] filters, RecordSink next) {
        this.filters = filters;
        this.next = next;
    }

    @Override
    public void accept(ParsedRecord record, Acknowledgement ack) throws InterruptedException {
        ParsedRecord current = record;
        for (RecordFilter filter : filters) {
            current = filter.apply(current);
            if (current == null) {
                ack.delivered();
                return;
            }
        }
        next.accept(current, ack);
    }

    @Override
    public void onRead(long nowMillis) {
        next.onRead(nowMillis);
    }
}
