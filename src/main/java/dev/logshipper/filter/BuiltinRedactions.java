package dev.logshipper.filter;

import dev.logshipper.filter.Redaction.MatchCheck;
import dev.logshipper.filter.Redaction.Prefilter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The built-in redaction patterns, by the names {@code ShipperConfig.RedactConfig.BUILTIN_PATTERNS} lists. Each has a
 * prefilter for the text every match must contain (an {@code @}, {@code eyJ}, a run of 13 digits...), used on JSON
 * string fields; for messages {@link MessageScan} does the same tests for all of them in one pass over the bytes. A text
 * without any of them never enters the regex engine. Regexes start with a look-behind where a match could start anywhere
 * in a long run, so a run is tried once, not from each of its characters.
 */
final class BuiltinRedactions {

    private static final Map<String, Redaction> ALL = new LinkedHashMap<>();

    static {
        add("aws-key", "(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}"
                + "(?![A-Z0-9])", literals(false, "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA",
                "ABIA", "ACCA", "A3T"), MatchCheck.ANY);
        // A secret access key is 40 characters of base64 with no shape of its own: found only after a key name with
        // "secret" in it (aws_secret_access_key=, "SecretAccessKey": ...), and only the value is masked.
        add("aws-secret", "(?i)secret[a-z_]*[\"']?\\s*[:=]\\s*[\"']?(?<redact>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
                literals(true, "secret"), MatchCheck.ANY);
        // A token of at least 8 characters: "a bearer of bad news" is prose, not a credential.
        add("bearer", "(?i)\\bbearer\\s+(?<redact>[A-Za-z0-9\\-._~+/]{8,}=*)", literals(true, "bearer"),
                MatchCheck.ANY);
        add("jwt", "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*",
                literals(false, "eyJ"), MatchCheck.ANY);
        // Letters and digits of any script: internationalised addresses (jürgen@example.de) are masked whole.
        add("email", "(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}",
                literals(false, "@"), MatchCheck.ANY);
        add("card", "(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])", BuiltinRedactions::hasDigitRun,
                BuiltinRedactions::passesLuhn);
        add("ipv4", "(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
                + "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?![0-9]|\\.[0-9])", BuiltinRedactions::hasDottedQuad,
                MatchCheck.ANY);
    }

    private BuiltinRedactions() {
    }

    private static void add(String name, String regex, Prefilter prefilter, MatchCheck check) {
        ALL.put(name, new Redaction(name, Pattern.compile(regex), prefilter, check));
    }

    /** The built-in pattern {@code name}. */
    static Redaction named(String name) {
        Redaction r = ALL.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no built-in redaction pattern '" + name + "'; built-in: " + ALL.keySet());
        }
        return r;
    }

    static java.util.Set<String> names() {
        return ALL.keySet();
    }

    /**
     * A prefilter passing texts that contain one of the ASCII {@code literals} (ignoring ASCII case if asked). A table of
     * the literals' first characters keeps the usual case - a character that starts none of them - to one lookup.
     */
    static Prefilter literals(boolean ignoreCase, String... literals) {
        boolean[] starts = new boolean[128];
        for (String literal : literals) {
            char c = literal.charAt(0);
            starts[c] = true;
            if (ignoreCase) {
                starts[Character.toLowerCase(c)] = true;
                starts[Character.toUpperCase(c)] = true;
            }
        }
        return text -> {
            int n = text.length();
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c < 128 && starts[c]) {
                    for (String literal : literals) {
                        if (regionMatches(text, i, literal, ignoreCase)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        };
    }

    private static boolean regionMatches(CharSequence text, int at, String literal, boolean ignoreCase) {
        if (at + literal.length() > text.length()) {
            return false;
        }
        for (int j = 0; j < literal.length(); j++) {
            if (fold(text.charAt(at + j), ignoreCase) != fold(literal.charAt(j), ignoreCase)) {
                return false;
            }
        }
        return true;
    }

    private static char fold(char c, boolean ignoreCase) {
        return ignoreCase && c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** A run of at least 13 digits, single spaces or dashes allowed between them (what a card number needs). */
    static boolean hasDigitRun(CharSequence text) {
        int digits = 0;
        boolean separated = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits >= 13) {
                    return true;
                }
                separated = false;
            } else if ((c == ' ' || c == '-') && digits > 0 && !separated) {
                separated = true;
            } else {
                digits = 0;
                separated = false;
            }
        }
        return false;
    }

    /** Digits, a dot, digits, three times over (what an IPv4 address needs). */
    static boolean hasDottedQuad(CharSequence text) {
        int dots = 0;
        boolean digitBefore = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (dots >= 3) {
                    return true;
                }
                digitBefore = true;
            } else if (c == '.' && digitBefore) {
                dots++;
                digitBefore = false;
            } else {
                dots = 0;
                digitBefore = false;
            }
        }
        return false;
    }

    /** The Luhn checksum of the digits in {@code [start, end)}, 13 to 19 of them; separators are skipped. */
    static boolean passesLuhn(CharSequence text, int start, int end) {
        int sum = 0;
        int count = 0;
        for (int i = end - 1; i >= start; i--) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if ((count & 1) == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            count++;
        }
        return count >= 13 && count <= 19 && sum % 10 == 0;
    }
}
