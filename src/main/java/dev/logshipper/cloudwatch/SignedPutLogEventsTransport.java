package dev.logshipper.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/**
 * PutLogEvents on the hot path: the body is encoded by {@link PutLogEventsEncoder}, signed by the SDK's own SigV4 signer
 * with the SDK's credentials provider, and sent by the SDK's HTTP client - the same endpoint, region and credentials as the
 * modeled client, without its per-event object marshalling.
 */
final class SignedPutLogEventsTransport implements PutLogEventsTransport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final ThreadLocal<PutLogEventsEncoder> encoders = ThreadLocal.withInitial(PutLogEventsEncoder::new);

    SignedPutLogEventsTransport(URI endpoint, String region, AwsCredentialsProvider credentials, SdkHttpClient http) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.http = http;
    }

    @Override
    public PutOutcome put(Batch batch) throws IOException {
        PutLogEventsEncoder encoder = encoders.get();
        byte[] body = encoder.encode(batch);
        int length = encoder.size();
        ContentStreamProvider payload = () -> new ByteArrayInputStream(body, 0, length);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", CloudWatchLimits.CONTENT_TYPE)
                .putHeader("X-Amz-Target", CloudWatchLimits.TARGET_PREFIX + "PutLogEvents")
                .putHeader("Content-Length", Integer.toString(length))
                .build();
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        SignedRequest signed = signer.sign(r -> r
                .identity(identity)
                .request(request)
                .payload(payload)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, CloudWatchLimits.SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpExecuteRequest execute = HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(payload)
                .build();
        HttpExecuteResponse response = http.prepareRequest(execute).call();
        int status = response.httpResponse().statusCode();
        byte[] answer = readAll(response.responseBody());
        if (status == 200) {
            return parseAccepted(answer);
        }
        return parseFailure(status, answer, response.httpResponse().firstMatchingHeader("x-amzn-ErrorType"));
    }

    private static byte[] readAll(Optional<? extends InputStream> body) throws IOException {
        if (body.isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = body.get()) {
            return in.readAllBytes();
        }
    }

    private static final byte[] REJECTED_FIELD = "rejectedLogEventsInfo".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static PutOutcome parseAccepted(byte[] answer) throws IOException {
        // The common answer is {"nextSequenceToken":"..."}: parse JSON only when events were rejected.
        if (answer.length == 0 || !contains(answer, REJECTED_FIELD)) {
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

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
            message = new String(answer, 0, Math.min(answer.length, 256), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (type == null) {
            type = status >= 500 ? "ServiceUnavailableException" : "HttpError" + status;
        }
        return new PutOutcome.Failed(status, ErrorTypes.normalise(type), message);
    }
}
