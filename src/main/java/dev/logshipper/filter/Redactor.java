package dev.logshipper.filter;

import dev.logshipper.filter.FilterListener.Count;
import dev.logshipper.multiline.LineView;

import java.util.List;
import java.util.regex.Matcher;

/**
 * Applies an input's redaction patterns, in order, to one text; one instance per file (it owns the matchers). A text
 * that no pattern matches comes back as the same object, with nothing allocated; otherwise a new text with each match
 * (or its {@code redact} group) replaced by the pattern's mask.
 */
final class Redactor {

    private final Step[] steps;
    /** Whether any step is a built-in pattern, which needs the {@link MessageScan} pass. */
    private final boolean builtins;

    Redactor(List<Redaction> redactions, List<Count> counts) {
        this.steps = new Step[redactions.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = new Step(redactions.get(i), counts.get(i));
        }
        this.builtins = java.util.Arrays.stream(steps).anyMatch(step -> step.bit != 0);
    }

    /** {@code text} itself when nothing matched, else the masked text; each pattern's own prefilter decides first. */
    CharSequence redact(CharSequence text) {
        CharSequence current = text;
        for (Step step : steps) {
            if (step.redaction.prefilter().mayMatch(current)) {
                current = step.apply(current);
            }
        }
        return current;
    }

    /**
     * As {@link #redact(CharSequence)} for {@code message[0, length)}, the built-in patterns' prefilters done in one pass
     * over the bytes ({@link MessageScan}); null when no pattern needed to look, else the view (pointed at the message)
     * itself when nothing matched, or the masked text. Masks cannot create a match the original bytes did not allow, so
     * the pass over the original decides for every pattern.
     */
    CharSequence redactMessage(LineView view, byte[] message, int length) {
        int candidates = builtins ? MessageScan.candidates(message, length) : 0;
        CharSequence current = null;
        for (Step step : steps) {
            if (step.bit != 0 ? (candidates & step.bit) == 0
                    : step.required != null && TextMatcher.indexOf(message, length, step.required) < 0) {
                continue;
            }
            if (current == null) {
                current = view.reset(message, 0, length); // only now: most messages need no view at all
            }
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
        /** The built-in pattern's {@link MessageScan} bit; 0 for a user's pattern. */
        private final int bit;
        /** A user's pattern: the UTF-8 bytes every match starts with, searched for in a message first; or null. */
        private final byte[] required;

        Step(Redaction redaction, Count count) {
            this.redaction = redaction;
            this.count = count;
            this.matcher = redaction.pattern().matcher("");
            this.mask = redaction.mask();
            this.group = redaction.masksGroup();
            this.bit = MessageScan.bitOf(redaction.name());
            String prefix = bit == 0 ? TextMatcher.requiredPrefix(redaction.pattern()) : "";
            this.required = prefix.isEmpty() ? null : prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        CharSequence apply(CharSequence text) {
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
