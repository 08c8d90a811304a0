package dev.logshipper.parse;

import dev.logshipper.record.ParsedRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Turns a JSON line's time field ({@code json.timeFormat}) into epoch milliseconds:
 * {@code iso8601} (RFC 3339, see {@link Rfc3339}), {@code epoch_millis}, {@code epoch_seconds} (may be
 * fractional, e.g. {@code 1735787045.123}; numbers or numeric strings), or a {@link DateTimeFormatter}
 * pattern (a pattern without a zone or offset is read as UTC).
 */
public abstract sealed class TimestampParser {

    /** @throws IllegalArgumentException naming the key, the value and what is allowed */
    public static TimestampParser of(String inputName, String format) {
        if (format == null || format.equals("iso8601")) {
            return new Iso8601();
        }
        if (format.equals("epoch_millis")) {
            return new Epoch(0);
        }
        if (format.equals("epoch_seconds")) {
            return new Epoch(3);
        }
        try {
            return new Pattern(DateTimeFormatter.ofPattern(format, Locale.ROOT).withZone(ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("inputs[" + inputName + "].json.timeFormat: '" + format
                    + "' is not iso8601, epoch_millis, epoch_seconds or a valid DateTimeFormatter pattern ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The value as Jackson produced it (String, Integer, Long, BigInteger, BigDecimal...), or NO_TIMESTAMP. */
    public abstract long parse(Object value);

    static final class Iso8601 extends TimestampParser {
        @Override
        public long parse(Object value) {
            return value instanceof String s ? Rfc3339.parseMillis(s) : ParsedRecord.NO_TIMESTAMP;
        }
    }

    /** Epoch numbers; {@code shift} is the power of ten from the unit to milliseconds. */
    static final class Epoch extends TimestampParser {
        private final int shift;

        Epoch(int shift) {
            this.shift = shift;
        }

        @Override
        public long parse(Object value) {
            try {
                BigDecimal number = switch (value) {
                    case BigDecimal d -> d;
                    case Integer i -> BigDecimal.valueOf(i);
                    case Long l -> BigDecimal.valueOf(l);
                    case java.math.BigInteger b -> new BigDecimal(b);
                    case Double d -> BigDecimal.valueOf(d);
                    case String s -> new BigDecimal(s.trim());
                    case null, default -> null;
                };
                if (number == null) {
                    return ParsedRecord.NO_TIMESTAMP;
                }
                return number.movePointRight(shift).setScale(0, RoundingMode.FLOOR).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                return ParsedRecord.NO_TIMESTAMP;
            }
        }
    }

    static final class Pattern extends TimestampParser {
        private final DateTimeFormatter formatter;

        Pattern(DateTimeFormatter formatter) {
            this.formatter = formatter;
        }

        @Override
        public long parse(Object value) {
            if (!(value instanceof String s)) {
                return ParsedRecord.NO_TIMESTAMP;
            }
            try {
                TemporalAccessor t = formatter.parse(s);
                if (t.isSupported(ChronoField.INSTANT_SECONDS)) {
                    return Instant.from(t).toEpochMilli();
                }
                return LocalDateTime.from(t).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeException | ArithmeticException e) {
                return ParsedRecord.NO_TIMESTAMP;
            }
        }
    }
}
