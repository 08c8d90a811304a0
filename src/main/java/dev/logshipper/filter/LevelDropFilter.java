package dev.logshipper.filter;

import dev.logshipper.filter.FilterListener.Count;
import dev.logshipper.multiline.LineView;
import dev.logshipper.record.ParsedRecord;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code drop} by level: drops a record whose level is one of the listed ones (ASCII case ignored). The level is a JSON
 * record's field, or what the first group of {@code levelPattern} captures in the message. A record without a level is
 * kept. Compares in place: no string is made of the level.
 */
final class LevelDropFilter implements RecordFilter {

    private final String[] levels;
    private final FieldPath field;
    private final Matcher matcher;
    private final LineView view = new LineView();
    private final Count dropped;

    private LevelDropFilter(List<String> levels, FieldPath field, Pattern pattern, Count dropped) {
        this.levels = levels.toArray(String[]::new);
        this.field = field;
        this.matcher = pattern == null ? null : pattern.matcher("");
        this.dropped = dropped;
    }

    static LevelDropFilter byField(List<String> levels, String path, Count dropped) {
        return new LevelDropFilter(levels, new FieldPath(path), null, dropped);
    }

    static LevelDropFilter byPattern(List<String> levels, Pattern pattern, Count dropped) {
        return new LevelDropFilter(levels, null, pattern, dropped);
    }

    @Override
    public ParsedRecord apply(ParsedRecord record) {
        boolean listed;
        if (matcher != null) {
            matcher.reset(view.reset(record.message(), 0, record.messageLength()));
            listed = matcher.find() && matcher.start(1) >= 0 && listed(view, matcher.start(1), matcher.end(1));
        } else {
            listed = field.get(record.fields()) instanceof String level && listed(level, 0, level.length());
        }
        if (listed) {
            dropped.add(1);
            return null;
        }
        return record;
    }

    private boolean listed(CharSequence text, int start, int end) {
        for (String level : levels) {
            if (equalsIgnoreCase(text, start, end, level)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsIgnoreCase(CharSequence text, int start, int end, String lowerCase) {
        if (end - start != lowerCase.length()) {
            return false;
        }
        for (int i = 0; i < lowerCase.length(); i++) {
            char c = text.charAt(start + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            if (c != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
