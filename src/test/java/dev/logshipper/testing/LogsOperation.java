package dev.logshipper.testing;

import java.util.Optional;

/**
 * The CloudWatch Logs operations {@link FakeCloudWatchLogs} understands, named exactly as in the
 * {@code X-Amz-Target: Logs_20140328.<Operation>} header so the enum constant is the wire name.
 */
public enum LogsOperation {
    CreateLogGroup,
    CreateLogStream,
    PutRetentionPolicy,
    DescribeLogStreams,
    GetLogEvents,
    PutLogEvents;

    /** The JSON 1.1 target prefix of the CloudWatch Logs API version the SDK speaks. */
    public static final String TARGET_PREFIX = "Logs_20140328.";

    /** Whether the response has members; the SDK does not read the body of operations without. */
    boolean hasOutput() {
        return this == DescribeLogStreams || this == GetLogEvents || this == PutLogEvents;
    }

    /** The operation named by an {@code X-Amz-Target} header value, or empty if unknown/absent. */
    static Optional<LogsOperation> fromTarget(String target) {
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            return Optional.empty();
        }
        String name = target.substring(TARGET_PREFIX.length());
        for (LogsOperation op : values()) {
            if (op.name().equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
