package dev.logshipper.testing;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder;

/**
 * Real AWS SDK v2 CloudWatch Logs clients pointed at a fake or LocalStack, with retries disabled so
 * every injected fault surfaces as exactly one exception.
 */
public final class TestSdkClients {
    /** Credentials the tests sign with; pass them to {@link FakeCloudWatchLogs.Builder#credentials}. */
    public static final String ACCESS_KEY = "AKIDFAKECLOUDWATCH01";
    public static final String SECRET_KEY = "fake-secret-key-for-tests-only";

    private TestSdkClients() {
    }

    public static CloudWatchLogsClient forFake(FakeCloudWatchLogs fake) {
        return builder(fake.endpoint(), ACCESS_KEY, SECRET_KEY).build();
    }

    public static CloudWatchLogsClient forEndpoint(URI endpoint, String accessKey, String secretKey) {
        return builder(endpoint, accessKey, secretKey).build();
    }

    /** The configured builder, for tests that override more (timeouts...). */
    public static CloudWatchLogsClientBuilder builder(URI endpoint, String accessKey, String secretKey) {
        return CloudWatchLogsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }
}
