/**
 * Filters: per input, an ordered chain applied to each complete record after multiline joining and before the
 * envelope - {@code keep}/{@code drop} (regex on the message, a JSON field or the stream; drop by level),
 * {@code redact} (built-in and user patterns, masked as {@code [REDACTED:<name>]}), {@code rename}/{@code remove} of
 * JSON fields, and {@code throttle} (token buckets per input). Compiled once at start ({@link
 * dev.logshipper.filter.FilterStages}); a dropped record is counted and acknowledged as delivered so the checkpoint
 * moves past it. {@code add} is configured here but written by the envelope (enrich stage).
 */
package dev.logshipper.filter;
