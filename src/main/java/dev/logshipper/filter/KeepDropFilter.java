package dev.logshipper.filter;

import dev.logshipper.filter.FilterListener.Count;
import dev.logshipper.record.ParsedRecord;

/**
 * {@code keep}: passes only records the condition matches (a record without the tested field is dropped, counted under
 * its own reason so a misspelt path shows); {@code drop}: drops the records it matches.
 */
final class KeepDropFilter implements RecordFilter {

    private final Condition condition;
    private final boolean keep;
    private final Count dropped;
    private final Count missing;

    private KeepDropFilter(Condition condition, boolean keep, Count dropped, Count missing) {
        this.condition = condition;
        this.keep = keep;
        this.dropped = dropped;
        this.missing = missing;
    }

    static KeepDropFilter keep(Condition condition, Count noMatch, Count missingField) {
        return new KeepDropFilter(condition, true, noMatch, missingField);
    }

    static KeepDropFilter drop(Condition condition, Count match) {
        return new KeepDropFilter(condition, false, match, match);
    }

    @Override
    public ParsedRecord apply(ParsedRecord record) {
        Condition.Result result = condition.test(record);
        if (keep) {
            if (result == Condition.Result.MATCH) {
                return record;
            }
            (result == Condition.Result.MISSING_FIELD ? missing : dropped).add(1);
            return null;
        }
        if (result == Condition.Result.MATCH) {
            dropped.add(1);
            return null;
        }
        return record;
    }
}
