package dev.logshipper.filter;

import dev.logshipper.record.ParsedRecord;

import java.util.Map;

/** The one way filters swap a record's fields. */
final class FieldEdits {

    private FieldEdits() {
    }

    /** {@code record} itself when {@code fields} are its own, else a copy with {@code fields}. */
    static ParsedRecord withFields(ParsedRecord record, Map<String, Object> fields) {
        if (fields == record.fields()) {
            return record;
        }
        return new ParsedRecord(record.message(), record.messageLength(), record.timestampMillis(), record.stream(),
                fields, record.startOffset(), record.endOffset());
    }
}
