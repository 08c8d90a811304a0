package dev.logshipper.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.MultilineConfig;
import dev.logshipper.config.ShipperConfig.MultilineRule;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the mix of lines (streams interleaved, partial pieces, blank lines, garbage,
 * invalid UTF-8, NUL padding), rule, limits and ticks, the tracked and skipped ranges tile the input
 * exactly, in file order, and every tracked range is acknowledged exactly once through the records'
 * acknowledgements. Failures print the seed.
 */
class RangeCoveragePropertyTest {

    private static final String[] CONTENT = {
        "INFO plain line", "ERROR failed", "java.lang.IllegalStateException: bad", "\tat a.B.c(B.java:1)",
        "Caused by: java.io.IOException: x", "\t... 3 more", "Traceback (most recent call last):",
        "  File \"x.py\", line 1, in <module>", "ValueError: v", "panic: boom", "goroutine 1 [running]:",
        "main.main()", "exit status 2", "", "   ", "[1] start", "  cont", "héllo wörld ✓",
    };

    @Test
    void rangesTileTheInputForRandomLineMixes() {
        for (int seed = 0; seed < 400; seed++) {
            try {
                runOnce(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private void runOnce(Random random) {
        Format format = Format.values()[random.nextInt(Format.values().length)];
        MultilineRule rule = MultilineRule.values()[random.nextInt(MultilineRule.values().length)];
        MultilineConfig ml = TestInputs.multiline(rule, rule == MultilineRule.REGEX ? "^(\\[|INFO|ERROR)" : null,
                rule == MultilineRule.REGEX && random.nextBoolean() ? "^\\s" : null,
                1 + random.nextInt(6), 8 + random.nextInt(80));
        Recorder recorder = new Recorder();
        RecordAssembler assembler = TestInputs.assembler(TestInputs.input(format, ml), recorder);
        long pos = 0;
        long now = 0;
        int lines = 1 + random.nextInt(60);
        for (int i = 0; i < lines; i++) {
            byte[] line = line(random, format);
            assembler.onLine(line, 0, line.length, pos, pos + line.length + 1);
            pos += line.length + 1;
            if (random.nextInt(4) == 0) {
                now += random.nextInt(3) == 0 ? 6_000 : 500;
                assembler.onTick(now);
            }
        }
        assembler.flush();
        recorder.assertCoverage(pos);
    }

    private static byte[] line(Random random, Format format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (random.nextInt(15) == 0) {
            out.writeBytes(new byte[] {0, 0, 0});
        }
        String content = CONTENT[random.nextInt(CONTENT.length)];
        String stream = random.nextBoolean() ? "stdout" : "stderr";
        boolean partial = random.nextInt(4) == 0;
        switch (random.nextInt(12) == 0 ? -1 : format.ordinal()) {
            case -1 -> content = "garbage {" + content;
            case 1 -> content = "{\"message\":\"" + content.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t")
                    + "\",\"k\":" + random.nextInt(3) + "}";
            case 2 -> content = "2025-01-02T03:04:05.123456789Z " + stream + (partial ? " P " : " F ") + content;
            case 3 -> content = "{\"log\":\"" + content.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t")
                    + (partial ? "" : "\\n") + "\",\"stream\":\"" + stream + "\",\"time\":\"2025-01-02T03:04:05Z\"}";
            default -> { }
        }
        out.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        if (random.nextInt(15) == 0) {
            out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        }
        if (random.nextInt(10) == 0) {
            out.write('\r');
        }
        return out.toByteArray();
    }

    @Test
    void rawLinesAreConservedByEveryRule() {
        for (int seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            for (MultilineRule rule : MultilineRule.values()) {
                Recorder recorder = new Recorder();
                RecordAssembler assembler = TestInputs.assembler(TestInputs.input(Format.RAW, TestInputs.multiline(rule,
                        rule == MultilineRule.REGEX ? "^(\\[|INFO|ERROR)" : null, null, 1 + random.nextInt(6),
                        8 + random.nextInt(80))), recorder);
                List<String> lines = new ArrayList<>();
                long pos = 0;
                for (int i = 0; i < 40; i++) {
                    String content = CONTENT[random.nextInt(CONTENT.length)];
                    if (content.isBlank()) {
                        continue;
                    }
                    lines.add(content);
                    byte[] b = content.getBytes(StandardCharsets.UTF_8);
                    assembler.onLine(b, 0, b.length, pos, pos + b.length + 1);
                    pos += b.length + 1;
                }
                assembler.flush();
                assertEquals(String.join("\n", lines), String.join("\n", recorder.messages()), "seed " + seed + " " + rule);
                recorder.assertCoverage(pos);
            }
        }
    }
}
