package dev.logshipper.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DigestWarmUpTest {

    @Test
    void warmsUpOnADaemonThreadThatEnds() throws InterruptedException {
        Thread warmUp = DigestWarmUp.start();
        assertTrue(warmUp.isDaemon(), "the warm-up must never keep the JVM from exiting");
        assertTrue(warmUp.join(Duration.ofMinutes(1)), "the warm-up did not end");
        assertFalse(warmUp.isAlive());
    }
}
