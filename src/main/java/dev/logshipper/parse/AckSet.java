package dev.logshipper.parse;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.RejectReason;
import java.util.ArrayList;
import java.util.List;

/**
 * The acknowledgements of the byte ranges that make up one record (or one partial line still being
 * joined). Usually one; more when another stream's lines are interleaved with this record's lines in the
 * file, because each contiguous run of the record's lines is tracked on its own (see {@link RangeLedger}).
 */
final class AckSet {

    private Acknowledgement first;
    private List<Acknowledgement> more;

    void add(Acknowledgement ack) {
        if (first == null) {
            first = ack;
        } else {
            if (more == null) {
                more = new ArrayList<>(4);
            }
            more.add(ack);
        }
    }

    /** Moves all of {@code other}'s acknowledgements into this set. */
    void takeAll(AckSet other) {
        if (other.first != null) {
            add(other.first);
            if (other.more != null) {
                other.more.forEach(this::add);
            }
        }
        other.first = null;
        other.more = null;
    }

    /** Empties the set for reuse by the next record (its acknowledgements were handed out by {@link #combined()}). */
    void clear() {
        first = null;
        more = null;
    }

    boolean isEmpty() {
        return first == null;
    }

    /** One acknowledgement for the whole set: reports each outcome to every member. */
    Acknowledgement combined() {
        if (more == null) {
            return first == null ? Acknowledgement.NONE : first;
        }
        List<Acknowledgement> all = new ArrayList<>(more.size() + 1);
        all.add(first);
        all.addAll(more);
        return new FanOut(List.copyOf(all));
    }

    private record FanOut(List<Acknowledgement> members) implements Acknowledgement {
        @Override
        public void delivered() {
            members.forEach(Acknowledgement::delivered);
        }

        @Override
        public void rejected(RejectReason reason) {
            members.forEach(a -> a.rejected(reason));
        }
    }
}
