package dev.logshipper.cloudwatch;

import java.util.Set;

/** How the sender treats each AWS error type of PutLogEvents and the control calls. */
final class ErrorTypes {

    static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";
    static final String RESOURCE_ALREADY_EXISTS = "ResourceAlreadyExistsException";
    static final String INVALID_PARAMETER = "InvalidParameterException";
    static final String DATA_ALREADY_ACCEPTED = "DataAlreadyAcceptedException";

    /** Credentials missing, wrong or not allowed: nothing to fix by retrying fast, but retrying slowly loses nothing. */
    private static final Set<String> CREDENTIALS = Set.of(
            "UnrecognizedClientException", "AccessDeniedException", "AccessDenied", "InvalidSignatureException",
            "SignatureDoesNotMatch", "ExpiredTokenException", "ExpiredToken", "IncompleteSignature",
            "MissingAuthenticationToken", "InvalidClientTokenId", "NotAuthorized");

    private ErrorTypes() {
    }

    static boolean isCredentials(String type) {
        return CREDENTIALS.contains(type);
    }

    /**
     * Normalises {@code com.amazonaws.logs#ThrottlingException} or the {@code x-amzn-ErrorType} header form
     * {@code ThrottlingException:http://...} to {@code ThrottlingException}.
     */
    static String normalise(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "UnknownError";
        }
        String t = raw;
        int hash = t.lastIndexOf('#');
        if (hash >= 0) {
            t = t.substring(hash + 1);
        }
        int colon = t.indexOf(':');
        if (colon >= 0) {
            t = t.substring(0, colon);
        }
        return t;
    }
}
