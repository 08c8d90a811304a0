package dev.logshipper.filter;

import dev.logshipper.config.ShipperConfig.RedactConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one-pass byte prefilter never rules out a pattern whose regex finds a match: over random texts built from pieces
 * of every pattern (and near misses), a match of a built-in regex always has its candidate bit set.
 */
class MessageScanTest {

    private static final String[] PIECES = {"AKIAIOSFODNN7EXAMPLE", "ASIA", "A3TX", "secret", "SECRET_KEY=", "Secret: ",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "Bearer ", "bearer\t", "abcdefgh1234", "eyJhbGciOiJIUzI1NiJ9",
        "eyJzdWIiOiIxMjM0In0", ".", "@", "x@y.example", "jürgen", "4111", " ", "-", "1111", "5", "10", "255", "256",
        "0", "a", "Z", "é", "\t", "=", "\"", "'", ":", "_", "/", "+"};

    @Test
    void aBuiltInMatchIsNeverRuledOut() {
        long seed = Long.getLong("messageScan.seed", System.nanoTime());
        System.out.println("MessageScanTest seed " + seed + " (replay with -DmessageScan.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        int matches = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int pieces = 1 + random.nextInt(12);
            for (int i = 0; i < pieces; i++) {
                sb.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String text = sb.toString();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int candidates = MessageScan.candidates(bytes, bytes.length);
            for (String name : RedactConfig.BUILTIN_PATTERNS) {
                Redaction r = BuiltinRedactions.named(name);
                var m = r.pattern().matcher(text);
                while (m.find()) {
                    if (r.check().accept(text, m.start(), m.end())) {
                        matches++;
                        assertTrue((candidates & MessageScan.bitOf(name)) != 0,
                                name + " matches but was ruled out in \"" + text + "\" (seed " + seed + ")");
                        assertTrue(r.prefilter().mayMatch(text), name + " prefilter, \"" + text + "\" (seed " + seed + ")");
                    }
                }
            }
        }
        assertTrue(matches > 1_000, "too few matches to mean anything: " + matches + " (seed " + seed + ")");
    }

    @Test
    void ordinaryLogLinesRuleEveryPatternOut() {
        String line = "2026-11-26T10:00:00.123Z INFO  [worker-3] com.example.orders.OrderService - seq=123456 order"
                + " processed user=42 latency_ms=17 status=200 GET /api/v1/orders region=eu-west-1 retry=0 bytes=5312";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertEquals(0, MessageScan.candidates(bytes, bytes.length));
        String trace = "\tat org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:166)";
        bytes = trace.getBytes(StandardCharsets.UTF_8);
        assertEquals(0, MessageScan.candidates(bytes, bytes.length));
    }
}
