package dev.logshipper.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.logshipper.record.ParsedRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

    @ParameterizedTest
    @ValueSource(strings = {"2016-10-06T00:17:09.669794202Z", "2025-01-02T03:04:05Z", "2024-02-29T23:59:59.999+05:30",
        "1969-12-31T23:59:59.5Z", "2000-01-01t00:00:00-08:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.1Z"})
    void agreesWithJavaTime(String text) {
        assertEquals(OffsetDateTime.parse(text.replace('t', 'T')).toInstant().toEpochMilli(), Rfc3339.parseMillis(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-01-02 03:04:05,123", "2025-01-02T03:04:05.123+0000", "2025-01-02T03:04:05.123+00"})
    void acceptsLoggerVariantsAsUtcWhenNoOffset(String text) {
        assertEquals(Instant.parse("2025-01-02T03:04:05.123Z").toEpochMilli(), Rfc3339.parseMillis(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2025-01-02", "2025-13-02T03:04:05Z", "2025-02-30T03:04:05Z", "2025-01-02T24:00:00Z",
        "2025-01-02T03:04:05.Z", "2025-01-02T03:04:05Zjunk", "2025-01-02X03:04:05Z", "yesterday at noon ok"})
    void rejectsOtherText(String text) {
        assertEquals(ParsedRecord.NO_TIMESTAMP, Rfc3339.parseMillis(text));
    }
}
