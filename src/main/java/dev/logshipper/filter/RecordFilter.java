package dev.logshipper.filter;

import dev.logshipper.record.ParsedRecord;

/**
 * One filter of one file's chain. Instances belong to one file (they keep matchers and scratch space) and are called by
 * that file's record thread only.
 */
interface RecordFilter {

    /**
     * The record to pass on - {@code record} itself when the filter changes nothing (no allocation), a new record when it
     * does - or null when the filter drops it, having counted why.
     */
    ParsedRecord apply(ParsedRecord record);
}
