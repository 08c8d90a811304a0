package dev.logshipper.config;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks CloudWatch Logs naming rules on the values of the config file, so a bad log group name fails at
 * startup instead of on the first PutLogEvents (where it would block shipping).
 *
 * <p>Log group and stream names are templates: {@code {placeholder}} parts are filled per file at run time and
 * are only checked for syntax here; the literal parts must already be valid. Each method returns the problem
 * as the tail of an error message ("... is not ..."), or empty when the value is fine.
 */
final class CloudWatchNames {
    /** CreateLogGroup: 1..512 of a-z A-Z 0-9 _ - / . # */
    private static final Pattern GROUP_CHARS = Pattern.compile("[A-Za-z0-9_\\-/.#]*");
    private static final int MAX_NAME_LENGTH = 512;
    private static final Pattern PLACEHOLDER = Pattern.compile("[a-z][a-z0-9_]*");
    /** Region names like us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    /** The key ARN CreateLogGroup's kmsKeyId requires (an alias or a bare key id is refused by the API). */
    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");

    private CloudWatchNames() {
    }

    static Optional<String> logGroupTemplateProblem(String template) {
        return literal(template).thenCheck(literal -> {
            if (!GROUP_CHARS.matcher(literal).matches()) {
                return Optional.of("contains characters CloudWatch does not allow in a log group name;"
                        + " allowed are a-z A-Z 0-9 _ - / . # and {placeholders}");
            }
            if (template.startsWith("aws/")) {
                return Optional.of("starts with aws/, which CloudWatch reserves for AWS services");
            }
            return tooLong(literal);
        });
    }

    static Optional<String> logStreamTemplateProblem(String template) {
        return literal(template).thenCheck(literal -> {
            if (literal.indexOf(':') >= 0 || literal.indexOf('*') >= 0) {
                return Optional.of("contains : or *, which CloudWatch does not allow in a log stream name");
            }
            return tooLong(literal);
        });
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

    private static Optional<String> tooLong(String literal) {
        return literal.length() > MAX_NAME_LENGTH
                ? Optional.of("is longer than " + MAX_NAME_LENGTH + " characters")
                : Optional.empty();
    }

    /**
     * The template with its placeholders removed, or the syntax problem. Kept as a tiny result type so the
     * two callers can chain their own literal checks.
     */
    private static Result literal(String template) {
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) {
                    return Result.problem("has an unmatched {; placeholders are written {name}");
                }
                String name = template.substring(i + 1, close);
                if (!PLACEHOLDER.matcher(name).matches()) {
                    return Result.problem("has an invalid placeholder {" + name
                            + "}; placeholder names are lower-case letters, digits and _");
                }
                i = close + 1;
            } else if (c == '}') {
                return Result.problem("has an unmatched }; placeholders are written {name}");
            } else {
                literal.append(c);
                i++;
            }
        }
        return new Result(literal.toString(), null);
    }

    private record Result(String literal, String problem) {
        static Result problem(String problem) {
            return new Result(null, problem);
        }

        Optional<String> thenCheck(Function<String, Optional<String>> check) {
            return problem != null ? Optional.of(problem) : check.apply(literal);
        }
    }
}
