package dev.logshipper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "1s, PT1S",
            "30s, PT30S",
            "5m, PT5M",
            "1h, PT1H",
            "1d, PT24H",
            "1m30s, PT1M30S",
            "1h0m5s, PT1H5S",
            "' 2s ', PT2S",
            "0s, PT0S",
    })
    void parsesDurations(String text, String iso) {
        assertEquals(Duration.parse(iso), Units.parseDuration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "1.5s", "-1s", "5 minutes", "5sec", "1S", "s", "1s 2m", "99999999999999999999s"})
    void rejectsMalformedDurations(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseDuration(text));
        assertTrue(e.getMessage().startsWith("is not a duration") || e.getMessage().contains("too large"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "500"})
    void bareNumberDurationsSayAUnitIsRequired(String text) {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Units.parseDuration(text)).getMessage()
                .contains("a unit is required"));
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "1048576, 1048576",
            "64KiB, 65536",
            "16MiB, 16777216",
            "1GiB, 1073741824",
            "10B, 10",
            "'8 MiB', 8388608",
    })
    void parsesSizes(String text, long bytes) {
        assertEquals(bytes, Units.parseSize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1.5MiB", "16MB", "64kb", "1K", "MiB", "16 mib", "99999999999GiB"})
    void rejectsMalformedSizes(String text) {
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"16MB", "64KB", "1G"})
    void decimalUnitsAreCalledAmbiguous(String text) {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Units.parseSize(text)).getMessage()
                .contains("ambiguous"));
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0s", "PT0.5S, 500ms", "PT1M30S, 1m30s", "PT25S, 25s", "PT48H, 2d", "PT1H0.001S, 1h1ms"})
    void formatsDurationsInTheirLargestExactUnits(String iso, String text) {
        assertEquals(text, Units.formatDuration(Duration.parse(iso)));
        assertEquals(Duration.parse(iso), Units.parseDuration(text));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1048550, 1048550", "262144, 256KiB", "8388608, 8MiB", "2147483648, 2GiB", "1536, 1536"})
    void formatsSizesSoTheyParseBack(long bytes, String text) {
        assertEquals(text, Units.formatSize(bytes));
        assertEquals(bytes, Units.parseSize(text));
    }
}
