package dev.logshipper.multiline;

/**
 * The built-in {@code python} rule: joins a CPython traceback, the log line that introduced it
 * ({@code logging.exception}) and chained tracebacks into one record. Written against real output
 * (recorded fixture {@code traces/python-stderr.txt}):
 * <pre>
 * ERROR:app:parse failed                       HEAD   (a log line starts a record)
 * Traceback (most recent call last):           FRAMES (continues a HEAD record, else starts one)
 *   File "...", line 22, in &lt;module&gt;          FRAMES (indented: frames, source, ^^^^ markers)
 * ValueError: invalid literal ...              RAISED (the first unindented line ends the frames)
 *                                              RAISED (blank: kept tentatively)
 * During handling of the above exception, ...  CHAINED (or "The above exception was the direct cause ...")
 *                                              CHAINED
 * Traceback (most recent call last):           FRAMES (continues the chain)
 * </pre>
 * Any other line starts a new record; blank lines the rule kept at the end are trimmed from the message.
 * Known limit: an uncaught traceback right after a one-line log record joins it, as it cannot be told
 * apart from {@code logging.exception} output.
 */
public final class PythonTracebackClassifier implements LineClassifier {

    private static final String TRACEBACK = "Traceback (most recent call last):";
    private static final String DURING = "During handling of the above exception, another exception occurred:";
    private static final String CAUSE = "The above exception was the direct cause of the following exception:";

    private enum State { HEAD, FRAMES, RAISED, CHAINED }

    private State state = State.HEAD;

    @Override
    public Decision classify(CharSequence line, boolean recordOpen) {
        if (!recordOpen) {
            state = State.HEAD;
        }
        if (Lines.startsWith(line, TRACEBACK)) {
            boolean joins = recordOpen && (state == State.HEAD || state == State.CHAINED);
            state = State.FRAMES;
            return joins ? Decision.CONTINUE : Decision.START;
        }
        boolean blank = Lines.isBlank(line);
        switch (state) {
            case FRAMES -> {
                if (Lines.isIndented(line)) {
                    return Decision.CONTINUE;
                }
                if (!blank) {
                    state = State.RAISED;
                    return Decision.CONTINUE;
                }
            }
            case RAISED -> {
                if (blank || Lines.isIndented(line)) {
                    return Decision.CONTINUE;
                }
                if (Lines.startsWith(line, DURING) || Lines.startsWith(line, CAUSE)) {
                    state = State.CHAINED;
                    return Decision.CONTINUE;
                }
            }
            case CHAINED -> {
                if (blank) {
                    return Decision.CONTINUE;
                }
            }
            case HEAD -> { }
        }
        state = State.HEAD;
        return Decision.START;
    }
}
