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

    private static final byte[] SECRET = {'s', 'e', 'c', 'r', 'e', 't'};
    private static final byte[] BEARER_WORD = {'b', 'e', 'a', 'r', 'e', 'r'};

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

    /**
     * What a byte can mean to the tests. Most bytes (letters, spaces) mean nothing outside a run of digits and are skipped
     * in a tight loop; the letter that triggers a literal's test is its rarest one (the {@code J} of {@code eyJ}, the
     * {@code c} of {@code secret}), so few bytes leave that loop.
     */
    private static final byte OTHER = 0;
    private static final byte SEPARATOR = 1;
    private static final byte DIGIT = 2;
    private static final byte DOT = 3;
    private static final byte AT = 4;
    private static final byte UPPER_A = 5;
    private static final byte LETTER_C = 6;
    private static final byte LETTER_B = 7;
    private static final byte UPPER_J = 8;
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
        CLASS['c'] = LETTER_C;
        CLASS['C'] = LETTER_C;
        CLASS['b'] = LETTER_B;
        CLASS['B'] = LETTER_B;
        CLASS['J'] = UPPER_J;
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
                dots = 0;
                digitBefore = false;
                continue;
            }
            digits = 0;
            separated = false;
            dots = 0;
            digitBefore = false;
            if (cls >= AT) {
                found |= letterTest(cls, message, i, length);
            }
            // Outside a digit run a separator means no more than a letter: skip both at one look-up a byte.
            while (i + 1 < length && CLASS[message[i + 1] & 0xFF] <= SEPARATOR) {
                i++;
            }
        }
        return found;
    }

    /** The bit a trigger byte at {@code i} sets, after looking at the bytes around it. */
    private static int letterTest(byte cls, byte[] message, int i, int length) {
        return switch (cls) {
            case AT -> EMAIL;
            case UPPER_A -> i + 1 < length && isAwsKeySecond(message[i + 1]) ? AWS_KEY : 0;
            case LETTER_C -> i >= 2 && restMatches(message, i - 2, length, SECRET) ? AWS_SECRET : 0;
            case LETTER_B -> restMatches(message, i, length, BEARER_WORD) ? BEARER : 0;
            case UPPER_J -> i >= 2 && message[i - 2] == 'e' && message[i - 1] == 'y' ? JWT : 0;
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
