package dev.logshipper.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON 1.1 wire shapes of the CloudWatch Logs operations: turns a request body into a
 * {@link FakeLogStore} call and its result into the response body AWS would send. PutLogEvents is
 * read with the streaming parser because it carries up to 1 MB and dominates benchmark load.
 */
final class LogsJsonApi {
    private static final String ARN_PREFIX = "arn:aws:logs:us-east-1:123456789012:log-group:";

    private final ObjectMapper mapper;
    private final FakeLogStore store;

    LogsJsonApi(ObjectMapper mapper, FakeLogStore store) {
        this.mapper = mapper;
        this.store = store;
    }

    /**
     * Runs one operation.
     *
     * @throws AwsServiceError for every rule violation
     * @throws IOException for a body that is not the JSON this operation expects (SerializationException)
     */
    byte[] handle(LogsOperation op, byte[] body, String requestId) throws IOException {
        if (op == LogsOperation.PutLogEvents) {
            return putLogEvents(body, requestId);
        }
        JsonNode request = mapper.readTree(body);
        if (request == null || !request.isObject()) {
            throw new IOException("request body must be a JSON object");
        }
        ObjectNode response = mapper.createObjectNode();
        switch (op) {
            case CreateLogGroup -> store.createLogGroup(text(request, "logGroupName"), text(request, "logGroupClass"),
                    text(request, "kmsKeyId"), tags(request.get("tags")));
            case CreateLogStream -> store.createLogStream(text(request, "logGroupName"), text(request, "logStreamName"));
            case PutRetentionPolicy -> store.putRetentionPolicy(text(request, "logGroupName"),
                    request.hasNonNull("retentionInDays") ? request.get("retentionInDays").asInt() : null);
            case DescribeLogStreams -> describeLogStreams(request, response);
            case GetLogEvents -> getLogEvents(request, response);
            case PutLogEvents -> throw new AssertionError("handled above");
        }
        return mapper.writeValueAsBytes(response);
    }

    private byte[] putLogEvents(byte[] body, String requestId) throws IOException {
        String group = null;
        String stream = null;
        List<StoredEvent> events = null;
        try (JsonParser p = mapper.getFactory().createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "logGroupName" -> group = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case "logStreamName" -> stream = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case "logEvents" -> events = value == JsonToken.VALUE_NULL ? null : readEvents(p);
                    default -> p.skipChildren(); // sequenceToken (ignored by AWS since 2023), entity
                }
            }
        }
        FakeLogStore.PutResult result = store.putLogEvents(requestId, group, stream, events);
        ObjectNode response = mapper.createObjectNode().put("nextSequenceToken", result.nextSequenceToken());
        AcceptedBatch.Rejected rejected = result.rejected();
        if (rejected.any()) {
            ObjectNode info = response.putObject("rejectedLogEventsInfo");
            putIfNotNull(info, "tooNewLogEventStartIndex", rejected.tooNewLogEventStartIndex());
            putIfNotNull(info, "tooOldLogEventEndIndex", rejected.tooOldLogEventEndIndex());
            putIfNotNull(info, "expiredLogEventEndIndex", rejected.expiredLogEventEndIndex());
        }
        return mapper.writeValueAsBytes(response);
    }

    private static List<StoredEvent> readEvents(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY);
        List<StoredEvent> events = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expect(p.currentToken(), JsonToken.START_OBJECT);
            Long timestamp = null;
            String message = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "timestamp" -> timestamp = value == JsonToken.VALUE_NULL ? null : p.getLongValue();
                    case "message" -> message = value == JsonToken.VALUE_NULL ? null : p.getText();
                    default -> p.skipChildren();
                }
            }
            if (timestamp == null) {
                throw AwsServiceError.validation(null, "logEvents." + (events.size() + 1) + ".member.timestamp",
                        "Member must not be null");
            }
            events.add(new StoredEvent(timestamp, message));
        }
        return events;
    }

    private void describeLogStreams(JsonNode request, ObjectNode response) {
        String group = groupName(request);
        FakeLogStore.StreamsPage page = store.describeLogStreams(group, text(request, "logStreamNamePrefix"),
                text(request, "orderBy"), request.hasNonNull("descending") ? request.get("descending").asBoolean() : null,
                text(request, "nextToken"), request.hasNonNull("limit") ? request.get("limit").asInt() : null);
        ArrayNode streams = response.putArray("logStreams");
        for (FakeLogStore.StreamInfo info : page.streams()) {
            ObjectNode s = streams.addObject();
            s.put("logStreamName", info.logStreamName());
            s.put("creationTime", info.creationTime());
            putIfNotNull(s, "firstEventTimestamp", info.firstEventTimestamp());
            putIfNotNull(s, "lastEventTimestamp", info.lastEventTimestamp());
            putIfNotNull(s, "lastIngestionTime", info.lastIngestionTime());
            s.put("uploadSequenceToken", "%056d".formatted(info.eventCount()));
            s.put("arn", ARN_PREFIX + group + ":log-stream:" + info.logStreamName());
            s.put("storedBytes", 0); // deprecated by AWS, always 0 there too
        }
        if (page.nextToken() != null) {
            response.put("nextToken", page.nextToken());
        }
    }

    private void getLogEvents(JsonNode request, ObjectNode response) {
        FakeLogStore.EventsPage page = store.getLogEvents(groupName(request), text(request, "logStreamName"),
                request.hasNonNull("startTime") ? request.get("startTime").asLong() : null,
                request.hasNonNull("endTime") ? request.get("endTime").asLong() : null,
                text(request, "nextToken"),
                request.hasNonNull("limit") ? request.get("limit").asInt() : null,
                request.path("startFromHead").asBoolean(false));
        ArrayNode events = response.putArray("events");
        for (int i = 0; i < page.events().size(); i++) {
            StoredEvent event = page.events().get(i);
            events.addObject()
                    .put("timestamp", event.timestamp())
                    .put("message", event.message())
                    .put("ingestionTime", page.ingestionTimes().get(i));
        }
        response.put("nextForwardToken", page.nextForwardToken());
        response.put("nextBackwardToken", page.nextBackwardToken());
    }

    /** logGroupName, or the name inside logGroupIdentifier (which may be an ARN). */
    private static String groupName(JsonNode request) {
        String name = text(request, "logGroupName");
        String identifier = text(request, "logGroupIdentifier");
        if (name != null || identifier == null) {
            return name;
        }
        if (identifier.startsWith("arn:")) {
            String afterPrefix = identifier.substring(identifier.indexOf(":log-group:") + ":log-group:".length());
            return afterPrefix.endsWith(":*") ? afterPrefix.substring(0, afterPrefix.length() - 2) : afterPrefix;
        }
        return identifier;
    }

    private static Map<String, String> tags(JsonNode tags) throws IOException {
        if (tags == null || tags.isNull()) {
            return null;
        }
        if (!tags.isObject()) {
            throw new IOException("tags must be a JSON object");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : tags.properties()) {
            result.put(entry.getKey(), entry.getValue().asText());
        }
        return result;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void putIfNotNull(ObjectNode node, String field, Number value) {
        if (value != null) {
            node.put(field, value.longValue());
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }
}
