package dev.logshipper.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the two unit-bearing value kinds of the config file.
 *
 * <p>Durations always need a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, or combined as
 * {@code 1m30s}): a bare {@code 5} could mean seconds or milliseconds, and guessing wrong is a silent 1000x error.
 * Sizes are bytes, or a number with a binary unit ({@code 64KiB}, {@code 16MiB}, {@code 1GiB}); decimal {@code KB}/{@code MB}
 * are refused because readers disagree on whether they mean 1000 or 1024.
 *
 * <p>{@link #formatDuration} and {@link #formatSize} print values so that the parsers read them back unchanged.
 */
public final class Units {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    /** What a duration looks like; appended to every duration parse error. */
    public static final String DURATION_HELP = "a number with a unit: 500ms, 30s, 5m, 1h, 1d (or combined, 1m30s)";
    /** What a size looks like; appended to every size parse error. */
    public static final String SIZE_HELP = "bytes (1048576) or a number with KiB, MiB or GiB (64KiB, 16MiB)";

    private Units() {
    }

    /**
     * Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or a concatenation ({@code 1h30m}).
     *
     * @throws IllegalArgumentException naming what is allowed
     */
    public static Duration parseDuration(String text) {
        String s = text.strip();
        Matcher m = DURATION_PART.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < s.length() && m.region(at, s.length()).lookingAt()) {
            total = total.plus(part(m.group(1), m.group(2)));
            at = m.end();
        }
        if (s.isEmpty() || at != s.length()) {
            String hint = s.matches("\\d+") ? " (a unit is required)" : "";
            throw new IllegalArgumentException("is not a duration" + hint + "; write " + DURATION_HELP);
        }
        return total;
    }

    private static Duration part(String number, String unit) {
        long n;
        try {
            n = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is too large for a duration");
        }
        try {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new AssertionError(unit);
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too large for a duration");
        }
    }

    /** Prints a duration in the largest exact units, e.g. {@code 1m30s}, {@code 500ms}, {@code 0s}. */
    public static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long days = d.toDays();
        Duration rest = d.minusDays(days);
        appendIfNonZero(out, days, "d");
        appendIfNonZero(out, rest.toHours(), "h");
        appendIfNonZero(out, rest.toMinutesPart(), "m");
        appendIfNonZero(out, rest.toSecondsPart(), "s");
        appendIfNonZero(out, rest.toMillisPart(), "ms");
        return out.isEmpty() ? d.toString() : out.toString();
    }

    private static void appendIfNonZero(StringBuilder out, long n, String unit) {
        if (n != 0) {
            out.append(n).append(unit);
        }
    }

    /**
     * Parses a byte count: {@code 1048576}, {@code 64KiB}, {@code 16MiB}, {@code 1GiB}.
     *
     * @throws IllegalArgumentException naming what is allowed
     */
    public static long parseSize(String text) {
        String s = text.strip();
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            String upper = s.toUpperCase(Locale.ROOT);
            String hint = upper.matches("\\d+\\s*[KMG]B?") ? " (decimal units are ambiguous; use KiB, MiB or GiB)" : "";
            throw new IllegalArgumentException("is not a size" + hint + "; write " + SIZE_HELP);
        }
        long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "B" -> 1;
            case "KiB" -> KIB;
            case "MiB" -> MIB;
            case "GiB" -> GIB;
            default -> throw new AssertionError(m.group(2));
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("is too large for a size");
        }
    }

    /** Prints a byte count in the largest exact binary unit, e.g. {@code 16MiB}, {@code 1048550}. */
    public static String formatSize(long bytes) {
        if (bytes != 0 && bytes % GIB == 0) {
            return bytes / GIB + "GiB";
        }
        if (bytes != 0 && bytes % MIB == 0) {
            return bytes / MIB + "MiB";
        }
        if (bytes != 0 && bytes % KIB == 0) {
            return bytes / KIB + "KiB";
        }
        return Long.toString(bytes);
    }
}
