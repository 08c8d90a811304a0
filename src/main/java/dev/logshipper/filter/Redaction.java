package dev.logshipper.filter;

import java.util.regex.Pattern;

/**
 * One redaction pattern, compiled once per input: what to find, a cheap test that rules a text out before the regex
 * runs, an optional check of each match, and the mask {@code [REDACTED:<name>]}. When the regex has a group named
 * {@code redact}, only that group is masked (a key name before a secret stays readable).
 */
record Redaction(String name, Pattern pattern, Prefilter prefilter, MatchCheck check) {

    static final String GROUP = "redact";

    /** Rules out texts the regex cannot match, in one pass without the regex engine. */
    @FunctionalInterface
    interface Prefilter {
        boolean mayMatch(CharSequence text);

        Prefilter ANY = text -> true;
    }

    /** Accepts or refuses one match (the Luhn check of card numbers). */
    @FunctionalInterface
    interface MatchCheck {
        boolean accept(CharSequence text, int start, int end);

        MatchCheck ANY = (text, start, end) -> true;
    }

    /** A user's pattern, every match masked; the plain text every match starts with, if any, is its prefilter. */
    static Redaction user(String name, Pattern pattern) {
        String prefix = TextMatcher.requiredPrefix(pattern);
        return new Redaction(name, pattern, prefix.isEmpty() ? Prefilter.ANY : BuiltinRedactions.literals(false, prefix),
                MatchCheck.ANY);
    }

    String mask() {
        return "[REDACTED:" + name + "]";
    }

    boolean masksGroup() {
        return pattern.pattern().contains("(?<" + GROUP + ">");
    }
}
