package dev.logshipper.parse;

import dev.logshipper.record.ParsedRecord;

/**
 * Allocation-free parser for RFC 3339 / ISO 8601 date-times as written by container runtimes, Docker
 * and most loggers: {@code 2016-10-06T00:17:09.669794202Z}, {@code 2025-01-02 03:04:05,123+02:00}.
 * Lenient where logs are: {@code T}, {@code t} or a space between date and time; {@code .} or {@code ,}
 * before the fraction (any number of digits, truncated to milliseconds); {@code Z}, {@code ±HH:MM},
 * {@code ±HHMM} or {@code ±HH}; no offset at all means UTC.
 */
public final class Rfc3339 {

    private Rfc3339() {
    }

    /** Epoch milliseconds, or {@link ParsedRecord#NO_TIMESTAMP} when the text is not such a date-time. */
    public static long parseMillis(CharSequence s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return ParsedRecord.NO_TIMESTAMP;
        }
        char sep = s.charAt(10);
        if (sep != 'T' && sep != 't' && sep != ' ') {
            return ParsedRecord.NO_TIMESTAMP;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return ParsedRecord.NO_TIMESTAMP;
        }
        int i = 19;
        int millis = 0;
        if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
            i++;
            int start = i;
            while (i < n && isDigit(s.charAt(i))) {
                if (i - start < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            if (i == start) {
                return ParsedRecord.NO_TIMESTAMP;
            }
            for (int k = i - start; k < 3; k++) {
                millis *= 10;
            }
        }
        int offsetSeconds = 0;
        if (i < n) {
            char c = s.charAt(i);
            if (c == 'Z' || c == 'z') {
                i++;
            } else if (c == '+' || c == '-') {
                int oh = digits(s, i + 1, 2);
                int om = 0;
                int next = i + 3;
                if (next < n && s.charAt(next) == ':') {
                    om = digits(s, next + 1, 2);
                    next += 3;
                } else if (next + 1 < n) {
                    om = digits(s, next, 2);
                    next += 2;
                }
                if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                    return ParsedRecord.NO_TIMESTAMP;
                }
                offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
                i = next;
            } else {
                return ParsedRecord.NO_TIMESTAMP;
            }
        }
        if (i != n) {
            return ParsedRecord.NO_TIMESTAMP;
        }
        long days = daysFromCivil(year, month, day);
        long epochSeconds = days * 86_400 + hour * 3600L + minute * 60L + Math.min(second, 59) - offsetSeconds;
        return epochSeconds * 1000 + millis;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The decimal value of {@code count} digits at {@code from}, or -1. */
    private static int digits(CharSequence s, int from, int count) {
        if (from + count > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
