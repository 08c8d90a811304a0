package dev.logshipper.filter;

/**
 * Counters of the filter stage, for metrics. Handles are asked for once per input when its filters are compiled, so
 * the label sets are fixed by the configuration (bounded) and the hot path only adds. Implementations must be
 * thread-safe: the handles are shared by every file of an input.
 */
public interface FilterListener {

    /** Adds to one counter. */
    @FunctionalInterface
    interface Count {
        void add(long n);

        Count NONE = n -> { };
    }

    /**
     * Records the filter at position {@code filter} ({@code filters[2].drop}) drops for {@code reason}: {@code match}
     * (drop matched), {@code no_match} (keep did not), {@code missing_field} (keep's field is absent), {@code level}
     * (drop by level), {@code rate} (throttle).
     */
    default Count filtered(String input, String filter, String reason) {
        return Count.NONE;
    }

    /** Matches masked by the redaction pattern {@code pattern} (a built-in name or the user's pattern name). */
    default Count redactions(String input, String pattern) {
        return Count.NONE;
    }

    FilterListener NONE = new FilterListener() {
    };
}
