package dev.logshipper.multiline;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in {@code go} rule: joins a Go panic (or {@code fatal error:}) with its goroutine dump into
 * one record. Written against real output of a panic with {@code GOTRACEBACK=all} (recorded fixture
 * {@code traces/go-stderr.txt}):
 * <pre>
 * panic: runtime error: index out of range [5] with length 3    starts a record (always: the runtime prints it)
 *                                                               blank lines continue inside the dump
 * goroutine 1 [running]:                                        goroutine headers
 * main.(*store).get(...)                                        function lines "name(args)"
 * 	/tmp/go_panic_main.go:13                                     indented file lines
 * created by main.main                                          "created by", "...additional frames elided..."
 * exit status 2                                                 go run's exit line ends the dump
 * </pre>
 * {@code [signal ...]} lines and indented nested {@code panic:} lines continue too. Any other line
 * starts a new record.
 */
public final class GoPanicClassifier implements LineClassifier {

    private static final Pattern GOROUTINE = Pattern.compile("^goroutine \\d+ .*\\]:$");
    private static final Pattern FUNCTION = Pattern.compile("^\\S+\\(.*\\)$");
    private static final Pattern EXIT = Pattern.compile("^exit status \\d+$");

    private enum State { OTHER, PANIC, DUMP }

    private final Matcher goroutine = GOROUTINE.matcher("");
    private final Matcher function = FUNCTION.matcher("");
    private final Matcher exit = EXIT.matcher("");
    private State state = State.OTHER;

    @Override
    public Decision classify(CharSequence line, boolean recordOpen) {
        if (!recordOpen) {
            state = State.OTHER;
        }
        if (Lines.startsWith(line, "panic: ") || Lines.startsWith(line, "fatal error: ")) {
            boolean nested = recordOpen && state != State.OTHER; // "fatal error:" while printing a panic
            state = State.PANIC;
            return nested ? Decision.CONTINUE : Decision.START;
        }
        if (state != State.OTHER) {
            if (Lines.isBlank(line) || Lines.isIndented(line) || Lines.startsWith(line, "[signal ")) {
                return Decision.CONTINUE;
            }
            if (goroutine.reset(line).find()) {
                state = State.DUMP;
                return Decision.CONTINUE;
            }
            if (state == State.DUMP && (Lines.startsWith(line, "created by ")
                    || Lines.startsWith(line, "...additional frames elided...")
                    || function.reset(line).find())) {
                return Decision.CONTINUE;
            }
            if (exit.reset(line).find()) {
                state = State.OTHER;
                return Decision.CONTINUE;
            }
        }
        state = State.OTHER;
        return Decision.START;
    }
}
