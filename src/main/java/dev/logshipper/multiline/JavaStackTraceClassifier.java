package dev.logshipper.multiline;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern HEADER = Pattern.compile(
            "^(?:[a-zA-Z_$][\\w$]*\\.)+[\\w$]*(?:Exception|Error|Throwable)(?::|$)");

    private enum State { HEAD, TRACE }

    /**
     * An exception header starts with a Java identifier's first character; most log lines (a timestamp, a level) do not,
     * and skip the regex. ({@code lookingAt}, not {@code find}: the pattern is anchored, and {@code find} would try it at
     * every position of the line.)
     */
    private static boolean mayBeHeader(CharSequence line) {
        if (line.isEmpty()) {
            return false;
        }
        char c = line.charAt(0);
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    private final Matcher header = HEADER.matcher("");
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
        if (mayBeHeader(line) && header.reset(line).lookingAt()) {
            boolean continuesLogLine = recordOpen && state == State.HEAD;
            state = State.TRACE;
            return continuesLogLine ? Decision.CONTINUE : Decision.START;
        }
        state = State.HEAD;
        return Decision.START;
    }
}
