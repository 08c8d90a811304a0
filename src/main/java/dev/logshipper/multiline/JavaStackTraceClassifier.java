package dev.logshipper.multiline;

/**
 * The built-in {@code java} rule: joins a JVM stack trace, and the log line that introduced it, into one
 * record. Written against real {@code Throwable.printStackTrace()} output (see the recorded fixture
 * {@code traces/java-stderr.txt}):
 * <pre>
 * 2025-01-02T03:04:05.000Z ERROR [main] app - could not start      &lt;- a log line: starts a record (HEAD)
 * java.lang.RuntimeException: startup aborted                       &lt;- exception header: continues a HEAD record
 * 	at JavaTraces.start(JavaTraces.java:32)                          &lt;- indented: continues (frames, "... 6 more",
 * Caused by: java.lang.IllegalStateException: ...                   &lt;-   tab-indented "Suppressed:" and nested causes)
 * </pre>
 * An exception header after frames starts a new record (a second, unrelated trace), and
 * {@code Exception in thread "..."} (the JVM's uncaught-exception output) always starts one, since no
 * logger line precedes it. Known limit: the extra lines of a multi-line exception message are not
 * indented and so start records of their own.
 */
public final class JavaStackTraceClassifier implements LineClassifier {

    private enum State { HEAD, TRACE }

    /**
     * An exception header: a qualified class name ending in {@code Exception}, {@code Error} or {@code Throwable},
     * then {@code :} or the end of the line - what the regular expression
     * {@code ^(?:[a-zA-Z_$][\w$]*\.)+[\w$]*(?:Exception|Error|Throwable)(?::|$)} matches (a test compares the two),
     * in one pass over the name instead of the regex engine's backtracking through every split of it.
     */
    static boolean isExceptionHeader(CharSequence line) {
        int n = line.length();
        int qualifiers = 0;
        int i = 0;
        while (true) {
            int start = i;
            while (i < n && isWordChar(line.charAt(i))) {
                i++;
            }
            if (i < n && line.charAt(i) == '.') {
                if (i == start || !isIdentifierStart(line.charAt(start))) {
                    return false;
                }
                qualifiers++;
                i++;
                continue;
            }
            // [start, i) is the class's simple name; what follows must be ':' or the end of the line.
            return qualifiers > 0
                    && (endsWith(line, start, i, "Exception") || endsWith(line, start, i, "Error")
                            || endsWith(line, start, i, "Throwable"))
                    && (i == n || line.charAt(i) == ':' || isFinalLineTerminator(line, i));
        }
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    private static boolean isWordChar(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9');
    }

    private static boolean endsWith(CharSequence line, int start, int end, String suffix) {
        int from = end - suffix.length();
        if (from < start) {
            return false;
        }
        for (int k = 0; k < suffix.length(); k++) {
            if (line.charAt(from + k) != suffix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** A regex {@code $} also matches before a line terminator that ends the input. */
    private static boolean isFinalLineTerminator(CharSequence line, int i) {
        int rest = line.length() - i;
        char c = line.charAt(i);
        if (rest == 2) {
            return c == '\r' && line.charAt(i + 1) == '\n';
        }
        return rest == 1 && (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029');
    }

    private State state = State.HEAD;

    @Override
    public Decision classify(CharSequence line, boolean recordOpen) {
        if (!recordOpen) {
            state = State.HEAD;
        }
        if (Lines.isIndented(line) || Lines.startsWith(line, "Caused by: ")) {
            state = State.TRACE;
            return Decision.CONTINUE;
        }
        if (Lines.startsWith(line, "Exception in thread \"")) {
            state = State.TRACE;
            return Decision.START;
        }
        if (isExceptionHeader(line)) {
            boolean continuesLogLine = recordOpen && state == State.HEAD;
            state = State.TRACE;
            return continuesLogLine ? Decision.CONTINUE : Decision.START;
        }
        state = State.HEAD;
        return Decision.START;
    }
}
