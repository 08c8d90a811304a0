package dev.logshipper.cloudwatch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our signer must produce exactly the headers the SDK's own SigV4 signer produces for the same request. */
class SigV4SignerTest {

    private static final String TARGET = CloudWatchLimits.TARGET_PREFIX + "PutLogEvents";

    @ParameterizedTest
    @CsvSource({
            "https://logs.eu-west-1.amazonaws.com, eu-west-1, false",
            "https://logs.eu-west-1.amazonaws.com:443, eu-west-1, true",
            "http://127.0.0.1:4566, us-east-1, false",
            "http://localhost:4566/, us-east-1, true",
            "http://localhost, ap-southeast-2, true"})
    void signsLikeTheSdk(String endpoint, String region, boolean session) {
        URI uri = URI.create(endpoint);
        byte[] body = "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":1,\"message\":\"é\"}]} padding"
                .getBytes(StandardCharsets.UTF_8);
        int length = body.length - " padding".length(); // only the prefix is the body
        AwsCredentialsIdentity credentials = session
                ? AwsSessionCredentialsIdentity.create("ASIATEST", "secret/with+chars", "token==")
                : AwsCredentialsIdentity.create("AKIDTEST", "secret/with+chars");
        Instant now = Instant.parse("2026-11-25T23:59:59.500Z");

        Map<String, String> ours = new SigV4Signer(uri, region, CloudWatchLimits.SIGNING_NAME)
                .sign(CloudWatchLimits.CONTENT_TYPE, TARGET, body, length, credentials, now);

        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", CloudWatchLimits.CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET)
                .build();
        ContentStreamProvider payload = () -> new ByteArrayInputStream(body, 0, length);
        SdkHttpRequest sdk = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials)
                .request(request)
                .payload(payload)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, CloudWatchLimits.SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC))).request();

        assertEquals(sdk.firstMatchingHeader("Authorization").orElseThrow(), ours.get("Authorization"));
        assertEquals(sdk.firstMatchingHeader("X-Amz-Content-Sha256").orElseThrow(), ours.get("X-Amz-Content-Sha256"));
        assertEquals(sdk.firstMatchingHeader("X-Amz-Date").orElseThrow(), ours.get("X-Amz-Date"));
        assertEquals(sdk.firstMatchingHeader("X-Amz-Security-Token").orElse(null), ours.get("X-Amz-Security-Token"));
    }
}
