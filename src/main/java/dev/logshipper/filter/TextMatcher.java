package dev.logshipper.filter;

import dev.logshipper.multiline.LineView;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Searches a record's message (UTF-8 bytes) or a field's text for a user's regex, without allocating. A regex that is
 * plain text (the usual {@code GET /healthz}) is searched for as bytes, skipping the regex engine and the character
 * view; any other regex runs on a reused {@link LineView} over the bytes, and only when the plain text every match
 * starts with ({@code GET /} of {@code GET /(healthz|readyz)}) is in the bytes: the engine tries a match at every
 * character, a byte search is several times cheaper, and most records do not match. One instance per file.
 */
final class TextMatcher {

    /** Characters that mean nothing special in a regex outside a character class. */
    private static final String PLAIN = " _-/:=,;'\"@%&<>!~`";

    private final byte[] literal;
    private final String literalText;
    private final byte[] prefix;
    private final Matcher matcher;
    private final LineView view = new LineView();

    TextMatcher(Pattern pattern) {
        String regex = pattern.pattern();
        boolean plain = pattern.flags() == 0 && !regex.isEmpty() && regex.chars().allMatch(TextMatcher::isPlain);
        this.literalText = plain ? regex : null;
        this.literal = plain ? regex.getBytes(StandardCharsets.UTF_8) : null;
        String start = plain ? "" : requiredPrefix(pattern);
        this.prefix = start.isEmpty() ? null : start.getBytes(StandardCharsets.UTF_8);
        this.matcher = plain ? null : pattern.matcher("");
    }

    private static boolean isPlain(int c) {
        return Character.isLetterOrDigit(c) || PLAIN.indexOf(c) >= 0;
    }

    /**
     * The plain text at the start of every match of {@code pattern}, or "" when there is none to rely on: with flags,
     * with an alternative at the top level ({@code a|b}), or when a quantifier follows the last plain character.
     */
    static String requiredPrefix(Pattern pattern) {
        String regex = pattern.pattern();
        if (pattern.flags() != 0 || hasTopLevelAlternative(regex)) {
            return "";
        }
        int end = 0;
        while (end < regex.length() && isPlain(regex.charAt(end))) {
            end++;
        }
        if (end < regex.length() && "?*{".indexOf(regex.charAt(end)) >= 0) {
            end--; // the last character is optional (a "+" keeps one occurrence)
        }
        return end <= 0 ? "" : regex.substring(0, end);
    }

    private static boolean hasTopLevelAlternative(String regex) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the regex is found in {@code message[0, length)}. */
    boolean find(byte[] message, int length) {
        if (literal != null) {
            return indexOf(message, length, literal) >= 0;
        }
        if (prefix != null && indexOf(message, length, prefix) < 0) {
            return false;
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
