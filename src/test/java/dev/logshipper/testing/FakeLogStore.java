package dev.logshipper.testing;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The state and the rules of the fake CloudWatch Logs: log groups, log streams and their events, and
 * every documented PutLogEvents constraint with AWS's error types and messages.
 *
 * <p>Knows nothing about HTTP or JSON; violations are thrown as {@link AwsServiceError}. Time comes
 * from the injected {@link InstantSource} so tests can pin "now" for the too-old/too-new/expired rules.
 * Thread-safe: many clients may put to the same stream concurrently (CloudWatch accepts that since
 * sequence tokens were retired), each stream keeps its events in arrival order.
 */
public final class FakeLogStore {
    /** Batch limit: sum of UTF-8 message bytes plus {@link #EVENT_OVERHEAD_BYTES} per event. */
    public static final int MAX_BATCH_BYTES = 1_048_576;
    /** Bytes CloudWatch adds to every event when it sizes a batch. */
    public static final int EVENT_OVERHEAD_BYTES = 26;
    /** Single-event limit (1 MB, overhead included) since April 2025. */
    public static final int MAX_EVENT_BYTES = 1_048_576;
    public static final int MAX_EVENTS_PER_BATCH = 10_000;
    /** Events further in the future than this are rejected (partial acceptance, tooNewLogEventStartIndex). */
    public static final Duration MAX_FUTURE = Duration.ofHours(2);
    /** Events older than this are rejected (partial acceptance, tooOldLogEventEndIndex). */
    public static final Duration MAX_AGE = Duration.ofDays(14);
    /** The accepted events of one batch may not span more than this. */
    public static final Duration MAX_SPAN = Duration.ofHours(24);
    /** The only values PutRetentionPolicy accepts. */
    public static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    public static final List<String> LOG_GROUP_CLASSES = List.of("STANDARD", "INFREQUENT_ACCESS", "DELIVERY");

    static final String GROUP_NOT_FOUND = "The specified log group does not exist.";
    static final String STREAM_NOT_FOUND = "The specified log stream does not exist.";
    static final String NOT_CHRONOLOGICAL = "Log events in a single PutLogEvents request must be in chronological order.";
    static final String SPAN_TOO_LONG =
            "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.";

    private static final String GROUP_NAME_REGEX = "[\\.\\-_/#A-Za-z0-9]+";
    private static final Pattern GROUP_NAME = Pattern.compile(GROUP_NAME_REGEX);
    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");
    private static final Pattern TAG_KEY = Pattern.compile("(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final int MAX_NAME_LENGTH = 512;
    private static final int MAX_GET_EVENTS_LIMIT = 10_000;
    private static final int MAX_DESCRIBE_LIMIT = 50;
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final InstantSource clock;
    private final boolean storeEvents;
    private final ConcurrentSkipListMap<String, Group> groups = new ConcurrentSkipListMap<>();
    private final List<AcceptedBatch> batches = new ArrayList<>(); // guarded by itself
    private final AtomicLong acceptedEvents = new AtomicLong();
    private final AtomicLong acceptedBytes = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param clock "now" for the timestamp rules and for creation/ingestion times
     * @param storeEvents false keeps only counts (for benchmarks that would otherwise fill the heap)
     */
    public FakeLogStore(InstantSource clock, boolean storeEvents) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.storeEvents = storeEvents;
    }

    // ---------------------------------------------------------------- operations

    public void createLogGroup(String name, String logGroupClass, String kmsKeyId, Map<String, String> tags) {
        validateGroupName(name);
        if (name.startsWith("aws/")) {
            throw AwsServiceError.invalidParameter("Log group names cannot start with 'aws/'.");
        }
        String groupClass = logGroupClass == null ? "STANDARD" : logGroupClass;
        if (!LOG_GROUP_CLASSES.contains(groupClass)) {
            throw AwsServiceError.validation(groupClass, "logGroupClass",
                    "Member must satisfy enum value set: " + LOG_GROUP_CLASSES);
        }
        if (kmsKeyId != null && !KMS_KEY_ARN.matcher(kmsKeyId).matches()) {
            throw AwsServiceError.invalidParameter("Specified KMS key is not a valid KMS key ARN: " + kmsKeyId);
        }
        Map<String, String> checkedTags = tags == null ? Map.of() : Map.copyOf(tags);
        validateTags(checkedTags);
        Group group = new Group(name, now(), groupClass, kmsKeyId, checkedTags);
        if (groups.putIfAbsent(name, group) != null) {
            throw new AwsServiceError("ResourceAlreadyExistsException", 400, "The specified log group already exists");
        }
    }

    public void createLogStream(String groupName, String streamName) {
        validateGroupName(groupName);
        validateStreamName(streamName);
        Group group = group(groupName);
        if (group.streams.putIfAbsent(streamName, new Stream(streamName, now())) != null) {
            throw new AwsServiceError("ResourceAlreadyExistsException", 400, "The specified log stream already exists");
        }
    }

    public void putRetentionPolicy(String groupName, Integer retentionInDays) {
        validateGroupName(groupName);
        if (retentionInDays == null) {
            throw AwsServiceError.validation(null, "retentionInDays", "Member must not be null");
        }
        if (!RETENTION_DAYS.contains(retentionInDays)) {
            throw AwsServiceError.validation(retentionInDays, "retentionInDays",
                    "Member must satisfy enum value set: " + RETENTION_DAYS);
        }
        group(groupName).retentionInDays = retentionInDays;
    }

    /** Result of an accepted PutLogEvents: the token AWS still returns, and what was rejected. */
    public record PutResult(String nextSequenceToken, AcceptedBatch.Rejected rejected) {
    }

    /**
     * Applies every PutLogEvents rule in the order AWS reports them: request validation (names, event
     * count, empty messages, event size, batch size), then existence of group and stream, then
     * chronological order, then per-event age (partial acceptance), then the 24 h span of what is left.
     */
    public PutResult putLogEvents(String requestId, String groupName, String streamName, List<StoredEvent> events) {
        validateGroupName(groupName);
        validateStreamName(streamName);
        validateEvents(events);
        Stream stream = stream(groupName, streamName);
        Group group = group(groupName);
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).timestamp() < events.get(i - 1).timestamp()) {
                throw AwsServiceError.invalidParameter(NOT_CHRONOLOGICAL);
            }
        }
        long now = now();
        int n = events.size();
        int tooNewStart = n;
        while (tooNewStart > 0 && events.get(tooNewStart - 1).timestamp() > now + MAX_FUTURE.toMillis()) {
            tooNewStart--;
        }
        int tooOldEnd = countOlderThan(events, now - MAX_AGE.toMillis());
        Integer retention = group.retentionInDays;
        int expiredEnd = retention == null ? 0 : countOlderThan(events, now - retention * DAY_MILLIS);
        int validStart = Math.min(Math.max(tooOldEnd, expiredEnd), tooNewStart);
        List<StoredEvent> valid = events.subList(validStart, tooNewStart);
        if (!valid.isEmpty()
                && valid.getLast().timestamp() - valid.getFirst().timestamp() > MAX_SPAN.toMillis()) {
            throw AwsServiceError.invalidParameter(SPAN_TOO_LONG);
        }
        AcceptedBatch.Rejected rejected = new AcceptedBatch.Rejected(
                tooNewStart < n ? tooNewStart : null,
                tooOldEnd > 0 ? tooOldEnd : null,
                expiredEnd > 0 ? expiredEnd : null);
        stream.append(valid, now);
        acceptedEvents.addAndGet(valid.size());
        acceptedBytes.addAndGet(batchBytes(valid));
        if (storeEvents) {
            synchronized (batches) {
                batches.add(new AcceptedBatch(requestId, groupName, streamName, valid, rejected));
            }
        }
        return new PutResult("%056d".formatted(sequence.incrementAndGet()), rejected);
    }

    /** One page of GetLogEvents, oldest first, with the forward/backward tokens AWS hands out. */
    public record EventsPage(List<StoredEvent> events, List<Long> ingestionTimes, String nextForwardToken,
            String nextBackwardToken) {
    }

    /**
     * GetLogEvents: without a token reads from the head ({@code startFromHead}) or the tail; a forward
     * token continues after the last page; at the end the same forward token comes back, which is how
     * clients know to stop. Events are ordered by timestamp (stable for equal timestamps), as in AWS.
     */
    public EventsPage getLogEvents(String groupName, String streamName, Long startTime, Long endTime, String nextToken,
            Integer limit, boolean startFromHead) {
        int max = limit == null ? MAX_GET_EVENTS_LIMIT : limit;
        if (max < 1 || max > MAX_GET_EVENTS_LIMIT) {
            throw AwsServiceError.validation(limit, "limit",
                    max < 1 ? "Member must have value greater than or equal to 1"
                            : "Member must have value less than or equal to 10000");
        }
        List<Entry> entries = stream(groupName, streamName).snapshot().stream()
                .filter(e -> startTime == null || e.event.timestamp() >= startTime)
                .filter(e -> endTime == null || e.event.timestamp() < endTime)
                .sorted(Comparator.comparingLong(e -> e.event.timestamp()))
                .toList();
        boolean forward;
        int position;
        if (nextToken == null) {
            forward = startFromHead;
            position = startFromHead ? 0 : entries.size();
        } else {
            forward = nextToken.startsWith("f/");
            if (!forward && !nextToken.startsWith("b/")) {
                throw AwsServiceError.invalidParameter("The specified nextToken is invalid.");
            }
            try {
                position = Math.min(entries.size(), Integer.parseInt(nextToken.substring(2)));
            } catch (NumberFormatException e) {
                throw AwsServiceError.invalidParameter("The specified nextToken is invalid.");
            }
        }
        int from = position;
        int to = position;
        long bytes = 0;
        if (forward) {
            while (to < entries.size() && to - from < max && (to == from || bytes + size(entries.get(to)) <= MAX_BATCH_BYTES)) {
                bytes += size(entries.get(to++));
            }
        } else {
            while (from > 0 && to - from < max && (to == from || bytes + size(entries.get(from - 1)) <= MAX_BATCH_BYTES)) {
                bytes += size(entries.get(--from));
            }
        }
        List<Entry> page = entries.subList(from, to);
        return new EventsPage(page.stream().map(Entry::event).toList(), page.stream().map(Entry::ingestionTime).toList(),
                "f/%056d".formatted(to), "b/%056d".formatted(from));
    }

    /** A log stream as DescribeLogStreams reports it; the Long fields are null before the first event. */
    public record StreamInfo(String logGroupName, String logStreamName, long creationTime, Long firstEventTimestamp,
            Long lastEventTimestamp, Long lastIngestionTime, long eventCount, long storedBytes) {
    }

    public record StreamsPage(List<StreamInfo> streams, String nextToken) {
    }

    public StreamsPage describeLogStreams(String groupName, String prefix, String orderBy, Boolean descending,
            String nextToken, Integer limit) {
        validateGroupName(groupName);
        String order = orderBy == null ? "LogStreamName" : orderBy;
        if (!order.equals("LogStreamName") && !order.equals("LastEventTime")) {
            throw AwsServiceError.validation(order, "orderBy",
                    "Member must satisfy enum value set: [LogStreamName, LastEventTime]");
        }
        if (prefix != null && order.equals("LastEventTime")) {
            throw AwsServiceError.invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        int max = limit == null ? MAX_DESCRIBE_LIMIT : limit;
        if (max < 1 || max > MAX_DESCRIBE_LIMIT) {
            throw AwsServiceError.validation(limit, "limit", max < 1
                    ? "Member must have value greater than or equal to 1"
                    : "Member must have value less than or equal to 50");
        }
        Comparator<StreamInfo> comparator = order.equals("LogStreamName")
                ? Comparator.comparing(StreamInfo::logStreamName)
                : Comparator.comparing((StreamInfo s) -> s.lastEventTimestamp() == null ? Long.MIN_VALUE
                        : s.lastEventTimestamp()).thenComparing(StreamInfo::logStreamName);
        if (Boolean.TRUE.equals(descending)) {
            comparator = comparator.reversed();
        }
        List<StreamInfo> all = group(groupName).streams.values().stream()
                .filter(s -> prefix == null || s.name.startsWith(prefix))
                .map(s -> s.info(groupName))
                .sorted(comparator)
                .toList();
        int start = 0;
        if (nextToken != null) {
            try {
                start = Integer.parseInt(nextToken.substring(nextToken.indexOf('/') + 1));
            } catch (NumberFormatException e) {
                throw AwsServiceError.invalidParameter("The specified nextToken is invalid.");
            }
        }
        int end = Math.min(all.size(), start + max);
        List<StreamInfo> page = all.subList(Math.min(start, end), end);
        return new StreamsPage(page, end < all.size() ? "s/" + end : null);
    }

    // ---------------------------------------------------------------- query API for tests

    /** The events stored in one stream, in arrival order; empty if the stream does not exist. */
    public List<StoredEvent> events(String groupName, String streamName) {
        Group group = groups.get(groupName);
        Stream stream = group == null ? null : group.streams.get(streamName);
        return stream == null ? List.of() : stream.snapshot().stream().map(Entry::event).toList();
    }

    /** Every stored message across all streams, in the order the batches were accepted. */
    public List<String> allMessages() {
        return batches().stream().flatMap(b -> b.accepted().stream()).map(StoredEvent::message).toList();
    }

    /** Every PutLogEvents call answered with HTTP 200, in arrival order. */
    public List<AcceptedBatch> batches() {
        synchronized (batches) {
            return List.copyOf(batches);
        }
    }

    public Set<String> groupNames() {
        return Set.copyOf(groups.keySet());
    }

    public Set<String> streamNames(String groupName) {
        Group group = groups.get(groupName);
        return group == null ? Set.of() : Set.copyOf(group.streams.keySet());
    }

    public boolean groupExists(String groupName) {
        return groups.containsKey(groupName);
    }

    /** The group's retention in days, or null when it never expires (or the group does not exist). */
    public Integer retentionInDays(String groupName) {
        Group group = groups.get(groupName);
        return group == null ? null : group.retentionInDays;
    }

    public String logGroupClass(String groupName) {
        Group group = groups.get(groupName);
        return group == null ? null : group.logGroupClass;
    }

    public String kmsKeyId(String groupName) {
        Group group = groups.get(groupName);
        return group == null ? null : group.kmsKeyId;
    }

    public Map<String, String> tags(String groupName) {
        Group group = groups.get(groupName);
        return group == null ? Map.of() : group.tags;
    }

    /** Counters for every stream, kept even when events are not stored. */
    public List<StreamInfo> streamInfos() {
        return groups.values().stream()
                .flatMap(g -> g.streams.values().stream().map(s -> s.info(g.name)))
                .toList();
    }

    public long acceptedEventCount() {
        return acceptedEvents.get();
    }

    /** Accepted batch bytes, counted as CloudWatch does (UTF-8 message bytes + 26 per event). */
    public long acceptedBytes() {
        return acceptedBytes.get();
    }

    /** Forgets every group, stream, event and batch. */
    public void reset() {
        groups.clear();
        synchronized (batches) {
            batches.clear();
        }
        acceptedEvents.set(0);
        acceptedBytes.set(0);
    }

    // ---------------------------------------------------------------- rules

    private void validateEvents(List<StoredEvent> events) {
        if (events == null || events.isEmpty()) {
            throw AwsServiceError.validation(events == null ? null : "[]", "logEvents",
                    "Member must have length greater than or equal to 1");
        }
        if (events.size() > MAX_EVENTS_PER_BATCH) {
            throw AwsServiceError.invalidParameter("1 validation error detected: Value with " + events.size()
                    + " elements at 'logEvents' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + MAX_EVENTS_PER_BATCH);
        }
        long total = 0;
        for (int i = 0; i < events.size(); i++) {
            StoredEvent event = events.get(i);
            if (event.message() == null || event.message().isEmpty()) {
                throw AwsServiceError.validation(event.message() == null ? null : "",
                        "logEvents." + (i + 1) + ".member.message",
                        event.message() == null ? "Member must not be null"
                                : "Member must have length greater than or equal to 1");
            }
            if (event.timestamp() < 0) {
                throw AwsServiceError.validation(event.timestamp(), "logEvents." + (i + 1) + ".member.timestamp",
                        "Member must have value greater than or equal to 0");
            }
            long eventBytes = utf8Length(event.message()) + EVENT_OVERHEAD_BYTES;
            if (eventBytes > MAX_EVENT_BYTES) {
                throw AwsServiceError.invalidParameter(
                        "Log event too large: " + eventBytes + " bytes exceeds limit of " + MAX_EVENT_BYTES);
            }
            total += eventBytes;
        }
        if (total > MAX_BATCH_BYTES) {
            throw AwsServiceError.invalidParameter(
                    "Upload too large: " + total + " bytes exceeds limit of " + MAX_BATCH_BYTES);
        }
    }

    private static void validateGroupName(String name) {
        validateName(name, "logGroupName");
        if (!GROUP_NAME.matcher(name).matches()) {
            throw AwsServiceError.validation(name, "logGroupName",
                    "Member must satisfy regular expression pattern: " + GROUP_NAME_REGEX);
        }
    }

    private static void validateStreamName(String name) {
        validateName(name, "logStreamName");
        if (name.indexOf(':') >= 0 || name.indexOf('*') >= 0) {
            throw AwsServiceError.validation(name, "logStreamName",
                    "Member must satisfy regular expression pattern: [^:*]*");
        }
    }

    private static void validateName(String name, String field) {
        if (name == null) {
            throw AwsServiceError.validation(null, field, "Member must not be null");
        }
        if (name.isEmpty()) {
            throw AwsServiceError.validation(name, field, "Member must have length greater than or equal to 1");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw AwsServiceError.validation(name, field, "Member must have length less than or equal to 512");
        }
    }

    private static void validateTags(Map<String, String> tags) {
        if (tags.size() > 50) {
            throw AwsServiceError.validation("map of " + tags.size() + " tags", "tags",
                    "Member must have length less than or equal to 50");
        }
        tags.forEach((key, value) -> {
            if (key.length() > 128 || !TAG_KEY.matcher(key).matches()) {
                throw AwsServiceError.validation(key, "tags", "Map keys must satisfy constraint: [Member must have"
                        + " length less than or equal to 128, Member must satisfy regular expression pattern: "
                        + "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$]");
            }
            if (value.length() > 256 || !TAG_VALUE.matcher(value).matches()) {
                throw AwsServiceError.validation(value, "tags", "Map value must satisfy constraint: [Member must have"
                        + " length less than or equal to 256, Member must satisfy regular expression pattern: "
                        + "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$]");
            }
        });
    }

    private Group group(String name) {
        Group group = groups.get(name);
        if (group == null) {
            throw AwsServiceError.resourceNotFound(GROUP_NOT_FOUND);
        }
        return group;
    }

    private Stream stream(String groupName, String streamName) {
        Stream stream = group(groupName).streams.get(streamName);
        if (stream == null) {
            throw AwsServiceError.resourceNotFound(STREAM_NOT_FOUND);
        }
        return stream;
    }

    private static int countOlderThan(List<StoredEvent> sorted, long cutoff) {
        int i = 0;
        while (i < sorted.size() && sorted.get(i).timestamp() < cutoff) {
            i++;
        }
        return i;
    }

    private static long batchBytes(List<StoredEvent> events) {
        long sum = 0;
        for (StoredEvent e : events) {
            sum += utf8Length(e.message()) + EVENT_OVERHEAD_BYTES;
        }
        return sum;
    }

    private static long size(Entry entry) {
        return utf8Length(entry.event.message()) + EVENT_OVERHEAD_BYTES;
    }

    /** UTF-8 length without encoding: the rules count bytes, and Java strings count UTF-16 units. */
    static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // BMP char, or a lone surrogate which the encoder turns into a 3-byte replacement
            }
        }
        return bytes;
    }

    private long now() {
        return clock.millis();
    }

    // ---------------------------------------------------------------- model

    private record Entry(StoredEvent event, long ingestionTime) {
    }

    private static final class Group {
        final String name;
        final long creationTime;
        final String logGroupClass;
        final String kmsKeyId;
        final Map<String, String> tags;
        final ConcurrentSkipListMap<String, Stream> streams = new ConcurrentSkipListMap<>();
        volatile Integer retentionInDays;

        Group(String name, long creationTime, String logGroupClass, String kmsKeyId, Map<String, String> tags) {
            this.name = name;
            this.creationTime = creationTime;
            this.logGroupClass = logGroupClass;
            this.kmsKeyId = kmsKeyId;
            this.tags = tags;
        }
    }

    private final class Stream {
        final String name;
        final long creationTime;
        private final List<Entry> entries = new ArrayList<>(); // guarded by this
        private Long firstEventTimestamp;
        private Long lastEventTimestamp;
        private Long lastIngestionTime;
        private long eventCount;
        private long storedBytes;

        Stream(String name, long creationTime) {
            this.name = name;
            this.creationTime = creationTime;
        }

        synchronized void append(List<StoredEvent> events, long ingestionTime) {
            if (events.isEmpty()) {
                return;
            }
            for (StoredEvent event : events) {
                if (storeEvents) {
                    entries.add(new Entry(event, ingestionTime));
                }
                storedBytes += utf8Length(event.message());
                firstEventTimestamp = firstEventTimestamp == null ? event.timestamp()
                        : Math.min(firstEventTimestamp, event.timestamp());
                lastEventTimestamp = lastEventTimestamp == null ? event.timestamp()
                        : Math.max(lastEventTimestamp, event.timestamp());
            }
            eventCount += events.size();
            lastIngestionTime = ingestionTime;
        }

        synchronized List<Entry> snapshot() {
            return List.copyOf(entries);
        }

        synchronized StreamInfo info(String groupName) {
            return new StreamInfo(groupName, name, creationTime, firstEventTimestamp, lastEventTimestamp,
                    lastIngestionTime, eventCount, storedBytes);
        }
    }
}
