package dev.logshipper.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the AWS identifiers of the config file, so a typo fails at startup instead of on the first call. Each method
 * returns the problem as the tail of an error message ("... is not ..."), or empty when the value is fine. (Log group
 * and stream name templates are checked by {@link dev.logshipper.names.NameTemplate}.)
 */
final class AwsIdentifiers {
    /** Region names like us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    /** The key ARN CreateLogGroup's kmsKeyId requires (an alias or a bare key id is refused by the API). */
    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");

    private AwsIdentifiers() {
    }

    static Optional<String> regionProblem(String region) {
        return REGION.matcher(region).matches()
                ? Optional.empty()
                : Optional.of("is not an AWS region name such as us-east-1 or eu-central-1");
    }

    static Optional<String> kmsKeyIdProblem(String kmsKeyId) {
        return KMS_KEY_ARN.matcher(kmsKeyId).matches()
                ? Optional.empty()
                : Optional.of("is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>)");
    }
}
