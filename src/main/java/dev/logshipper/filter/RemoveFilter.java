package dev.logshipper.filter;

import dev.logshipper.record.ParsedRecord;

import java.util.List;
import java.util.Map;

/** {@code remove}: deletes JSON record fields (dotted paths); a record without them is passed on unchanged. */
final class RemoveFilter implements RecordFilter {

    private final FieldPath[] paths;

    RemoveFilter(List<String> fields) {
        this.paths = fields.stream().map(FieldPath::new).toArray(FieldPath[]::new);
    }

    @Override
    public ParsedRecord apply(ParsedRecord record) {
        Map<String, Object> fields = record.fields();
        for (FieldPath path : paths) {
            fields = path.remove(fields);
        }
        return FieldEdits.withFields(record, fields);
    }
}
