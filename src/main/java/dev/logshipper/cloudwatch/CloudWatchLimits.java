package dev.logshipper.cloudwatch;

import java.time.Duration;

/**
 * The PutLogEvents limits in force, each with its source (CloudWatch Logs API reference, API_PutLogEvents and
 * API_InputLogEvent, and the service quotas page, as of 2025: the 1 MB event size dates from April 2025).
 */
public final class CloudWatchLimits {

    /** "The maximum batch size is 1,048,576 bytes" - counted as the sum of UTF-8 message bytes plus 26 per event. */
    public static final int MAX_BATCH_BYTES = 1_048_576;

    /** "This size is calculated as the sum of all event messages in UTF-8, plus 26 bytes for each log event." */
    public static final int EVENT_OVERHEAD_BYTES = 26;

    /** "The maximum number of log events in a batch is 10,000." */
    public static final int MAX_BATCH_EVENTS = 10_000;

    /**
     * The largest message that fits: an event may be 1 MB, but the event plus its 26 bytes of overhead must also fit the
     * 1,048,576-byte batch, so a message is at most 1,048,550 UTF-8 bytes.
     */
    public static final int MAX_EVENT_MESSAGE_BYTES = MAX_BATCH_BYTES - EVENT_OVERHEAD_BYTES;

    /** "A batch of log events in a single request cannot span more than 24 hours." We keep spans strictly below it. */
    public static final long MAX_BATCH_SPAN_MILLIS = Duration.ofHours(24).toMillis();

    /** "Log events older than 14 days ... are rejected" (reported as {@code tooOldLogEventEndIndex}). */
    public static final long MAX_EVENT_AGE_MILLIS = Duration.ofDays(14).toMillis();

    /** "Log events more than 2 hours in the future are rejected" ({@code tooNewLogEventStartIndex}). */
    public static final long MAX_EVENT_FUTURE_MILLIS = Duration.ofHours(2).toMillis();

    /**
     * Safety margin applied to the time window when we judge an event locally, so that an event we keep is still inside
     * the window when CloudWatch receives it a little later (clock skew, retries).
     */
    public static final long WINDOW_MARGIN_MILLIS = Duration.ofMinutes(5).toMillis();

    /** The X-Amz-Target prefix of the CloudWatch Logs JSON protocol (aws-json-1.1). */
    public static final String TARGET_PREFIX = "Logs_20140328.";

    /** The content type of the aws-json-1.1 protocol. */
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    /** The SigV4 signing name of CloudWatch Logs. */
    public static final String SIGNING_NAME = "logs";

    private CloudWatchLimits() {
    }
}
