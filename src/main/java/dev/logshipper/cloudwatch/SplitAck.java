package dev.logshipper.cloudwatch;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.RejectReason;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The acknowledgement of one part of a message that was split into several events: the record is acknowledged once every
 * part is done - delivered when all parts were, otherwise rejected with the first part's rejection reason.
 */
final class SplitAck implements Acknowledgement {

    private final Acknowledgement whole;
    private final AtomicInteger remaining;
    private volatile RejectReason firstRejection;

    SplitAck(Acknowledgement whole, int parts) {
        this.whole = whole;
        this.remaining = new AtomicInteger(parts);
    }

    @Override
    public void delivered() {
        partDone();
    }

    @Override
    public void rejected(RejectReason reason) {
        if (firstRejection == null) {
            firstRejection = reason;
        }
        partDone();
    }

    private void partDone() {
        if (remaining.decrementAndGet() == 0) {
            RejectReason reason = firstRejection;
            if (reason == null) {
                whole.delivered();
            } else {
                whole.rejected(reason);
            }
        }
    }
}
