package dev.logshipper.testing;

/**
 * An error answer of the fake, in the shape the AWS JSON 1.1 protocol uses: HTTP status plus a body
 * {@code {"__type":"<errorType>","message":"..."}}. The SDK maps {@code __type} to its typed
 * exceptions, so {@code errorType} must be the exact AWS error code.
 */
public final class AwsServiceError extends RuntimeException {
    private final String errorType;
    private final int httpStatus;

    public AwsServiceError(String errorType, int httpStatus, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
        this.httpStatus = httpStatus;
    }

    public String errorType() {
        return errorType;
    }

    public int httpStatus() {
        return httpStatus;
    }

    static AwsServiceError invalidParameter(String message) {
        return new AwsServiceError("InvalidParameterException", 400, message);
    }

    static AwsServiceError resourceNotFound(String message) {
        return new AwsServiceError("ResourceNotFoundException", 400, message);
    }

    /** AWS's framework validation wording: "1 validation error detected: Value 'x' at 'field' failed ...". */
    static AwsServiceError validation(Object value, String field, String constraint) {
        String shown = value == null ? "null" : "'" + value + "'";
        return invalidParameter("1 validation error detected: Value " + shown + " at '" + field
                + "' failed to satisfy constraint: " + constraint);
    }
}
