package dev.logshipper.tail;

import dev.logshipper.checkpoint.CheckpointEntry;
import dev.logshipper.checkpoint.CheckpointStore;
import dev.logshipper.config.ShipperConfig.CheckpointConfig;
import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.MessageShape;
import dev.logshipper.config.ShipperConfig.StartAt;
import dev.logshipper.config.ShipperConfig.TailConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** Small builders for tailer tests: short timeouts so behaviour shows within a test's patience. */
final class TailFixtures {
    private TailFixtures() {
    }

    static InputConfig input(String name, List<String> include, List<String> exclude, StartAt startAt) {
        return new InputConfig(name, include, exclude, Format.RAW, null, null, "app", startAt, Optional.empty(),
                Optional.empty(), MessageShape.MESSAGE, false);
    }

    static InputConfig input(Path dir, String glob) {
        return input("app", List.of(dir.resolve(glob).toString()), List.of(), StartAt.HEAD);
    }

    static TailConfig tail() {
        return tail(1_000_000, Duration.ofMillis(300), 64, Duration.ofSeconds(30));
    }

    static TailConfig tail(int maxLineBytes, Duration partialTimeout, int maxOpenFiles, Duration idleClose) {
        return new TailConfig(Duration.ofMillis(50), Duration.ofMillis(50), maxLineBytes, partialTimeout, 64 * 1024, maxOpenFiles, idleClose);
    }

    static CheckpointConfig checkpoint(Path dir) {
        return new CheckpointConfig(dir, Duration.ofMillis(50));
    }

    static Tailer tailer(InputConfig input, TailConfig tail, Path checkpoints, RecordingHandlers handlers,
            TailListener listener) {
        return new Tailer(List.of(input), tail, checkpoint(checkpoints), handlers, InstantSource.system(), listener);
    }

    static List<CheckpointEntry> persisted(Path checkpoints) {
        return new CheckpointStore(checkpoints).load().entries();
    }
}
