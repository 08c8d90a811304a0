package dev.logshipper.tail;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The names logrotate gives rotated files, with and without dateext, extension and compression. */
class RotationFamilyTest {

    @Test
    void rotatedNamesOfALiveFile() {
        for (String rotated : new String[] {"app.log.1", "app.log.12.gz", "app.log-20261207", "app.log-20261207.zst",
                "app.log_old", "app.1.log", "app-20261207.log", "app-20261207.log.gz"}) {
            assertTrue(RotationFamily.isRotatedName("app.log", rotated), rotated);
        }
        for (String other : new String[] {"app.log", "app.logger", "web.log.1", "app.txt", "app.log."}) {
            assertFalse(RotationFamily.isRotatedName("app.log", other), other);
        }
    }

    @Test
    void theLiveNameARotatedNameWasMadeFrom() {
        assertEquals("app.log", RotationFamily.liveNameOf("app.log.1"));
        assertEquals("app.log", RotationFamily.liveNameOf("app.log.3.gz"));
        assertEquals("app.log", RotationFamily.liveNameOf("app.log-20261207"));
        assertEquals("app.log", RotationFamily.liveNameOf("app.log-2026-12-07"));
        assertEquals("app.log", RotationFamily.liveNameOf("app.log-20261207-1530.gz"));
        assertEquals("app.log", RotationFamily.liveNameOf("app.1.log"));
        assertEquals("app.log", RotationFamily.liveNameOf("app-20261207.log"));
        assertNull(RotationFamily.liveNameOf("app.log"));
        assertNull(RotationFamily.liveNameOf("access.log"));
    }

    @Test
    void compressedNames() {
        assertTrue(RotationFamily.compressed("app.log.2.gz"));
        assertTrue(RotationFamily.compressed("app.log-20261207.zst"));
        assertFalse(RotationFamily.compressed("app.log.2"));
    }
}
