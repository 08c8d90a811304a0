package dev.logshipper.cloudwatch;

import dev.logshipper.config.ShipperConfig.BufferConfig;
import dev.logshipper.config.ShipperConfig.CloudWatchConfig;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.Map;

/** Builds the CloudWatch delivery stage from configuration: the one entry point the shipper wires. */
public final class CloudWatchDelivery {

    private static final System.Logger LOG = System.getLogger(CloudWatchDelivery.class.getName());

    private CloudWatchDelivery() {
    }

    /** Starts delivery with the SDK's default credentials chain. */
    public static CloudWatchSink start(CloudWatchConfig config, BufferConfig buffer, DeliveryListener listener,
                                       Map<String, String> env, InstantSource clock) {
        return start(config, buffer, listener, env, clock, DefaultCredentialsProvider.builder().build());
    }

    static CloudWatchSink start(CloudWatchConfig config, BufferConfig buffer, DeliveryListener listener,
                                Map<String, String> env, InstantSource clock, AwsCredentialsProvider credentials) {
        DigestWarmUp.start();
        AwsConnection aws = AwsConnection.open(config, env, credentials);
        LOG.log(Level.INFO, "shipping to CloudWatch Logs at " + aws.endpoint + " (region " + aws.region + ")");
        LogGroupProvisioner provisioner = new LogGroupProvisioner(aws::client, new LogGroupProvisioner.Settings(
                config.autoCreate(), config.retentionDays(), config.logGroupClass(), config.kmsKeyId(), config.tags()),
                listener);
        BatchSender sender = new BatchSender(aws.signedTransport(), provisioner,
                new Backoff(Backoff.DEFAULT_BASE, config.maxBackoff()), BatchSender.Sleeper.REAL, listener);
        return new CloudWatchSink(sender, new TimeWindow(config.outOfWindow(), config.retentionDays()), clock,
                config.flushInterval(), config.maxInFlight(), buffer.maxBytes(), listener, aws);
    }
}
