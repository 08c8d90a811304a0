package dev.logshipper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * The same SDK calls the fake answers, against LocalStack's CloudWatch Logs: a cross-check that the
 * client configuration and call sequence work on a real implementation. Skipped (not failed) where no
 * Docker engine is available; set {@code LOCALSTACK_AUTH_TOKEN} if the image requires one.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackCloudWatchLogsIT {
    @Container
    private static final LocalStackContainer LOCALSTACK = authToken(new LocalStackContainer("localstack/localstack:4")
            .withServices("logs"));

    @Test
    void createsAGroupAndStreamAndReadsBackWhatWasPut() {
        try (CloudWatchLogsClient client = TestSdkClients.builder(LOCALSTACK.getEndpoint(), LOCALSTACK.getAccessKey(),
                LOCALSTACK.getSecretKey()).build()) {
            client.createLogGroup(b -> b.logGroupName("/log-shipper/it"));
            client.createLogStream(b -> b.logGroupName("/log-shipper/it").logStreamName("pod-1"));
            long now = System.currentTimeMillis();
            client.putLogEvents(b -> b.logGroupName("/log-shipper/it").logStreamName("pod-1").logEvents(
                    InputLogEvent.builder().timestamp(now - 1).message("first line").build(),
                    InputLogEvent.builder().timestamp(now).message("second line \u00e9\u20ac").build()));

            List<String> messages = client.getLogEvents(b -> b.logGroupName("/log-shipper/it").logStreamName("pod-1")
                    .startFromHead(true)).events().stream().map(OutputLogEvent::message).toList();

            assertEquals(List.of("first line", "second line \u00e9\u20ac"), messages);
        }
    }

    private static LocalStackContainer authToken(LocalStackContainer container) {
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        return token == null || token.isBlank() ? container.withStartupTimeout(Duration.ofMinutes(3))
                : container.withEnv("LOCALSTACK_AUTH_TOKEN", token).withStartupTimeout(Duration.ofMinutes(3));
    }
}
