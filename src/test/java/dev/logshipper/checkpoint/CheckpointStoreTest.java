package dev.logshipper.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {
    @TempDir
    Path dir;

    private final List<CheckpointEntry> entries = List.of(
            new CheckpointEntry(64769, 1234, 1024, 0xCAFEBABE, 2, 987_654, "/var/log/app.log", "app"),
            new CheckpointEntry(64769, 99, 0, 0, 0, 0, "/var/log/empty.log", "app"));

    @Test
    void writeThenLoadRoundTripsAndLeavesNoTempFile() throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        store.write(entries);
        LoadedCheckpoint loaded = new CheckpointStore(dir).load();
        assertEquals(entries, loaded.entries());
        assertTrue(loaded.writtenAt().isPresent());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve(CheckpointStore.FILE_NAME)), files.toList());
        }
        String json = Files.readString(dir.resolve(CheckpointStore.FILE_NAME));
        assertTrue(json.contains("\"version\" : 1"), json);
    }

    @Test
    void aFirstStartIsRecordedAndKeptUntilTheFirstCheckpoint() throws Exception {
        CheckpointStore first = new CheckpointStore(dir);
        assertEquals(1_000, first.historyBeforeMillis(first.load(), 1_000), "a first start: history is what came before it");
        // Killed before any checkpoint: the next start goes by the first one.
        CheckpointStore second = new CheckpointStore(dir);
        assertEquals(1_000, second.historyBeforeMillis(second.load(), 5_000));
        second.write(entries, Optional.of(Instant.ofEpochMilli(5_000)));
        assertFalse(Files.exists(dir.resolve(CheckpointStore.FIRST_START_FILE_NAME)), "the checkpoint takes over");
        CheckpointStore third = new CheckpointStore(dir);
        assertEquals(5_000, third.historyBeforeMillis(third.load(), 9_000), "the listing the checkpoint reflects");
    }

    @Test
    void aSecondWriteReplacesTheFirstAtomically() throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        store.write(entries);
        store.write(entries.subList(0, 1));
        assertEquals(entries.subList(0, 1), store.load().entries());
    }

    @Test
    void missingFileMeansNoEntries() {
        assertEquals(LoadedCheckpoint.NONE, new CheckpointStore(dir).load());
    }

    @Test
    void aFileWrittenByAnEarlierReleaseLoadsAndIsKept() throws Exception {
        Path file = dir.resolve(CheckpointStore.FILE_NAME);
        try (InputStream in = getClass().getResourceAsStream("checkpoints-v1.json")) {
            Files.write(file, in.readAllBytes());
        }
        assertEquals(3, new CheckpointStore(dir).load().entries().size());
        assertTrue(Files.exists(file));
    }

    @Test
    void corruptFileIsMovedAsideAndTheStartPolicyApplies() throws Exception {
        Path file = dir.resolve(CheckpointStore.FILE_NAME);
        Files.writeString(file, "{\"version\":1,\"files\":[{\"device\":1,\"ino", StandardCharsets.UTF_8); // torn write
        assertEquals(LoadedCheckpoint.NONE, new CheckpointStore(dir).load());
        assertFalse(Files.exists(file));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith(CheckpointStore.FILE_NAME + ".corrupt-"))
                    .toList();
            assertEquals(1, aside.size());
            assertTrue(Files.readString(aside.get(0)).startsWith("{\"version\":1"), "the bad file is kept for inspection");
        }
    }

    @Test
    void unknownVersionAndMissingFieldsAreMovedAside() throws Exception {
        Path file = dir.resolve(CheckpointStore.FILE_NAME);
        Files.writeString(file, "{\"version\":7,\"files\":[]}");
        assertEquals(LoadedCheckpoint.NONE, new CheckpointStore(dir).load());
        assertFalse(Files.exists(file));

        Files.writeString(file, "{\"version\":1,\"writtenAt\":\"2026-01-02T03:04:05Z\",\"files\":[{\"device\":1}]}");
        assertEquals(LoadedCheckpoint.NONE, new CheckpointStore(dir).load());
        assertFalse(Files.exists(file));
    }
}
