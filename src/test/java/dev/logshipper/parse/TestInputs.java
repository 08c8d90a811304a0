package dev.logshipper.parse;

import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.JsonFormatConfig;
import dev.logshipper.config.ShipperConfig.MessageShape;
import dev.logshipper.config.ShipperConfig.MultilineConfig;
import dev.logshipper.config.ShipperConfig.MultilineRule;
import dev.logshipper.config.ShipperConfig.StartAt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Builds input configurations and feeds text to a handler as a file would. */
final class TestInputs {
    private TestInputs() {
    }

    static MultilineConfig multiline(MultilineRule rule) {
        return multiline(rule, null, null, MultilineConfig.DEFAULT_MAX_LINES, MultilineConfig.DEFAULT_MAX_BYTES);
    }

    static MultilineConfig multiline(MultilineRule rule, String start, String cont, int maxLines, int maxBytes) {
        return new MultilineConfig(rule, Optional.ofNullable(start).map(Pattern::compile),
                Optional.ofNullable(cont).map(Pattern::compile), MultilineConfig.DEFAULT_FLUSH_TIMEOUT, maxLines, maxBytes);
    }

    static InputConfig input(Format format, MultilineConfig multiline) {
        return input(format, new JsonFormatConfig(JsonFormatConfig.DEFAULT_MESSAGE_KEY, Optional.empty(),
                JsonFormatConfig.DEFAULT_TIME_FORMAT), multiline);
    }

    static InputConfig input(Format format, JsonFormatConfig json, MultilineConfig multiline) {
        return new InputConfig("app", InputConfig.DEFAULT_INCLUDE, List.of(), format, json, multiline,
                InputConfig.DEFAULT_CONTAINER_NAME, StartAt.HEAD, Optional.empty(), Optional.empty(),
                MessageShape.MESSAGE, false);
    }

    static RecordAssembler assembler(InputConfig input, Recorder recorder) {
        return new RecordAssembler("test.log", input, recorder, recorder, RecordStageListener.NONE);
    }

    /** Feeds every '\n'-terminated line of {@code bytes} with its file range; returns the end offset. */
    static long feed(RecordAssembler handler, byte[] bytes, long base) {
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                // pass the line inside a larger array, as the tailer's read buffer would
                byte[] padded = new byte[i - lineStart + 8];
                System.arraycopy(bytes, lineStart, padded, 3, i - lineStart);
                handler.onLine(padded, 3, i - lineStart, base + lineStart, base + i + 1);
                lineStart = i + 1;
            }
        }
        return base + lineStart;
    }

    static long feed(RecordAssembler handler, String text) {
        return feed(handler, text.getBytes(StandardCharsets.UTF_8), 0);
    }
}
