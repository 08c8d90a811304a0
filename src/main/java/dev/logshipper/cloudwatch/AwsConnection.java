package dev.logshipper.cloudwatch;

import dev.logshipper.config.ShipperConfig.CloudWatchConfig;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.endpoints.CloudWatchLogsEndpointParams;
import software.amazon.awssdk.services.cloudwatchlogs.endpoints.CloudWatchLogsEndpointProvider;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves region, endpoint and credentials once, and builds from them both the modeled client (control calls) and the
 * signed transport (PutLogEvents), so the two can never disagree.
 *
 * <ul>
 *   <li>Region: {@code cloudwatch.region}, else the SDK's chain ({@code AWS_REGION}, profile, ...).</li>
 *   <li>Endpoint: {@code cloudwatch.endpoint}, else {@code AWS_ENDPOINT_URL_CLOUDWATCH_LOGS}, else {@code AWS_ENDPOINT_URL}
 *       (the SDK's own variables), else the region's standard endpoint from the SDK's endpoint rules.</li>
 *   <li>Credentials: the SDK's default chain: environment, web identity (IRSA, needs the {@code sts} module, which is on
 *       the class path), profile, container credentials (ECS/EKS Pod Identity), instance metadata.</li>
 * </ul>
 */
final class AwsConnection implements AutoCloseable {

    final Region region;
    final URI endpoint;
    final AwsCredentialsProvider credentials;
    private final Duration requestTimeout;
    private SdkHttpClient http; // guarded by this; built with the client
    private CloudWatchLogsClient client; // guarded by this

    private AwsConnection(Region region, URI endpoint, AwsCredentialsProvider credentials, Duration requestTimeout) {
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
    }

    /**
     * The modeled client, built on first use: only creating a missing group or stream needs it, and building it loads
     * hundreds of classes and the endpoint rules at start, CPU that most runs never need. Its HTTP
     * client (the SDK's, over the same {@code HttpURLConnection} and timeouts as {@link PutLogEventsPoster}) with it.
     */
    synchronized CloudWatchLogsClient client() {
        if (client == null) {
            http = UrlConnectionHttpClient.builder()
                    .connectionTimeout(requestTimeout)
                    .socketTimeout(requestTimeout)
                    .build();
            client = CloudWatchLogsClient.builder()
                    .region(region)
                    .endpointOverride(endpoint)
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .build();
        }
        return client;
    }

    static AwsConnection open(CloudWatchConfig config, Map<String, String> env, AwsCredentialsProvider credentials) {
        Region region = config.region().map(Region::of).orElseGet(AwsConnection::regionFromChain);
        URI endpoint = resolveEndpoint(config.endpoint(), env, region);
        return new AwsConnection(region, endpoint, credentials, config.requestTimeout());
    }

    private static Region regionFromChain() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new IllegalStateException("no AWS region: set cloudwatch.region in the config, or AWS_REGION", e);
        }
    }

    static URI resolveEndpoint(Optional<URI> configured, Map<String, String> env, Region region) {
        if (configured.isPresent()) {
            return configured.get();
        }
        for (String name : new String[] {"AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "AWS_ENDPOINT_URL"}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return URI.create(value.trim());
            }
        }
        return URI.create(CloudWatchLogsEndpointProvider.defaultProvider()
                .resolveEndpoint(CloudWatchLogsEndpointParams.builder().region(region).build())
                .join().url().toString());
    }

    PutLogEventsTransport signedTransport() {
        return new SignedPutLogEventsTransport(endpoint, region.id(), credentials,
                new PutLogEventsPoster(endpoint, requestTimeout));
    }

    @Override
    public void close() {
        synchronized (this) {
            if (client != null) {
                client.close();
                http.close();
            }
        }
    }
}
