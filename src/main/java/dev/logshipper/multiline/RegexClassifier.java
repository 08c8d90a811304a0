package dev.logshipper.multiline;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * User-configured boundaries, with {@link Matcher#find()} semantics (anchor with {@code ^} as needed):
 * <ul>
 *   <li>start pattern only (fluent-plugin-concat's {@code multiline_start_regexp}): a matching line
 *       starts a record, every other line continues it;</li>
 *   <li>continue pattern only (concat's {@code continuous_line_regexp} alone): a matching line
 *       continues the open record, every other line starts one;</li>
 *   <li>both (Fluent Bit's {@code start_state} + {@code cont} rule): a start line starts a record, a
 *       continue line continues an open one, and a line matching neither — or a continue line with no
 *       record open — is a record on its own, as Fluent Bit emits unmatched lines unchanged.</li>
 * </ul>
 * The matchers are reused across lines, so classifying allocates nothing.
 */
public final class RegexClassifier implements LineClassifier {

    private final Matcher start;
    private final Matcher cont;

    /** At least one of the patterns must be given. */
    public RegexClassifier(Pattern start, Pattern cont) {
        if (start == null && cont == null) {
            throw new IllegalArgumentException("a start or a continue pattern is required");
        }
        this.start = start == null ? null : start.matcher("");
        this.cont = cont == null ? null : cont.matcher("");
    }

    @Override
    public Decision classify(CharSequence line, boolean recordOpen) {
        if (start != null && cont == null) {
            return start.reset(line).find() ? Decision.START : Decision.CONTINUE;
        }
        if (start == null) {
            return cont.reset(line).find() ? Decision.CONTINUE : Decision.START;
        }
        if (start.reset(line).find()) {
            return Decision.START;
        }
        return recordOpen && cont.reset(line).find() ? Decision.CONTINUE : Decision.SINGLE;
    }
}
