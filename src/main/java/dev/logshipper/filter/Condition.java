package dev.logshipper.filter;

import dev.logshipper.record.ParsedRecord;

import java.util.regex.Pattern;

/** What a keep or drop filter tests in a record; one instance per file (it may own a matcher). */
interface Condition {

    enum Result { MATCH, NO_MATCH, MISSING_FIELD }

    Result test(ParsedRecord record);

    /** The user's regex found in the message. */
    static Condition message(Pattern pattern) {
        TextMatcher matcher = new TextMatcher(pattern);
        return r -> matcher.find(r.message(), r.messageLength()) ? Result.MATCH : Result.NO_MATCH;
    }

    /** The user's regex found in a JSON record's field (numbers and booleans as their JSON text). */
    static Condition field(String path, Pattern pattern) {
        FieldPath field = new FieldPath(path);
        TextMatcher matcher = new TextMatcher(pattern);
        return r -> {
            Object value = field.get(r.fields());
            if (value == null) {
                return Result.MISSING_FIELD;
            }
            String text = value instanceof String s ? s : String.valueOf(value);
            return matcher.find(text) ? Result.MATCH : Result.NO_MATCH;
        };
    }

    /** The record came from {@code stream} (stdout or stderr). */
    static Condition stream(String stream) {
        return r -> stream.equals(r.stream()) ? Result.MATCH : Result.NO_MATCH;
    }
}
