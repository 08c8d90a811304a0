package dev.logshipper.cloudwatch;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

import dev.logshipper.record.Destination;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Creates log groups and streams with the modeled SDK client, only after PutLogEvents said they are missing (never a
 * Describe* call per batch). {@code ResourceAlreadyExistsException} counts as success: another writer got there first.
 * A group is created with its class, KMS key and tags, then its retention policy is set.
 */
final class LogGroupProvisioner {

    private static final System.Logger LOG = System.getLogger(LogGroupProvisioner.class.getName());

    /** What the shipper may do when a destination is missing. */
    record Settings(boolean createGroups, Optional<Integer> retentionDays, Optional<String> logGroupClass,
                    Optional<String> kmsKeyId, Map<String, String> tags) {
    }

    private final Supplier<CloudWatchLogsClient> client;
    private final Settings settings;
    private final DeliveryListener listener;

    LogGroupProvisioner(Supplier<CloudWatchLogsClient> client, Settings settings, DeliveryListener listener) {
        this.client = client;
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Makes the destination exist: creates the stream, and first the group when the stream's creation says the group is
     * missing and creating groups is allowed.
     *
     * @return false when the group is missing and may not be created (the caller waits and retries)
     */
    boolean ensure(Destination destination) {
        try {
            createStream(destination);
            return true;
        } catch (ResourceNotFoundException groupMissing) {
            if (!settings.createGroups()) {
                return false;
            }
        }
        createGroup(destination.logGroup());
        createStream(destination);
        return true;
    }

    private void createStream(Destination destination) {
        try {
            client.get().createLogStream(r -> r.logGroupName(destination.logGroup()).logStreamName(destination.logStream()));
            listener.created("stream");
            LOG.log(Level.INFO, "created log stream " + destination);
        } catch (ResourceAlreadyExistsException alreadyThere) {
            // Another shipper (or our own earlier attempt) created it: that is what we wanted.
        }
    }

    private void createGroup(String group) {
        CreateLogGroupRequest.Builder request = CreateLogGroupRequest.builder().logGroupName(group);
        settings.logGroupClass().ifPresent(request::logGroupClass);
        settings.kmsKeyId().ifPresent(request::kmsKeyId);
        if (!settings.tags().isEmpty()) {
            request.tags(settings.tags());
        }
        try {
            client.get().createLogGroup(request.build());
            listener.created("group");
            LOG.log(Level.INFO, "created log group " + group);
        } catch (ResourceAlreadyExistsException alreadyThere) {
            return; // Someone else created it; its settings are theirs, we do not change them.
        }
        settings.retentionDays().ifPresent(days ->
                client.get().putRetentionPolicy(r -> r.logGroupName(group).retentionInDays(days)));
    }
}
