package dev.logshipper.tail;

import dev.logshipper.checkpoint.CheckpointEntry;
import dev.logshipper.checkpoint.FileKey;
import dev.logshipper.config.ShipperConfig.StartAt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, once at start-up, where each file found by the first scan starts, from the loaded checkpoint:
 *
 * <ul>
 *   <li>same device+inode and the first bytes still match the fingerprint: resume at the acknowledged offset
 *       (if the file shrank below it, it was truncated while we were down: a new generation from 0);</li>
 *   <li>same inode, other first bytes: the inode was reused or the file rewritten: from 0, logged;</li>
 *   <li>no entry, but a checkpointed file lived at this path: a successor created while we were down
 *       (rotation): from 0, so nothing written since is lost;</li>
 *   <li>otherwise the input's start policy ({@code startAt}: head, or the end of the last complete line).</li>
 * </ul>
 * Entries not resumed by this are {@link #unmatched()}: the tailer looks for them next to their last path (a
 * rotated {@code app.log.1} holding unread bytes, or a copytruncate copy).
 */
final class StartPositions {
    private static final System.Logger LOG = System.getLogger(StartPositions.class.getName());
    /** How far back a tail start looks for the last newline, so it starts on a line boundary. */
    private static final int TAIL_LOOKBACK = 64 * 1024;

    record Start(long offset, long generation) {
    }

    private final Map<FileKey, CheckpointEntry> byKey = new HashMap<>();
    private final Set<String> checkpointedPaths = new HashSet<>();
    private final Map<String, StartAt> startAt;
    private final long checkpointWrittenMillis;

    StartPositions(List<CheckpointEntry> entries, Map<String, StartAt> startAt) {
        this(entries, startAt, 0);
    }

    /** @param checkpointWrittenMillis when the loaded checkpoint was written (0: unknown) */
    StartPositions(List<CheckpointEntry> entries, Map<String, StartAt> startAt, long checkpointWrittenMillis) {
        this.checkpointWrittenMillis = checkpointWrittenMillis;
        for (CheckpointEntry entry : entries) {
            byKey.put(entry.key(), entry);
            checkpointedPaths.add(entry.path());
        }
        this.startAt = startAt;
    }

    Start decide(Path path, String input, FileKey key, FileChannel channel, long size) throws IOException {
        CheckpointEntry entry = byKey.get(key);
        if (entry != null) {
            boolean same = entry.fingerprintLength() == 0
                    || new Fingerprint(entry.fingerprintLength(), entry.fingerprintCrc()).matches(channel, size);
            if (same && size >= entry.offset()) {
                byKey.remove(key);
                LOG.log(System.Logger.Level.DEBUG, "Resuming {0} at acknowledged offset {1}", path, entry.offset());
                return new Start(entry.offset(), entry.generation());
            }
            if (same) {
                LOG.log(System.Logger.Level.WARNING, "{0} is smaller ({1} bytes) than its checkpointed offset {2}: it was "
                        + "truncated while the shipper was down; reading it from the start as a new generation", path, size,
                        entry.offset());
            } else {
                LOG.log(System.Logger.Level.WARNING, "{0} has the checkpointed inode {1} but other first bytes: the inode "
                        + "was reused or the file rewritten; reading it from the start", path, key);
            }
            return new Start(0, entry.generation() + 1);
        }
        if (checkpointedPaths.contains(path.toString())) {
            LOG.log(System.Logger.Level.INFO, "{0} is a new file at a checkpointed path (rotated while the shipper was "
                    + "down): reading it from the start", path);
            return new Start(0, 0);
        }
        if (startAt.getOrDefault(input, StartAt.HEAD) == StartAt.TAIL) {
            return new Start(afterLastNewline(channel, size), 0);
        }
        return new Start(0, 0);
    }

    /** When the loaded checkpoint was written; files modified later were written while the shipper was down. */
    long checkpointWrittenMillis() {
        return checkpointWrittenMillis;
    }

    /** The entries no file found by the scan resumed, to be looked for among rotated siblings. */
    List<CheckpointEntry> unmatched() {
        return new ArrayList<>(byKey.values());
    }

    private static long afterLastNewline(FileChannel channel, long size) throws IOException {
        int length = (int) Math.min(size, TAIL_LOOKBACK);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long from = size - length;
        while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
            // fill
        }
        for (int i = buffer.position() - 1; i >= 0; i--) {
            if (buffer.get(i) == '\n') {
                return from + i + 1;
            }
        }
        return size;
    }
}
