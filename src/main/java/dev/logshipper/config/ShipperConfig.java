package dev.logshipper.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The whole, validated, immutable configuration. Built only by {@link ConfigLoader}; every default is a
 * named constant next to the key it belongs to. Sizes are bytes, times are {@link Duration}s.
 *
 * <p>The YAML keys are exactly these record component names (camelCase) and enum values are written in lower
 * case; {@link ConfigKeys} derives the key paths and {@code SHIPPER_*} override names from these records, so
 * renaming a component renames its key. {@code shipper/config-reference.yaml} documents every key.
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

    public static final OutputKind DEFAULT_OUTPUT = OutputKind.CLOUDWATCH;

    public ShipperConfig {
        inputs = List.copyOf(inputs);
    }

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
            boolean mergeJsonLog,
            List<FilterConfig> filters) {
        public static final String DEFAULT_NAME = "app";
        public static final List<String> DEFAULT_INCLUDE = List.of("/var/log/containers/*.log");
        public static final List<String> DEFAULT_EXCLUDE = List.of();
        public static final Format DEFAULT_FORMAT = Format.RAW;
        public static final String DEFAULT_CONTAINER_NAME = "app";
        /** Head: a sidecar starts with (or before) the app, so everything in a new file is unread. */
        public static final StartAt DEFAULT_START_AT = StartAt.HEAD;
        public static final MessageShape DEFAULT_MESSAGE = MessageShape.MESSAGE;
        public static final boolean DEFAULT_MERGE_JSON_LOG = false;

        public InputConfig {
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
            filters = List.copyOf(filters);
        }

        /** An input without filters. */
        public InputConfig(String name, List<String> include, List<String> exclude, Format format, JsonFormatConfig json,
                           MultilineConfig multiline, String containerName, StartAt startAt, Optional<String> logGroup,
                           Optional<String> logStream, MessageShape message, boolean mergeJsonLog) {
            this(name, include, exclude, format, json, multiline, containerName, startAt, logGroup, logStream, message,
                    mergeJsonLog, List.of());
        }
    }

    /**
     * One entry of an input's {@code filters} list. In YAML each entry is a mapping with one key, the filter's kind
     * ({@code - drop: {message: ...}}); the kind is the record's name without {@code Config}, in lower case.
     */
    public sealed interface FilterConfig
            permits KeepConfig, DropConfig, RedactConfig, AddConfig, RenameConfig, RemoveConfig, ThrottleConfig {

        /** The YAML key of this entry: keep, drop, redact, add, rename, remove or throttle. */
        default String kind() {
            return kindOf(getClass());
        }

        /** The YAML key of a filter record type. */
        static String kindOf(Class<?> type) {
            String name = type.getSimpleName();
            return name.substring(0, name.length() - "Config".length()).toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Keeps only records that match: exactly one of {@code message} (a regex found in the message), {@code field}
     * with {@code pattern} (a regex found in a JSON record's field, dotted path) or {@code stream}.
     */
    public record KeepConfig(Optional<Pattern> message, Optional<String> field, Optional<Pattern> pattern,
                             Optional<String> stream) implements FilterConfig {
    }

    /** Drops records that match, as {@link KeepConfig} does, or whose level is one of {@code level}. */
    public record DropConfig(Optional<Pattern> message, Optional<String> field, Optional<Pattern> pattern,
                             Optional<String> stream, List<String> level, Optional<String> levelField,
                             Optional<Pattern> levelPattern) implements FilterConfig {
        /** Where the level is read when neither levelField nor levelPattern is set. */
        public static final String DEFAULT_LEVEL_FIELD = "level";

        public DropConfig {
            level = List.copyOf(level);
        }
    }

    /** Masks what the named built-in patterns and the user's own {@code patterns} (name to regex) find. */
    public record RedactConfig(List<String> builtin, Map<String, Pattern> patterns) implements FilterConfig {
        /** The built-in patterns' names, which are also their masks' and metric labels' names. */
        public static final List<String> BUILTIN_PATTERNS = List.of("aws-key", "aws-secret", "bearer", "jwt", "email",
                "card", "ipv4");
        public static final List<String> DEFAULT_BUILTIN = BUILTIN_PATTERNS;

        public RedactConfig {
            builtin = List.copyOf(builtin);
            patterns = Collections.unmodifiableMap(new LinkedHashMap<>(patterns));
        }
    }

    /** Envelope fields: name to value, the value a template with the log group placeholders. */
    public record AddConfig(Map<String, String> fields) implements FilterConfig {
        public AddConfig {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** Renames JSON record fields: dotted path to dotted path. */
    public record RenameConfig(Map<String, String> fields) implements FilterConfig {
        public RenameConfig {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** Removes JSON record fields (dotted paths). */
    public record RemoveConfig(List<String> fields) implements FilterConfig {
        public RemoveConfig {
            fields = List.copyOf(fields);
        }
    }

    /** At most {@code records} records and/or {@code bytes} message bytes per second for the input. */
    public record ThrottleConfig(Optional<Integer> records, Optional<Long> bytes) implements FilterConfig {
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
        public static final MultilineRule DEFAULT_RULE = MultilineRule.NONE;
        public static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(5);
        public static final int DEFAULT_MAX_LINES = 1000;
        public static final int DEFAULT_MAX_BYTES = 1_048_550;
    }

    public record TailConfig(
            Duration scanInterval,
            Duration watchedScanInterval,
            int maxLineBytes,
            Duration partialLineTimeout,
            int readBufferBytes,
            int maxOpenFiles,
            Duration idleCloseAfter,
            Duration coalesceWindow) {
        public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofSeconds(1);
        /** Fluent Bit's {@code refresh_interval} is 60 s with inotify; 10 s bounds what a missed event can delay. */
        public static final Duration DEFAULT_WATCHED_SCAN_INTERVAL = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_LINE_BYTES = 1_048_550;
        public static final Duration DEFAULT_PARTIAL_LINE_TIMEOUT = Duration.ofSeconds(5);
        public static final int DEFAULT_READ_BUFFER_BYTES = 256 * 1024;
        public static final int DEFAULT_MAX_OPEN_FILES = 256;
        public static final Duration DEFAULT_IDLE_CLOSE_AFTER = Duration.ofSeconds(60);
        /**
         * After a wake-up the reader reads what there is, then waits this long before it looks again: a trickle of one
         * write per line is read in batches instead of once per write. Bounded well below the flush interval.
         */
        public static final Duration DEFAULT_COALESCE_WINDOW = Duration.ofMillis(100);
        public static final Duration MAX_COALESCE_WINDOW = Duration.ofMillis(500);

        /** Without a coalescing window of its own: {@link #DEFAULT_COALESCE_WINDOW}. */
        public TailConfig(Duration scanInterval, Duration watchedScanInterval, int maxLineBytes, Duration partialLineTimeout,
                int readBufferBytes, int maxOpenFiles, Duration idleCloseAfter) {
            this(scanInterval, watchedScanInterval, maxLineBytes, partialLineTimeout, readBufferBytes, maxOpenFiles,
                    idleCloseAfter, DEFAULT_COALESCE_WINDOW);
        }
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
        /** Create missing groups and streams lazily (on ResourceNotFoundException), never per batch. */
        public static final boolean DEFAULT_AUTO_CREATE = true;
        public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
        public static final int DEFAULT_MAX_IN_FLIGHT = 4;
        /** Upper bound for maxInFlight: each in-flight batch holds up to 1 MiB and widens the replay window. */
        public static final int MAX_IN_FLIGHT_LIMIT = 64;
        /** Clamp, not drop: by default no event is lost for its timestamp. */
        public static final OutOfWindowPolicy DEFAULT_OUT_OF_WINDOW = OutOfWindowPolicy.CLAMP;
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
        public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
        /** PutRetentionPolicy's allowed values (API reference). */
        public static final List<Integer> ALLOWED_RETENTION_DAYS = List.of(
                1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
        public static final List<String> ALLOWED_LOG_GROUP_CLASSES = List.of("STANDARD", "INFREQUENT_ACCESS");
        /** Largest message of one PutLogEvents event: 1 MiB minus the 26 bytes of per-event overhead. */
        public static final int MAX_EVENT_BYTES = 1_048_576 - 26;
        /** TagLogGroup / CreateLogGroup allow at most this many tags. */
        public static final int MAX_TAGS = 50;

        public CloudWatchConfig {
            // Unmodifiable but in file order, so --check-config output is stable and reads like the file.
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }
    }

    /** Downward-API sources. Env var names are the ones the sample manifests set. */
    public record KubernetesConfig(Optional<String> cluster, Path podInfoDirectory) {
        public static final Path DEFAULT_POD_INFO_DIRECTORY = Path.of("/etc/podinfo");
    }

    /** Bound on bytes queued plus in flight; reading stops above it. */
    public record BufferConfig(long maxBytes) {
        public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;
        /** One full PutLogEvents batch (1 MiB) must fit, or a batch could never be completed. */
        public static final long MIN_MAX_BYTES = 1024L * 1024;
    }

    public record ServerConfig(boolean enabled, String bindAddress, int port) {
        public static final boolean DEFAULT_ENABLED = true;
        public static final int DEFAULT_PORT = 2020;
        public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    }

    public record LoggingConfig(String level, boolean json) {
        public static final String DEFAULT_LEVEL = "info";
        public static final boolean DEFAULT_JSON = false;
        public static final List<String> ALLOWED_LEVELS = List.of("error", "warn", "info", "debug", "trace");
    }

    public record ShutdownConfig(Duration deadline) {
        public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(25);
    }
}
