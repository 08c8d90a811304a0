package dev.logshipper.filter;

import dev.logshipper.multiline.LineView;
import dev.logshipper.record.ParsedRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code redact}: masks what the patterns find in the message (all of a multiline record: the patterns see the joined
 * text) and in every string of a JSON record's fields, nested objects and arrays included. Keys are not redacted.
 * A record nothing matched in is passed on as it is; a changed one is a new record with new bytes or maps.
 */
final class RedactFilter implements RecordFilter {

    private final Redactor redactor;
    private final LineView view = new LineView();

    RedactFilter(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public ParsedRecord apply(ParsedRecord record) {
        CharSequence redacted = redactor.redactMessage(view, record.message(), record.messageLength());
        boolean same = redacted == null || redacted == view;
        Map<String, Object> fields = record.fields().isEmpty() ? record.fields() : redactMap(record.fields());
        if (same && fields == record.fields()) {
            return record;
        }
        byte[] message = same ? record.message() : redacted.toString().getBytes(StandardCharsets.UTF_8);
        int length = same ? record.messageLength() : message.length;
        return new ParsedRecord(message, length, record.timestampMillis(), record.stream(),
                fields == record.fields() ? fields : Collections.unmodifiableMap(fields), record.startOffset(),
                record.endOffset());
    }

    /** The map itself when no string in it changed, else a copy with the changed values. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> redactMap(Map<String, Object> map) {
        Map<String, Object> copy = null;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object value = e.getValue();
            Object redacted = redactValue(value);
            if (redacted != value) {
                if (copy == null) {
                    copy = new LinkedHashMap<>(map);
                }
                copy.put(e.getKey(), redacted);
            }
        }
        return copy == null ? map : copy;
    }

    @SuppressWarnings("unchecked")
    private Object redactValue(Object value) {
        return switch (value) {
            case String s -> {
                CharSequence r = redactor.redact(s);
                yield r == s ? s : r.toString();
            }
            case Map<?, ?> m -> redactMap((Map<String, Object>) m);
            case List<?> list -> redactList(list);
            case null, default -> value;
        };
    }

    private List<?> redactList(List<?> list) {
        List<Object> copy = null;
        for (int i = 0; i < list.size(); i++) {
            Object value = list.get(i);
            Object redacted = redactValue(value);
            if (redacted != value) {
                if (copy == null) {
                    copy = new ArrayList<>(list);
                }
                copy.set(i, redacted);
            }
        }
        return copy == null ? list : copy;
    }
}
