package dev.logshipper.cloudwatch;

import java.util.List;

/**
 * The IAM actions the shipper calls, in one place for the tests. {@code k8s/iam-policy.json} must grant exactly these
 * (checked by {@code ManifestsTest}), so the policy never drifts into the broad
 * {@code CloudWatchAgentServerPolicy} the Fluentd setup used, nor misses a call the code makes.
 *
 * <p>Keep this list in sync with the CloudWatch client code ({@link BatchSender}, {@link LogGroupProvisioner}): add an
 * action here in the same change that starts calling it. The shipper never calls {@code Describe*}: streams and groups
 * are created lazily on {@code ResourceNotFoundException}.
 */
public final class IamActions {

    /** Ships the events; the only call on the hot path. */
    public static final String PUT_LOG_EVENTS = "logs:PutLogEvents";
    /** Creates a missing stream on {@code ResourceNotFoundException} ({@code cloudwatch.autoCreate}). */
    public static final String CREATE_LOG_STREAM = "logs:CreateLogStream";
    /** Creates a missing group on {@code ResourceNotFoundException} ({@code cloudwatch.autoCreate}). */
    public static final String CREATE_LOG_GROUP = "logs:CreateLogGroup";
    /** Sets {@code cloudwatch.retentionDays} on a group the shipper created. */
    public static final String PUT_RETENTION_POLICY = "logs:PutRetentionPolicy";
    /** CreateLogGroup with {@code cloudwatch.tags} needs it (tags are applied on create only). */
    public static final String TAG_RESOURCE = "logs:TagResource";

    /** Every action the shipper may call; an IAM policy must grant all of them and needs no others. */
    public static final List<String> ALL = List.of(
            PUT_LOG_EVENTS, CREATE_LOG_STREAM, CREATE_LOG_GROUP, PUT_RETENTION_POLICY, TAG_RESOURCE);

    private IamActions() {
    }
}
