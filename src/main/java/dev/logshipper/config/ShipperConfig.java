package dev.logshipper.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The whole, validated, immutable configuration. Built only by {@link ConfigLoader}; every default is a
 * named constant next to the key it belongs to. Sizes are bytes, times are {@link Duration}s.
 */
public record ShipperConfig(
        List<InputConfig> inputs,
        TailConfig tail,
        CheckpointConfig checkpoint,
        OutputKind output,
        CloudWatchConfig cloudwatch,
        KubernetesConfig kubernetes,
        BufferConfig buffer,
        ServerConfig server,
        LoggingConfig logging,
        ShutdownConfig shutdown) {

    /** Where events go. */
    public enum OutputKind { CLOUDWATCH, STDOUT }

    /** Line formats an input can read. */
    public enum Format { RAW, JSON, CRI, DOCKER }

    /** Where to start reading a file that has no checkpoint. */
    public enum StartAt { HEAD, TAIL }

    /** The shape of the message sent to CloudWatch. */
    public enum MessageShape { MESSAGE, ENVELOPE }

    /** Built-in multiline rules; {@code REGEX} uses the input's own start/continue patterns. */
    public enum MultilineRule { NONE, REGEX, JAVA, PYTHON, GO }

    /** What to do with events outside CloudWatch's accepted time window. */
    public enum OutOfWindowPolicy { CLAMP, DROP }

    public record InputConfig(
            String name,
            List<String> include,
            List<String> exclude,
            Format format,
            JsonFormatConfig json,
            MultilineConfig multiline,
            String containerName,
            StartAt startAt,
            Optional<String> logGroup,
            Optional<String> logStream,
            MessageShape message,
            boolean mergeJsonLog) {
        public static final List<String> DEFAULT_INCLUDE = List.of("/var/log/containers/*.log");
        public static final String DEFAULT_CONTAINER_NAME = "app";
    }

    public record JsonFormatConfig(String messageKey, Optional<String> timeKey, String timeFormat) {
        public static final String DEFAULT_MESSAGE_KEY = "message";
        /** {@code iso8601}, {@code epoch_millis}, {@code epoch_seconds}, or a {@code DateTimeFormatter} pattern. */
        public static final String DEFAULT_TIME_FORMAT = "iso8601";
    }

    public record MultilineConfig(
            MultilineRule rule,
            Optional<Pattern> startPattern,
            Optional<Pattern> continuePattern,
            Duration flushTimeout,
            int maxLines,
            int maxBytes) {
        public static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(5);
        public static final int DEFAULT_MAX_LINES = 1000;
        public static final int DEFAULT_MAX_BYTES = 1_048_550;
    }

    public record TailConfig(
            Duration scanInterval,
            int maxLineBytes,
            Duration partialLineTimeout,
            int readBufferBytes,
            int maxOpenFiles,
            Duration idleCloseAfter) {
        public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofSeconds(1);
        public static final int DEFAULT_MAX_LINE_BYTES = 1_048_550;
        public static final Duration DEFAULT_PARTIAL_LINE_TIMEOUT = Duration.ofSeconds(5);
        public static final int DEFAULT_READ_BUFFER_BYTES = 256 * 1024;
        public static final int DEFAULT_MAX_OPEN_FILES = 256;
        public static final Duration DEFAULT_IDLE_CLOSE_AFTER = Duration.ofSeconds(60);
    }

    public record CheckpointConfig(Path directory, Duration interval) {
        public static final Path DEFAULT_DIRECTORY = Path.of("/var/log/containers/.log-shipper");
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    }

    public record CloudWatchConfig(
            Optional<String> region,
            Optional<URI> endpoint,
            String logGroup,
            String logStream,
            boolean autoCreate,
            Optional<Integer> retentionDays,
            Optional<String> logGroupClass,
            Optional<String> kmsKeyId,
            Map<String, String> tags,
            Duration flushInterval,
            int maxInFlight,
            OutOfWindowPolicy outOfWindow,
            Duration requestTimeout,
            Duration maxBackoff) {
        public static final String DEFAULT_LOG_GROUP = "/aws/containerinsights/{cluster}/{namespace}";
        public static final String DEFAULT_LOG_STREAM = "{pod_name}/{container_name}";
        public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
        public static final int DEFAULT_MAX_IN_FLIGHT = 4;
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
        public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
        /** PutRetentionPolicy's allowed values (API reference). */
        public static final List<Integer> ALLOWED_RETENTION_DAYS = List.of(
                1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
        public static final List<String> ALLOWED_LOG_GROUP_CLASSES = List.of("STANDARD", "INFREQUENT_ACCESS");
    }

    /** Downward-API sources. Env var names are the ones the sample manifests set. */
    public record KubernetesConfig(Optional<String> cluster, Path podInfoDirectory) {
        public static final Path DEFAULT_POD_INFO_DIRECTORY = Path.of("/etc/podinfo");
    }

    /** Bound on bytes queued plus in flight; reading stops above it. */
    public record BufferConfig(long maxBytes) {
        public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;
    }

    public record ServerConfig(boolean enabled, String bindAddress, int port) {
        public static final int DEFAULT_PORT = 2020;
        public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    }

    public record LoggingConfig(String level, boolean json) {
        public static final String DEFAULT_LEVEL = "info";
    }

    public record ShutdownConfig(Duration deadline) {
        public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(25);
    }
}
