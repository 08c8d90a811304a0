package dev.logshipper.filter;

import dev.logshipper.record.ParsedRecord;

import java.util.Map;

/**
 * {@code rename}: moves JSON record fields to new dotted paths, replacing what was there (like Fluent Bit's
 * {@code modify Hard_rename}). A record without the field is passed on unchanged.
 */
final class RenameFilter implements RecordFilter {

    private final FieldPath[] from;
    private final FieldPath[] to;

    RenameFilter(Map<String, String> fields) {
        this.from = fields.keySet().stream().map(FieldPath::new).toArray(FieldPath[]::new);
        this.to = fields.values().stream().map(FieldPath::new).toArray(FieldPath[]::new);
    }

    @Override
    public ParsedRecord apply(ParsedRecord record) {
        Map<String, Object> fields = record.fields();
        for (int i = 0; i < from.length; i++) {
            Object value = from[i].get(fields);
            if (value != null) {
                fields = to[i].put(from[i].remove(fields), value);
            }
        }
        return FieldEdits.withFields(record, fields);
    }
}
