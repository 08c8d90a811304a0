package dev.logshipper.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.JsonFormatConfig;
import dev.logshipper.config.ShipperConfig.MultilineRule;
import dev.logshipper.record.LineHandler;
import dev.logshipper.record.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordAssemblerFactoryTest {

    @Test
    void opensAnAssemblerWiredToTheFilesSinkAndTracker() {
        Recorder recorder = new Recorder();
        List<SourceFile> asked = new ArrayList<>();
        var factory = new RecordAssemblerFactory(List.of(TestInputs.input(Format.RAW, TestInputs.multiline(MultilineRule.NONE))),
                file -> { asked.add(file); return recorder; }, RecordStageListener.NONE);
        SourceFile file = new SourceFile(Path.of("/logs/a.log"), "app");
        LineHandler handler = factory.open(file, recorder);
        handler.onLine("hi".getBytes(StandardCharsets.UTF_8), 0, 2, 0, 3);
        assertEquals(List.of(file), asked);
        assertEquals(List.of("hi"), recorder.messages());
        recorder.assertCoverage(3);
    }

    @Test
    void unknownInputNameIsAnError() {
        var factory = new RecordAssemblerFactory(List.of(), f -> new Recorder(), null);
        var e = assertThrows(IllegalArgumentException.class,
                () -> factory.open(new SourceFile(Path.of("/x.log"), "nope"), new Recorder()));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void badSettingsFailWhenTheFactoryIsBuiltNamingTheKey() {
        var badTime = TestInputs.input(Format.JSON, new JsonFormatConfig("message", Optional.of("t"), "yyyy-MM-dd {oops"),
                TestInputs.multiline(MultilineRule.NONE));
        var e1 = assertThrows(IllegalArgumentException.class,
                () -> new RecordAssemblerFactory(List.of(badTime), f -> new Recorder(), null));
        assertTrue(e1.getMessage().contains("inputs[app].json.timeFormat") && e1.getMessage().contains("{oops"), e1.getMessage());

        var emptyRegex = TestInputs.input(Format.RAW, TestInputs.multiline(MultilineRule.REGEX));
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> new RecordAssemblerFactory(List.of(emptyRegex), f -> new Recorder(), null));
        assertTrue(e2.getMessage().contains("inputs[app].multiline"), e2.getMessage());
    }
}
