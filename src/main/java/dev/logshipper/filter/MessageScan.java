package dev.logshipper.filter;

/**
 * The built-in redaction patterns' prefilters for a message, all in one pass over its bytes: which of them the message
 * could match at all. Each test is a necessary condition of its pattern's regex (an {@code @} for {@code email}, a
 * dotted quad for {@code ipv4}...), so a pattern left out cannot match; most log lines leave every pattern out and never
 * reach the regex engine. One pass over bytes instead of one per pattern through a character view: the seven separate
 * scans were most of what redaction cost on records that need no masking.
 */
final class MessageScan {

    static final int AWS_KEY = 1;
    static final int AWS_SECRET = 1 << 1;
    static final int BEARER = 1 << 2;
    static final int JWT = 1 << 3;
    static final int EMAIL = 1 << 4;
    static final int CARD = 1 << 5;
    static final int IPV4 = 1 << 6;

    private static final byte[] SECRET_REST = {'e', 'c', 'r', 'e', 't'};
    private static final byte[] BEARER_REST = {'e', 'a', 'r', 'e', 'r'};

    private MessageScan() {
    }

    /** The bit of the built-in pattern {@code name} (see {@code BuiltinRedactions}); 0 for any other name. */
    static int bitOf(String name) {
        return switch (name) {
            case "aws-key" -> AWS_KEY;
            case "aws-secret" -> AWS_SECRET;
            case "bearer" -> BEARER;
            case "jwt" -> JWT;
            case "email" -> EMAIL;
            case "card" -> CARD;
            case "ipv4" -> IPV4;
            default -> 0;
        };
    }

    /** What a byte can mean to the tests; most bytes (letters) mean nothing, decided with one table look-up. */
    private static final byte OTHER = 0;
    private static final byte DIGIT = 1;
    private static final byte DOT = 2;
    private static final byte SEPARATOR = 3;
    private static final byte AT = 4;
    private static final byte UPPER_A = 5;
    private static final byte LETTER_S = 6;
    private static final byte LETTER_B = 7;
    private static final byte LOWER_E = 8;
    private static final byte[] CLASS = new byte[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            CLASS[c] = DIGIT;
        }
        CLASS['.'] = DOT;
        CLASS[' '] = SEPARATOR;
        CLASS['-'] = SEPARATOR;
        CLASS['@'] = AT;
        CLASS['A'] = UPPER_A;
        CLASS['s'] = LETTER_S;
        CLASS['S'] = LETTER_S;
        CLASS['b'] = LETTER_B;
        CLASS['B'] = LETTER_B;
        CLASS['e'] = LOWER_E;
    }

    /** The bits of the built-in patterns {@code message[0, length)} could match. */
    static int candidates(byte[] message, int length) {
        int found = 0;
        int digits = 0;          // card: digits in the current run of digits and single separators
        boolean separated = false;
        int dots = 0;            // ipv4: dots in the current run of digit groups
        boolean digitBefore = false;
        for (int i = 0; i < length; i++) {
            byte cls = CLASS[message[i] & 0xFF];
            if (cls == DIGIT) {
                if (++digits >= 13) {
                    found |= CARD;
                }
                separated = false;
                if (dots >= 3) {
                    found |= IPV4;
                }
                digitBefore = true;
                continue;
            }
            if (cls == DOT) {
                digits = 0;
                separated = false;
                dots = digitBefore ? dots + 1 : 0;
                digitBefore = false;
                continue;
            }
            if (cls == SEPARATOR && digits > 0 && !separated) {
                separated = true;
            } else {
                digits = 0;
                separated = false;
            }
            dots = 0;
            digitBefore = false;
            if (cls > SEPARATOR) {
                found |= letterTest(cls, message, i, length);
            }
        }
        return found;
    }

    /** The bit a trigger byte at {@code i} sets, after looking at the bytes that follow it. */
    private static int letterTest(byte cls, byte[] message, int i, int length) {
        return switch (cls) {
            case AT -> EMAIL;
            case UPPER_A -> i + 1 < length && isAwsKeySecond(message[i + 1]) ? AWS_KEY : 0;
            case LETTER_S -> restMatches(message, i + 1, length, SECRET_REST) ? AWS_SECRET : 0;
            case LETTER_B -> restMatches(message, i + 1, length, BEARER_REST) ? BEARER : 0;
            case LOWER_E -> i + 2 < length && message[i + 1] == 'y' && message[i + 2] == 'J' ? JWT : 0;
            default -> 0;
        };
    }

    /** The second letter of the access key id prefixes AKIA, ASIA, AGPA, AIDA, AROA, AIPA, ANPA, ANVA, ABIA, ACCA, A3T. */
    private static boolean isAwsKeySecond(byte c) {
        return c == 'K' || c == 'S' || c == 'G' || c == 'I' || c == 'R' || c == 'N' || c == 'B' || c == 'C' || c == '3';
    }

    /** ASCII-case-insensitive {@code lowerCase} at {@code from}. */
    private static boolean restMatches(byte[] b, int from, int length, byte[] lowerCase) {
        if (from + lowerCase.length > length) {
            return false;
        }
        for (int j = 0; j < lowerCase.length; j++) {
            int c = b[from + j];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lowerCase[j]) {
                return false;
            }
        }
        return true;
    }
}
