/**
 * Helpers for the shipper's own log that any stage may use, so they sit below every stage: nothing here knows about
 * tailing, records, delivery or metrics. The log's format and level are set up by {@code ops.LogSetup}.
 */
package dev.logshipper.logging;
