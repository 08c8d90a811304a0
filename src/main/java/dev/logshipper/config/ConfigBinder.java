package dev.logshipper.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.logshipper.config.ShipperConfig.BufferConfig;
import dev.logshipper.config.ShipperConfig.CheckpointConfig;
import dev.logshipper.config.ShipperConfig.CloudWatchConfig;
import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.JsonFormatConfig;
import dev.logshipper.config.ShipperConfig.KubernetesConfig;
import dev.logshipper.config.ShipperConfig.LoggingConfig;
import dev.logshipper.config.ShipperConfig.MessageShape;
import dev.logshipper.config.ShipperConfig.MultilineConfig;
import dev.logshipper.config.ShipperConfig.MultilineRule;
import dev.logshipper.config.ShipperConfig.OutOfWindowPolicy;
import dev.logshipper.config.ShipperConfig.OutputKind;
import dev.logshipper.config.ShipperConfig.ServerConfig;
import dev.logshipper.config.ShipperConfig.ShutdownConfig;
import dev.logshipper.config.ShipperConfig.StartAt;
import dev.logshipper.config.ShipperConfig.TailConfig;
import dev.logshipper.names.NameTemplate;
import dev.logshipper.names.NameTemplate.Kind;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Binds the (substituted, overridden) YAML tree to {@link ShipperConfig} and checks every value. Keys are read in
 * record order, each with its {@code DEFAULT_*}; every problem is added to {@link ConfigErrors} and binding goes on
 * with the default, so one pass finds all errors. The caller throws if any were found; a config returned from a
 * pass with errors must never be used.
 */
final class ConfigBinder {
    private static final Pattern INPUT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final List<String> NAMED_TIME_FORMATS = List.of("iso8601", "epoch_millis", "epoch_seconds");
    private static final int MIN_READ_BUFFER_BYTES = 4 * 1024;
    private static final int MAX_READ_BUFFER_BYTES = 64 * 1024 * 1024;
    private static final int MAX_OPEN_FILES_LIMIT = 65_535;
    private static final int MAX_TAG_KEY_LENGTH = 128;
    private static final int MAX_TAG_VALUE_LENGTH = 256;

    private final long maxHeapBytes;

    /** @param maxHeapBytes the JVM's maximum heap, which bounds {@code buffer.maxBytes} */
    ConfigBinder(long maxHeapBytes) {
        this.maxHeapBytes = maxHeapBytes;
    }

    ShipperConfig bind(ConfigSection root) {
        List<InputConfig> inputs = inputs(root);
        TailConfig tail = tail(root.section("tail"));
        CheckpointConfig checkpoint = checkpoint(root.section("checkpoint"));
        OutputKind output = root.enumValue("output", OutputKind.class, ShipperConfig.DEFAULT_OUTPUT);
        CloudWatchConfig cloudwatch = cloudwatch(root.section("cloudwatch"));
        KubernetesConfig kubernetes = kubernetes(root.section("kubernetes"));
        BufferConfig buffer = buffer(root.section("buffer"));
        ServerConfig server = server(root.section("server"));
        LoggingConfig logging = logging(root.section("logging"));
        ShutdownConfig shutdown = shutdown(root.section("shutdown"));
        root.finish();
        return new ShipperConfig(inputs, tail, checkpoint, output, cloudwatch, kubernetes, buffer, server, logging,
                shutdown);
    }

    private List<InputConfig> inputs(ConfigSection root) {
        Optional<List<ConfigSection>> sections = root.sectionList("inputs");
        if (sections.isEmpty()) {
            return List.of(input(new ConfigSection(root.path("inputs") + "[0]",
                    JsonNodeFactory.instance.objectNode(), root.errors())));
        }
        List<InputConfig> inputs = new ArrayList<>();
        Map<String, Integer> firstIndexByName = new HashMap<>();
        for (int i = 0; i < sections.get().size(); i++) {
            ConfigSection s = sections.get().get(i);
            InputConfig input = input(s);
            Integer first = firstIndexByName.putIfAbsent(input.name(), i);
            if (first != null) {
                s.error("name", ConfigErrors.show(input.name()) + " is already the name of inputs[" + first
                        + "]; every input needs a unique name");
            }
            inputs.add(input);
        }
        return inputs;
    }

    private InputConfig input(ConfigSection s) {
        String name = s.string("name", InputConfig.DEFAULT_NAME);
        if (!INPUT_NAME.matcher(name).matches()) {
            s.error("name", ConfigErrors.show(name) + " is not a valid input name; use 1 to 63 letters, digits,"
                    + " '.', '_' or '-', starting with a letter or digit");
        }
        List<String> include = globs(s, "include", InputConfig.DEFAULT_INCLUDE);
        if (include.isEmpty()) {
            s.error("include", "must list at least one file glob, e.g. /var/log/app/*.log");
            include = InputConfig.DEFAULT_INCLUDE;
        }
        List<String> exclude = globs(s, "exclude", InputConfig.DEFAULT_EXCLUDE);
        Format format = s.enumValue("format", Format.class, InputConfig.DEFAULT_FORMAT);
        JsonFormatConfig json = json(s.section("json"));
        MultilineConfig multiline = multiline(s.section("multiline"));
        String containerName = s.string("containerName", InputConfig.DEFAULT_CONTAINER_NAME);
        StartAt startAt = s.enumValue("startAt", StartAt.class, InputConfig.DEFAULT_START_AT);
        Optional<String> logGroup = checked(s, "logGroup", s.optionalString("logGroup"),
                t -> NameTemplate.problem(t, Kind.LOG_GROUP));
        Optional<String> logStream = checked(s, "logStream", s.optionalString("logStream"),
                t -> NameTemplate.problem(t, Kind.LOG_STREAM));
        MessageShape message = s.enumValue("message", MessageShape.class, InputConfig.DEFAULT_MESSAGE);
        boolean mergeJsonLog = s.bool("mergeJsonLog", InputConfig.DEFAULT_MERGE_JSON_LOG);
        List<ShipperConfig.FilterConfig> filters = FilterBinder.filters(s, format, message);
        s.finish();
        return new InputConfig(name, include, exclude, format, json, multiline, containerName, startAt, logGroup,
                logStream, message, mergeJsonLog, filters);
    }

    private static List<String> globs(ConfigSection s, String key, List<String> defaultValue) {
        List<String> globs = s.stringList(key, defaultValue);
        for (int i = 0; i < globs.size(); i++) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + globs.get(i));
            } catch (PatternSyntaxException e) {
                // The JDK's glob messages lack the closing quote ("Missing ']"); add it back.
                String description = e.getDescription().replaceAll("^Missing '(.)$", "Missing '$1'");
                s.error(key + "[" + i + "]", ConfigErrors.show(globs.get(i)) + " is not a valid glob: "
                        + description + " near index " + e.getIndex());
            }
        }
        return globs;
    }

    private static JsonFormatConfig json(ConfigSection s) {
        String messageKey = s.string("messageKey", JsonFormatConfig.DEFAULT_MESSAGE_KEY);
        Optional<String> timeKey = s.optionalString("timeKey");
        String timeFormat = s.string("timeFormat", JsonFormatConfig.DEFAULT_TIME_FORMAT);
        if (!NAMED_TIME_FORMATS.contains(timeFormat)) {
            try {
                DateTimeFormatter.ofPattern(timeFormat);
            } catch (IllegalArgumentException e) {
                s.error("timeFormat", ConfigErrors.show(timeFormat) + " is not one of "
                        + String.join(", ", NAMED_TIME_FORMATS) + " or a valid DateTimeFormatter pattern ("
                        + e.getMessage() + ")");
                timeFormat = JsonFormatConfig.DEFAULT_TIME_FORMAT;
            }
        }
        s.finish();
        return new JsonFormatConfig(messageKey, timeKey, timeFormat);
    }

    private static MultilineConfig multiline(ConfigSection s) {
        MultilineRule rule = s.enumValue("rule", MultilineRule.class, MultilineConfig.DEFAULT_RULE);
        // Patterns are not stripped: leading or trailing spaces can be part of a regex.
        Optional<String> startText = s.text("startPattern").filter(p -> !p.isEmpty());
        Optional<Pattern> start = regex(s, "startPattern", startText);
        Optional<String> continueText = s.text("continuePattern").filter(p -> !p.isEmpty());
        Optional<Pattern> cont = regex(s, "continuePattern", continueText);
        if (rule == MultilineRule.REGEX && startText.isEmpty()) {
            s.error("startPattern", "is required when rule is regex (a regular expression matching the first line"
                    + " of a record, e.g. ^\\d{4}-\\d{2}-\\d{2})");
        }
        if (rule != MultilineRule.REGEX) {
            String ruleName = rule.name().toLowerCase(Locale.ROOT);
            startText.ifPresent(p -> s.error("startPattern", ConfigErrors.show(p)
                    + " is only used when rule is regex, but rule is " + ruleName));
            continueText.ifPresent(p -> s.error("continuePattern", ConfigErrors.show(p)
                    + " is only used when rule is regex, but rule is " + ruleName));
        }
        Duration flushTimeout = s.duration("flushTimeout", MultilineConfig.DEFAULT_FLUSH_TIMEOUT);
        int maxLines = s.integer("maxLines", MultilineConfig.DEFAULT_MAX_LINES, 1, Integer.MAX_VALUE);
        int maxBytes = s.intSize("maxBytes", MultilineConfig.DEFAULT_MAX_BYTES, 1, CloudWatchConfig.MAX_EVENT_BYTES);
        s.finish();
        return new MultilineConfig(rule, start, cont, flushTimeout, maxLines, maxBytes);
    }

    /** Compiles {@code text} when present; an invalid regex is an error naming the key, the value and the problem. */
    static Optional<Pattern> regex(ConfigSection s, String key, Optional<String> text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(text.get()));
        } catch (PatternSyntaxException e) {
            s.error(key, ConfigErrors.show(text.get()) + " is not a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
            return Optional.empty();
        }
    }

    private static TailConfig tail(ConfigSection s) {
        Duration scanInterval = s.duration("scanInterval", TailConfig.DEFAULT_SCAN_INTERVAL);
        Duration watchedScanInterval = s.duration("watchedScanInterval", TailConfig.DEFAULT_WATCHED_SCAN_INTERVAL);
        if (watchedScanInterval.compareTo(scanInterval) < 0) {
            s.error("watchedScanInterval", Units.formatDuration(watchedScanInterval) + " is shorter than tail.scanInterval ("
                    + Units.formatDuration(scanInterval) + "); it must be at least as long (it replaces the scan interval"
                    + " when inotify covers every tailed file)");
        }
        TailConfig t = new TailConfig(
                scanInterval,
                watchedScanInterval,
                s.intSize("maxLineBytes", TailConfig.DEFAULT_MAX_LINE_BYTES, 1, CloudWatchConfig.MAX_EVENT_BYTES),
                s.duration("partialLineTimeout", TailConfig.DEFAULT_PARTIAL_LINE_TIMEOUT),
                s.intSize("readBufferBytes", TailConfig.DEFAULT_READ_BUFFER_BYTES, MIN_READ_BUFFER_BYTES,
                        MAX_READ_BUFFER_BYTES),
                s.integer("maxOpenFiles", TailConfig.DEFAULT_MAX_OPEN_FILES, 1, MAX_OPEN_FILES_LIMIT),
                s.duration("idleCloseAfter", TailConfig.DEFAULT_IDLE_CLOSE_AFTER),
                s.durationUpTo("coalesceWindow", TailConfig.DEFAULT_COALESCE_WINDOW, TailConfig.MAX_COALESCE_WINDOW));
        s.finish();
        return t;
    }

    private static CheckpointConfig checkpoint(ConfigSection s) {
        CheckpointConfig c = new CheckpointConfig(
                path(s, "directory", CheckpointConfig.DEFAULT_DIRECTORY),
                s.duration("interval", CheckpointConfig.DEFAULT_INTERVAL));
        s.finish();
        return c;
    }

    private static CloudWatchConfig cloudwatch(ConfigSection s) {
        Optional<String> region = checked(s, "region", s.optionalString("region"), AwsIdentifiers::regionProblem);
        Optional<URI> endpoint = endpoint(s);
        String logGroup = checked(s, "logGroup", s.string("logGroup", CloudWatchConfig.DEFAULT_LOG_GROUP),
                t -> NameTemplate.problem(t, Kind.LOG_GROUP), CloudWatchConfig.DEFAULT_LOG_GROUP);
        String logStream = checked(s, "logStream", s.string("logStream", CloudWatchConfig.DEFAULT_LOG_STREAM),
                t -> NameTemplate.problem(t, Kind.LOG_STREAM), CloudWatchConfig.DEFAULT_LOG_STREAM);
        boolean autoCreate = s.bool("autoCreate", CloudWatchConfig.DEFAULT_AUTO_CREATE);
        Optional<Integer> retentionDays = s.optionalInteger("retentionDays")
                .filter(days -> allowed(s, "retentionDays", days, CloudWatchConfig.ALLOWED_RETENTION_DAYS));
        Optional<String> logGroupClass = s.optionalString("logGroupClass").map(c -> c.toUpperCase(Locale.ROOT))
                .filter(c -> allowed(s, "logGroupClass", c, CloudWatchConfig.ALLOWED_LOG_GROUP_CLASSES));
        Optional<String> kmsKeyId = s.optionalString("kmsKeyId").filter(id -> {
            Optional<String> problem = AwsIdentifiers.kmsKeyIdProblem(id);
            problem.ifPresent(p -> s.error("kmsKeyId", ConfigErrors.show(Secrets.maskTail(id)) + " " + p));
            return problem.isEmpty();
        });
        Map<String, String> tags = tags(s);
        Duration flushInterval = s.duration("flushInterval", CloudWatchConfig.DEFAULT_FLUSH_INTERVAL);
        int maxInFlight = s.integer("maxInFlight", CloudWatchConfig.DEFAULT_MAX_IN_FLIGHT, 1,
                CloudWatchConfig.MAX_IN_FLIGHT_LIMIT);
        OutOfWindowPolicy outOfWindow = s.enumValue("outOfWindow", OutOfWindowPolicy.class,
                CloudWatchConfig.DEFAULT_OUT_OF_WINDOW);
        Duration requestTimeout = s.duration("requestTimeout", CloudWatchConfig.DEFAULT_REQUEST_TIMEOUT);
        Duration maxBackoff = s.duration("maxBackoff", CloudWatchConfig.DEFAULT_MAX_BACKOFF);
        s.finish();
        return new CloudWatchConfig(region, endpoint, logGroup, logStream, autoCreate, retentionDays, logGroupClass,
                kmsKeyId, tags, flushInterval, maxInFlight, outOfWindow, requestTimeout, maxBackoff);
    }

    private static Optional<URI> endpoint(ConfigSection s) {
        Optional<String> text = s.optionalString("endpoint");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String allowed = " is not an absolute http or https URI such as https://logs.eu-west-1.amazonaws.com"
                + " or http://localhost:4566";
        try {
            URI uri = new URI(text.get());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                s.error("endpoint", ConfigErrors.show(text.get()) + allowed);
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            s.error("endpoint", ConfigErrors.show(text.get()) + allowed + " (" + e.getReason() + ")");
            return Optional.empty();
        }
    }

    private static Map<String, String> tags(ConfigSection s) {
        Map<String, String> tags = s.stringMap("tags");
        if (tags.size() > CloudWatchConfig.MAX_TAGS) {
            s.error("tags", "has " + tags.size() + " tags; CloudWatch allows at most " + CloudWatchConfig.MAX_TAGS);
        }
        tags.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_TAG_KEY_LENGTH || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                s.error("tags", ConfigErrors.show(key) + " is not a valid tag key; use 1 to " + MAX_TAG_KEY_LENGTH
                        + " characters, not starting with aws:");
            }
            if (value.length() > MAX_TAG_VALUE_LENGTH) {
                s.error("tags." + key, "is " + value.length() + " characters long; tag values allow at most "
                        + MAX_TAG_VALUE_LENGTH);
            }
        });
        return tags;
    }

    private static KubernetesConfig kubernetes(ConfigSection s) {
        KubernetesConfig k = new KubernetesConfig(
                s.optionalString("cluster"),
                path(s, "podInfoDirectory", KubernetesConfig.DEFAULT_POD_INFO_DIRECTORY));
        s.finish();
        return k;
    }

    private BufferConfig buffer(ConfigSection s) {
        long maxBytes = s.size("maxBytes", BufferConfig.DEFAULT_MAX_BYTES, BufferConfig.MIN_MAX_BYTES, Long.MAX_VALUE);
        // Queued events live on the heap; a buffer over half of it turns a CloudWatch outage into an OOM kill.
        if (maxBytes > maxHeapBytes / 2) {
            s.error("maxBytes", Units.formatSize(maxBytes) + " is more than half of the JVM heap ("
                    + Units.formatSize(maxHeapBytes) + "); lower it, or raise -Xmx or the container memory limit");
        }
        s.finish();
        return new BufferConfig(maxBytes);
    }

    private static ServerConfig server(ConfigSection s) {
        boolean enabled = s.bool("enabled", ServerConfig.DEFAULT_ENABLED);
        String bindAddress = s.string("bindAddress", ServerConfig.DEFAULT_BIND_ADDRESS).strip();
        if (bindAddress.chars().anyMatch(Character::isWhitespace)) {
            s.error("bindAddress", ConfigErrors.show(bindAddress) + " is not a host name or IP address such as 0.0.0.0");
            bindAddress = ServerConfig.DEFAULT_BIND_ADDRESS;
        }
        int port = s.integer("port", ServerConfig.DEFAULT_PORT, 0, 65_535);
        s.finish();
        return new ServerConfig(enabled, bindAddress, port);
    }

    private static LoggingConfig logging(ConfigSection s) {
        String level = s.string("level", LoggingConfig.DEFAULT_LEVEL).strip().toLowerCase(Locale.ROOT);
        if (!allowed(s, "level", level, LoggingConfig.ALLOWED_LEVELS)) {
            level = LoggingConfig.DEFAULT_LEVEL;
        }
        boolean json = s.bool("json", LoggingConfig.DEFAULT_JSON);
        s.finish();
        return new LoggingConfig(level, json);
    }

    private static ShutdownConfig shutdown(ConfigSection s) {
        ShutdownConfig c = new ShutdownConfig(s.duration("deadline", ShutdownConfig.DEFAULT_DEADLINE));
        s.finish();
        return c;
    }

    private static Path path(ConfigSection s, String key, Path defaultValue) {
        String text = s.string(key, defaultValue.toString());
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            s.error(key, ConfigErrors.show(text) + " is not a valid path: " + e.getReason());
            return defaultValue;
        }
    }

    /** Adds "{@code <value> is not one of <allowed>}" unless the value is allowed. */
    private static <T> boolean allowed(ConfigSection s, String key, T value, List<T> allowed) {
        if (allowed.contains(value)) {
            return true;
        }
        s.error(key, ConfigErrors.show(String.valueOf(value)) + " is not one of "
                + allowed.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        return false;
    }

    private static Optional<String> checked(ConfigSection s, String key, Optional<String> value,
                                            Function<String, Optional<String>> problem) {
        return value.filter(v -> checked(s, key, v, problem, null) != null);
    }

    /** Returns the value, or {@code fallback} after adding an error when {@code problem} finds one. */
    private static String checked(ConfigSection s, String key, String value,
                                  Function<String, Optional<String>> problem, String fallback) {
        Optional<String> p = problem.apply(value);
        p.ifPresent(message -> s.error(key, ConfigErrors.show(value) + " " + message));
        return p.isPresent() ? fallback : value;
    }
}
