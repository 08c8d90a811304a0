package dev.logshipper.filter;

import dev.logshipper.filter.FilterListener.Count;
import dev.logshipper.logging.RateLimitedLogger;
import dev.logshipper.record.ParsedRecord;

import java.time.Duration;

/**
 * {@code throttle}: drops what exceeds the input's rate, counted under reason {@code rate} and logged (at most once
 * per throttle every 30 s), since unlike keep and drop it loses records nobody chose to lose.
 */
final class ThrottleFilter implements RecordFilter {

    private static final RateLimitedLogger THROTTLED = new RateLimitedLogger(
            System.getLogger(ThrottleFilter.class.getName()), Duration.ofSeconds(30));

    private final Throttle throttle;
    private final Count dropped;
    private final String what;

    ThrottleFilter(Throttle throttle, Count dropped, String what) {
        this.throttle = throttle;
        this.dropped = dropped;
        this.what = what;
    }

    @Override
    public ParsedRecord apply(ParsedRecord record) {
        if (throttle.allow(record.messageLength())) {
            return record;
        }
        dropped.add(1);
        THROTTLED.log(System.Logger.Level.WARNING, what, () -> what + " is over its rate; records are dropped"
                + " (counted in logshipper_records_filtered_total{reason=\"rate\"})");
        return null;
    }
}
