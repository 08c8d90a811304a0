package dev.logshipper.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads and durably replaces the checkpoint file {@value #FILE_NAME} in one directory.
 *
 * <p>A write goes to a temp file, is forced to disk, atomically renamed over the old file, and then the
 * directory itself is forced, so after a crash (even a power loss) the file is either the old or the new
 * version, never a torn mix (Vector misses the directory fsync). Not thread-safe: one owner writes. The JSON itself is
 * {@link CheckpointJson}'s.
 */
public final class CheckpointStore {
    public static final String FILE_NAME = "checkpoints.json";
    /** When the shipper first started with this directory, kept until its first checkpoint is written. */
    public static final String FIRST_START_FILE_NAME = "first-start";

    private static final System.Logger LOG = System.getLogger(CheckpointStore.class.getName());

    private final Path directory;
    private final Path file;
    private final Path temp;
    private final Path firstStart;
    private boolean directorySyncWarned;
    /** A first start may be recorded (by this start or one killed before its first checkpoint) until a write removes it. */
    private boolean firstStartMayBeRecorded = true;

    public CheckpointStore(Path directory) {
        this.directory = directory.toAbsolutePath();
        this.file = this.directory.resolve(FILE_NAME);
        this.temp = this.directory.resolve(FILE_NAME + ".tmp");
        this.firstStart = this.directory.resolve(FIRST_START_FILE_NAME);
    }

    /**
     * Files modified before the returned time, and not named by the checkpoint, are history from before the shipper:
     * the listing the checkpoint reflects (or, for an old checkpoint, when it was written); without a checkpoint, when
     * the shipper first started with this directory. That first start is recorded at once, before anything is read:
     * a shipper killed before its first checkpoint (a crash loop in its first second) must not take what logrotate
     * rotated meanwhile for history at its next start. The record goes with the first checkpoint written.
     */
    public long historyBeforeMillis(LoadedCheckpoint loaded, long nowMillis) {
        if (loaded.present()) {
            return loaded.listedAt().map(Instant::toEpochMilli).orElse(lastWrittenMillis());
        }
        try {
            long recorded = Long.parseLong(Files.readString(firstStart).trim());
            if (recorded > 0 && recorded <= nowMillis) {
                LOG.log(System.Logger.Level.INFO, "No checkpoint yet, but a shipper first started here at {0}: files "
                        + "rotated since are read", Instant.ofEpochMilli(recorded));
                return recorded;
            }
        } catch (NoSuchFileException e) {
            // the first start: recorded below
        } catch (IOException | NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot use {0} ({1}); taking this start for the first", firstStart,
                    e.toString());
        }
        try {
            Path recording = directory.resolve(FIRST_START_FILE_NAME + ".tmp");
            Files.writeString(recording, Long.toString(nowMillis));
            Files.move(recording, firstStart, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot record the first start in {0} ({1})", firstStart, e.toString());
        }
        return nowMillis;
    }

    public Path file() {
        return file;
    }

    /**
     * When the checkpoint file was last written (its modification time), or 0 if there is none: after a restart,
     * a file written later than this held lines the previous run cannot have read completely.
     */
    public long lastWrittenMillis() {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Creates the directory; the message names the config key so a bad volume mount is obvious. */
    public void createDirectory() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalStateException("checkpoint.directory: cannot create '" + directory + "': " + e
                    + " (it must be a writable directory, in pods on the shared emptyDir volume)", e);
        }
        if (!Files.isWritable(directory)) {
            throw new IllegalStateException("checkpoint.directory: '" + directory + "' is not writable by this user");
        }
    }

    /**
     * Loads the checkpoint. A missing file means a first start ({@link LoadedCheckpoint#NONE}). A file that cannot be
     * parsed, has another version or breaks {@link CheckpointJson}'s rules is moved aside to
     * {@code checkpoints.json.corrupt-<millis>} with an error log naming the reason, and {@code NONE} is returned so
     * the configured start policy applies.
     */
    public LoadedCheckpoint load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            LOG.log(System.Logger.Level.INFO, "No checkpoint file at {0}: starting by the configured start policy", file);
            return LoadedCheckpoint.NONE;
        } catch (IOException e) {
            moveAside("it cannot be read: " + e);
            return LoadedCheckpoint.NONE;
        }
        try {
            LoadedCheckpoint loaded = CheckpointJson.read(bytes);
            LOG.log(System.Logger.Level.INFO, "Loaded {0} checkpoint entries from {1}", loaded.entries().size(), file);
            return loaded;
        } catch (CheckpointJson.InvalidCheckpointException e) {
            moveAside(e.getMessage());
            return LoadedCheckpoint.NONE;
        }
    }

    private void moveAside(String why) {
        Path aside = directory.resolve(FILE_NAME + ".corrupt-" + System.currentTimeMillis());
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.log(System.Logger.Level.ERROR, "Checkpoint file {0} is unusable because {1}; moved it to {2} and starting "
                    + "by the configured start policy (files may be re-read or skipped)", file, why, aside);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Checkpoint file {0} is unusable because {1}, and moving it aside failed: {2}; "
                    + "it will be overwritten by the next checkpoint", file, why, e);
        }
    }

    /** Durably replaces the checkpoint file with {@code entries}. */
    public void write(List<CheckpointEntry> entries) throws IOException {
        write(entries, Optional.empty());
    }

    /** Durably replaces the checkpoint file with {@code entries} and the start of the listing they reflect. */
    public void write(List<CheckpointEntry> entries, Optional<Instant> listedAt) throws IOException {
        byte[] bytes = CheckpointJson.write(Instant.now(), listedAt, entries);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("checkpoint.directory " + directory + " does not support atomic rename", e);
        }
        syncDirectory();
        if (firstStartMayBeRecorded) {
            Files.deleteIfExists(firstStart); // a checkpoint says from now on what is history
            firstStartMayBeRecorded = false;
        }
    }

    /** Makes the rename itself durable. Some file systems refuse to fsync a directory: warn once and go on. */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (!directorySyncWarned) {
                directorySyncWarned = true;
                LOG.log(System.Logger.Level.WARNING, "Cannot fsync checkpoint directory {0} ({1}); the last rename may not "
                        + "survive a power loss", directory, e.toString());
            }
        }
    }
}
