package dev.logshipper.multiline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JavaStackTraceClassifierTest {

    /** The rule's definition of an exception header, as the regular expression it was written as first. */
    private static final Pattern HEADER = Pattern.compile(
            "^(?:[a-zA-Z_$][\\w$]*\\.)+[\\w$]*(?:Exception|Error|Throwable)(?::|$)");

    @Test
    void recognisesExceptionHeaders() {
        assertTrue(JavaStackTraceClassifier.isExceptionHeader("java.lang.IllegalStateException: could not place order 1"));
        assertTrue(JavaStackTraceClassifier.isExceptionHeader("org.example.Outer$InnerError"));
        assertTrue(JavaStackTraceClassifier.isExceptionHeader("a.Throwable:"));
        assertTrue(JavaStackTraceClassifier.isExceptionHeader("java.io.IOException\r\n"));
        assertFalse(JavaStackTraceClassifier.isExceptionHeader("IllegalStateException: not qualified"));
        assertFalse(JavaStackTraceClassifier.isExceptionHeader("java.lang.IllegalStateException and more"));
        assertFalse(JavaStackTraceClassifier.isExceptionHeader("2025-01-02T03:04:05.678Z ERROR java.io.IOException: x"));
        assertFalse(JavaStackTraceClassifier.isExceptionHeader("java..IOException:"));
        assertFalse(JavaStackTraceClassifier.isExceptionHeader("9java.IOException:"));
        assertFalse(JavaStackTraceClassifier.isExceptionHeader(""));
    }

    /** Generated lines over the characters that matter to the rule, each judged by the regex and by the scanner. */
    @Test
    void agreesWithTheRegexOnGeneratedLines() {
        String[] pieces = {"a", "Z", "_", "$", "9", ".", ":", " ", "-", "\r", "\n", "\u2028", "Exception", "Error",
                "Throwable", "Excep", "java.", "lang."};
        Random random = new Random(20261126);
        int headers = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder line = new StringBuilder();
            for (int k = random.nextInt(9); k >= 0; k--) {
                line.append(pieces[random.nextInt(pieces.length)]);
            }
            boolean expected = HEADER.matcher(line).lookingAt();
            headers += expected ? 1 : 0;
            assertEquals(expected, JavaStackTraceClassifier.isExceptionHeader(line), () -> "line '" + line + "'");
        }
        assertTrue(headers > 1_000, "too few headers among the generated lines to compare: " + headers);
    }
}
