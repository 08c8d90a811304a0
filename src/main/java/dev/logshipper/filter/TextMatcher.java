package dev.logshipper.filter;

import dev.logshipper.multiline.LineView;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Searches a record's message (UTF-8 bytes) or a field's text for a user's regex, without allocating. A regex that is
 * plain text (the usual {@code GET /healthz}) is searched for as bytes, skipping the regex engine and the character
 * view; any other regex runs on a reused {@link LineView} over the bytes. One instance per file.
 */
final class TextMatcher {

    /** Characters that mean nothing special in a regex outside a character class. */
    private static final String PLAIN = " _-/:=,;'\"@%&<>!~`";

    private final byte[] literal;
    private final String literalText;
    private final Matcher matcher;
    private final LineView view = new LineView();

    TextMatcher(Pattern pattern) {
        String regex = pattern.pattern();
        boolean plain = pattern.flags() == 0 && !regex.isEmpty()
                && regex.chars().allMatch(c -> Character.isLetterOrDigit(c) || PLAIN.indexOf(c) >= 0);
        this.literalText = plain ? regex : null;
        this.literal = plain ? regex.getBytes(StandardCharsets.UTF_8) : null;
        this.matcher = plain ? null : pattern.matcher("");
    }

    /** Whether the regex is found in {@code message[0, length)}. */
    boolean find(byte[] message, int length) {
        if (literal != null) {
            return indexOf(message, length, literal) >= 0;
        }
        return matcher.reset(view.reset(message, 0, length)).find();
    }

    /** Whether the regex is found in {@code text}. */
    boolean find(String text) {
        if (literalText != null) {
            return text.contains(literalText);
        }
        return matcher.reset(text).find();
    }

    static int indexOf(byte[] haystack, int length, byte[] needle) {
        byte first = needle[0];
        int last = length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
