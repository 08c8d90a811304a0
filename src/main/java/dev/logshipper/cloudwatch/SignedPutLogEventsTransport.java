package dev.logshipper.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;

/**
 * PutLogEvents on the hot path: the body is encoded by {@link PutLogEventsEncoder}, signed by {@link SigV4Signer} with the
 * SDK's credentials provider, and sent by {@link PutLogEventsPoster} in one write - the same endpoint, region and
 * credentials as the modeled client, without its per-event object marshalling, its stream-by-stream payload hashing or
 * its 4 KiB body copies.
 */
final class SignedPutLogEventsTransport implements PutLogEventsTransport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUT_LOG_EVENTS_TARGET = CloudWatchLimits.TARGET_PREFIX + "PutLogEvents";

    private final AwsCredentialsProvider credentials;
    private final PutLogEventsPoster poster;
    private final Clock clock;
    /**
     * Idle encoders, the last returned on top: calls take the most recently used one, so a trickle, one call at a time,
     * keeps one encoder's buffer warm however many sender threads there are (one encoder per thread grew each of them to
     * the size of a full request).
     */
    private final ArrayDeque<PutLogEventsEncoder> idleEncoders = new ArrayDeque<>();
    private final ThreadLocal<SigV4Signer> signers;

    SignedPutLogEventsTransport(URI endpoint, String region, AwsCredentialsProvider credentials, PutLogEventsPoster poster) {
        this(endpoint, region, credentials, poster, Clock.systemUTC());
    }

    SignedPutLogEventsTransport(URI endpoint, String region, AwsCredentialsProvider credentials, PutLogEventsPoster poster,
            Clock clock) {
        this.credentials = credentials;
        this.poster = poster;
        this.clock = clock;
        this.signers = ThreadLocal.withInitial(() -> new SigV4Signer(endpoint, region, CloudWatchLimits.SIGNING_NAME));
    }

    @Override
    public PutOutcome put(Batch batch) throws IOException {
        PutLogEventsEncoder encoder = takeEncoder();
        PutLogEventsPoster.Response response;
        try {
            byte[] body = encoder.encode(batch);
            int length = encoder.size();
            AwsCredentialsIdentity identity = credentials.resolveCredentials();
            Map<String, String> request = new java.util.LinkedHashMap<>(8); // one per 1 MiB request: nothing to pool
            request.put("Content-Type", CloudWatchLimits.CONTENT_TYPE);
            request.put("X-Amz-Target", PUT_LOG_EVENTS_TARGET);
            request.putAll(signers.get().sign(CloudWatchLimits.CONTENT_TYPE, PUT_LOG_EVENTS_TARGET, body, length, identity,
                    clock.instant()));
            response = poster.post(request, body, length);
        } finally {
            returnEncoder(encoder);
        }
        if (response.status() == 200) {
            return parseAccepted(response.body());
        }
        return parseFailure(response.status(), response.body(), Optional.ofNullable(response.errorType()));
    }

    private PutLogEventsEncoder takeEncoder() {
        synchronized (idleEncoders) {
            PutLogEventsEncoder encoder = idleEncoders.pollLast();
            return encoder != null ? encoder : new PutLogEventsEncoder();
        }
    }

    private void returnEncoder(PutLogEventsEncoder encoder) {
        synchronized (idleEncoders) {
            idleEncoders.addLast(encoder);
        }
    }

    /** Idle encoders (tests: once no call runs, every encoder made, which is at most the calls that ran at once). */
    int encoders() {
        synchronized (idleEncoders) {
            return idleEncoders.size();
        }
    }

    static PutOutcome parseAccepted(byte[] answer) throws IOException {
        // The common answer is {"nextSequenceToken":"..."}: parse JSON only when events were rejected.
        // ISO-8859-1 maps each byte to one char, so this finds the ASCII field name in the UTF-8 answer.
        if (answer.length == 0 || !new String(answer, StandardCharsets.ISO_8859_1).contains("rejectedLogEventsInfo")) {
            return PutOutcome.Accepted.ALL;
        }
        JsonNode info = JSON.readTree(answer).path("rejectedLogEventsInfo");
        if (info.isMissingNode() || info.isNull()) {
            return PutOutcome.Accepted.ALL;
        }
        return new PutOutcome.Accepted(
                info.path("tooNewLogEventStartIndex").asInt(PutOutcome.NONE),
                info.path("tooOldLogEventEndIndex").asInt(PutOutcome.NONE),
                info.path("expiredLogEventEndIndex").asInt(PutOutcome.NONE));
    }

    static PutOutcome parseFailure(int status, byte[] answer, Optional<String> typeHeader) {
        String type = typeHeader.orElse(null);
        String message = "";
        try {
            JsonNode node = JSON.readTree(answer);
            if (node != null) {
                if (type == null && node.hasNonNull("__type")) {
                    type = node.get("__type").asText();
                }
                JsonNode m = node.has("message") ? node.get("message") : node.get("Message");
                message = m == null ? "" : m.asText();
            }
        } catch (IOException notJson) {
            message = new String(answer, 0, Math.min(answer.length, 256), StandardCharsets.UTF_8);
        }
        if (type == null) {
            type = status >= 500 ? "ServiceUnavailableException" : "HttpError" + status;
        }
        return new PutOutcome.Failed(status, ErrorTypes.normalise(type), message);
    }
}
