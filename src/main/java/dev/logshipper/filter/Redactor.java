package dev.logshipper.filter;

import dev.logshipper.filter.FilterListener.Count;

import java.util.List;
import java.util.regex.Matcher;

/**
 * Applies an input's redaction patterns, in order, to one text; one instance per file (it owns the matchers). A text
 * that no pattern matches comes back as the same object, with nothing allocated; otherwise a new text with each match
 * (or its {@code redact} group) replaced by the pattern's mask.
 */
final class Redactor {

    private final Step[] steps;

    Redactor(List<Redaction> redactions, List<Count> counts) {
        this.steps = new Step[redactions.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = new Step(redactions.get(i), counts.get(i));
        }
    }

    /** {@code text} itself when nothing matched, else the masked text. */
    CharSequence redact(CharSequence text) {
        CharSequence current = text;
        for (Step step : steps) {
            current = step.apply(current);
        }
        return current;
    }

    private static final class Step {
        private final Redaction redaction;
        private final Count count;
        private final Matcher matcher;
        private final String mask;
        private final boolean group;

        Step(Redaction redaction, Count count) {
            this.redaction = redaction;
            this.count = count;
            this.matcher = redaction.pattern().matcher("");
            this.mask = redaction.mask();
            this.group = redaction.masksGroup();
        }

        CharSequence apply(CharSequence text) {
            if (!redaction.prefilter().mayMatch(text)) {
                return text;
            }
            matcher.reset(text);
            StringBuilder out = null;
            int copied = 0;
            int masked = 0;
            while (matcher.find()) {
                int start = group ? matcher.start(Redaction.GROUP) : matcher.start();
                int end = group ? matcher.end(Redaction.GROUP) : matcher.end();
                if (start < 0 || start == end || !redaction.check().accept(text, start, end)) {
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(text.length() + mask.length());
                }
                out.append(text, copied, start).append(mask);
                copied = end;
                masked++;
            }
            if (out == null) {
                return text;
            }
            count.add(masked);
            return out.append(text, copied, text.length());
        }
    }
}
