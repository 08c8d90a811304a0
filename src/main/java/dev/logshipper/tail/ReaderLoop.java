package dev.logshipper.tail;

import dev.logshipper.checkpoint.AckLedger;
import dev.logshipper.checkpoint.CheckpointEntry;
import dev.logshipper.checkpoint.CheckpointWriter;
import dev.logshipper.checkpoint.FileKey;
import dev.logshipper.config.ShipperConfig.TailConfig;
import dev.logshipper.record.LineHandlerFactory;
import dev.logshipper.record.SourceFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one reader thread: discovers files, reads every tailed file round-robin (one buffer per file per pass),
 * detects rotation and truncation, emits partial lines after their timeout, releases idle descriptors, and
 * closes rotated files once they are drained and acknowledged. It alone touches {@link TailedFile}s, channels
 * and line handlers. A handler that blocks (backpressure) simply stops this thread: the files are the buffer.
 */
final class ReaderLoop {
    private static final System.Logger LOG = System.getLogger(ReaderLoop.class.getName());
    private static final long TICK_MILLIS = 100;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * The longest park when every tailed file is {@linkplain WatchHint#covers covered by the watch}: a write wakes the
     * reader at once, so looking at 1,000 idle files ten times a second (an {@code fstat} each, most of the idle CPU)
     * buys nothing. Still short, because ticks (multiline flush, partial-line timeouts) come from the loop.
     */
    private static final long WATCHED_MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final int MAX_WARNED_PATHS = 10_000;
    /** Rotated files remembered after they were finished; logrotate keeps a handful per file, so this is plenty. */
    private static final int MAX_FINISHED_REMEMBERED = 4_096;

    private final TailConfig config;
    private final GlobScanner scanner;
    private final LineHandlerFactory factory;
    private final InstantSource clock;
    private final TailListener listener;
    private final CheckpointWriter checkpoints;
    private final LineReader reader;
    private final StartPositions startPositions;
    private final Set<String> inputNames;
    private final WatchHint watch;
    private final FileKeys fileKeys = new FileKeys();

    private final List<TailedFile> files = new ArrayList<>();
    private final Map<FileKey, TailedFile> byKey = new HashMap<>();
    private final Set<Path> warnedUnreadable = new HashSet<>();
    /**
     * Rotated files read to their end and closed, by identity, with the fingerprint they had then: such a file is
     * still on disk as an older sibling ({@code app.log.2}) and is not a generation missed by the scans, even when
     * the app wrote to it after its successor was first seen. The fingerprint tells it from a new file that got its
     * inode after logrotate deleted it. Bounded (oldest forgotten first).
     */
    private final Map<FileKey, Fingerprint> finishedRotated = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FileKey, Fingerprint> eldest) {
            return size() > MAX_FINISHED_REMEMBERED;
        }
    };
    private int openCount;
    /** Every tailed file is covered by the watch (as of the last scan): the loop may park longer. */
    private boolean allWatched;
    private boolean capacityWarned;
    private long lastTickMillis;

    private volatile boolean stopRequested;
    private volatile boolean drainRequested;
    private volatile long drainDeadlineNanos;
    private volatile boolean rescanHint;
    private volatile List<TailedFile> published = List.of();
    private volatile Thread thread;
    private volatile long busySinceNanos; // 0 while parked between passes
    /**
     * Run when a pass finds nothing to read after passes that read at least {@link #BACKLOG_BYTES} without a pause: the
     * end of a backlog (start-up, a burst). The output then sends its open batches at once: waiting for their flush
     * interval would only delay the last events of the backlog by up to that interval (it was up to a third of the
     * time to ship a 200 MB backlog), and the size condition keeps a steady trickle, which reaches the end of its
     * files after every write, on the flush interval.
     */
    private final Runnable backlogRead;
    static final int BACKLOG_BYTES = 1 << 20;
    private long readSincePause;

    ReaderLoop(TailConfig config, GlobScanner scanner, LineHandlerFactory factory, InstantSource clock, TailListener listener,
            CheckpointWriter checkpoints, StartPositions startPositions, Set<String> inputNames, Runnable backlogRead) {
        this.backlogRead = backlogRead;
        this.config = config;
        this.scanner = scanner;
        this.factory = factory;
        this.clock = clock;
        this.listener = listener;
        this.checkpoints = checkpoints;
        this.startPositions = startPositions;
        this.inputNames = inputNames;
        this.reader = new LineReader(config.readBufferBytes(), config.maxLineBytes(), listener);
        this.watch = new WatchHint(this::wake);
    }

    void start() {
        thread = Thread.ofPlatform().name("log-shipper-tail").unstarted(this::run);
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    /** Stop discovering; read every tailed file to its current end, flush the handlers, then end the thread. */
    void requestDrain(long deadlineNanos) {
        drainDeadlineNanos = deadlineNanos;
        drainRequested = true;
        LockSupport.unpark(thread);
    }

    /** End the thread as soon as possible (no drain). */
    void requestStop() {
        stopRequested = true;
        LockSupport.unpark(thread);
    }

    private void wake(boolean rescan) {
        if (rescan) {
            rescanHint = true;
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * {@link System#nanoTime()} when the current pass over the files began (a pass reads at most one buffer per file),
     * or 0 while the thread is parked between passes. A pass that blocks in the record stage (backpressure) stays busy.
     */
    long busySinceNanos() {
        return busySinceNanos;
    }

    /** Files as last published by the reader thread (safe from any thread). */
    List<TailedFile> published() {
        return published;
    }

    /** Only after the thread has ended. */
    List<TailedFile> filesAfterStop() {
        return files;
    }

    void closeAll() {
        watch.close();
        for (TailedFile file : files) {
            file.closeChannel();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The loop

    private void run() {
        try {
            recover();
            long nextScan = System.nanoTime() + scanIntervalNanos();
            long parkNanos = TimeUnit.MILLISECONDS.toNanos(1);
            while (!stopRequested && !drainRequested) {
                busySinceNanos = System.nanoTime() | 1;
                if (System.nanoTime() - nextScan >= 0 || rescanHint) {
                    rescanHint = false;
                    scan(clock.millis());
                    nextScan = System.nanoTime() + scanIntervalNanos();
                }
                Set<Path> modified = watch.takeModified();
                boolean progress = false;
                for (int i = 0; i < files.size() && !stopRequested && !drainRequested; i++) {
                    TailedFile file = files.get(i);
                    long now = clock.millis();
                    boolean reported = modified.contains(file.path);
                    if (reported && !file.isOpen() && !file.rotated && !file.finished) {
                        reopen(file, now); // released for idleness and written again: not only at the next scan
                    }
                    if (file.quiet && !file.rotated && allWatched && !reported) {
                        releaseIfIdle(file, now);
                        continue;
                    }
                    file.quiet = false;
                    progress |= service(file, now, true);
                }
                removeClosed();
                tick();
                if (progress) {
                    parkNanos = TimeUnit.MILLISECONDS.toNanos(1);
                } else {
                    if (readSincePause >= BACKLOG_BYTES) {
                        backlogRead.run();
                    }
                    readSincePause = 0;
                    busySinceNanos = 0;
                    LockSupport.parkNanos(Math.min(parkNanos, Math.max(0, nextScan - System.nanoTime())));
                    parkNanos = Math.min(parkNanos * 2, allWatched ? WATCHED_MAX_PARK_NANOS : MAX_PARK_NANOS);
                }
            }
            if (drainRequested && !stopRequested) {
                drain();
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "The tailer's reader thread failed; no more lines are read", t);
        } finally {
            publish();
        }
    }

    private void tick() {
        long now = clock.millis();
        if (now - lastTickMillis < TICK_MILLIS) {
            return;
        }
        lastTickMillis = now;
        for (int i = 0; i < files.size(); i++) {
            TailedFile file = files.get(i);
            // Time passes for a file's pending records only while it has nothing more to read: after the reader was
            // held up (back-pressure), the next lines are on disk already and a stack trace must not be cut there.
            if (!file.isOpen() || file.scannedEnd >= file.publishedSize) {
                file.handler.onTick(now);
            }
        }
        publish();
    }

    private void publish() {
        if (!sameFiles(published, files)) {
            published = List.copyOf(files); // only when the set changed: a tick must not copy 1,000 references
        }
    }

    private static boolean sameFiles(List<TailedFile> published, List<TailedFile> files) {
        if (published.size() != files.size()) {
            return false;
        }
        for (int i = 0; i < files.size(); i++) {
            if (published.get(i) != files.get(i)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading one file

    /**
     * One pass over one file: reads one buffer of new bytes, or handles what no new bytes mean (partial line
     * timeout, end of a rotated file, idle close). Returns true when something was read.
     */
    private boolean service(TailedFile file, long now, boolean housekeeping) {
        if (!file.isOpen()) {
            return false;
        }
        try {
            long size = file.channel.size();
            // Shorter than the fingerprinted prefix: truncated even if nothing of this generation was read yet.
            if (size < file.scannedEnd || size < file.fingerprint.length()) {
                truncated(file, size, now);
                return true;
            }
            if (size > file.scannedEnd) {
                int count = reader.fill(file, size);
                // Verify AFTER reading: if the file was truncated and refilled past our offset in between, the
                // first bytes changed and the bytes just read are not the continuation.
                if (!file.rotated && !verifyFingerprint(file, size, count)) {
                    truncated(file, size, now);
                    return true;
                }
                if (count > 0) {
                    readSincePause += count;
                    file.handler.onRead(now);
                    reader.frame(file, count, false);
                    file.lastGrowthMillis = now;
                    file.flushedSinceData = false;
                    file.publish(size);
                    file.errorLogged = false;
                    return true;
                }
            }
            file.publish(size);
            if (file.hasPartialLine() && now - file.lastGrowthMillis >= config.partialLineTimeout().toMillis()) {
                emitPartial(file);
                return true;
            }
            if (!housekeeping) {
                return false;
            }
            if (file.rotated) {
                finishIfDrained(file, now);
            } else {
                // Read to its end with nothing pending: until a write is reported or a scan sees it grow, the passes
                // need not look at it (when the watch covers every file), which is what makes idle files cost nothing.
                file.quiet = size == file.scannedEnd && !file.hasPartialLine();
                releaseIfIdle(file, now);
            }
            return false;
        } catch (IOException e) {
            readFailed(file, e);
            return false;
        }
    }

    private void releaseIfIdle(TailedFile file, long now) {
        if (file.isOpen() && !file.hasPartialLine() && now - file.lastGrowthMillis >= config.idleCloseAfter().toMillis()) {
            release(file);
        }
    }

    /**
     * The periodic scan lists the globs and stats every match. When the watch covers every tailed file, writes, new files,
     * renames and deletions wake the reader at once, and the scan is only the safety net for a missed event: it runs at
     * the longer {@code watchedScanInterval}.
     */
    private long scanIntervalNanos() {
        return (allWatched ? config.watchedScanInterval() : config.scanInterval()).toNanos();
    }

    private boolean verifyFingerprint(TailedFile file, long size, int count) throws IOException {
        Fingerprint fingerprint = file.fingerprint;
        if (fingerprint.length() == 0) {
            // From the bytes just read, not from the file again: it may have been truncated in between, and
            // the fingerprint must name the generation those bytes came from (its copy is found by it).
            file.fingerprint = file.lineStart == 0 && count > 0 ? reader.fingerprintOfFill(count) : Fingerprint.of(file.channel, size);
            checkpoints.put(file.newSlot());
            if (!file.fingerprint.matches(file.channel, file.channel.size())) {
                return false; // truncated since the read: the caller looks for the copy
            }
            if (file.generation > 0) {
                // The generation began empty after a truncation, so these may already be the bytes of a later
                // one: with copytruncate, a whole generation can be written, copied and truncated while the reader
                // was blocked, leaving only its copy behind.
                adoptMissedCopies(file);
            }
            return true;
        }
        if (!fingerprint.matches(file.channel, size)) {
            return false;
        }
        if (fingerprint.length() < Fingerprint.MAX_LENGTH && size > fingerprint.length()) {
            file.fingerprint = fingerprint.extend(file.channel, size);
            checkpoints.put(file.newSlot());
        }
        return true;
    }

    private void emitPartial(TailedFile file) throws IOException {
        int count = reader.fill(file, file.scannedEnd);
        reader.frame(file, count, true);
    }

    /** A rotated file that went quiet: flush its handler once, and close it when all its records are done. */
    private void finishIfDrained(TailedFile file, long now) {
        if (now - file.lastGrowthMillis < config.partialLineTimeout().toMillis()) {
            return; // the writer may still be writing to its old handle (before it reopens the new file)
        }
        if (!file.flushedSinceData) {
            file.handler.flush();
            file.flushedSinceData = true;
        }
        if (file.fullyAcknowledged()) {
            LOG.log(System.Logger.Level.DEBUG, "Closing rotated {0}: read to its end and acknowledged", file);
            rememberFinished(file);
            release(file);
            checkpoints.remove(file.key, file.slot);
            file.finished = true;
        }
    }

    private void rememberFinished(TailedFile file) {
        try {
            Fingerprint now = Fingerprint.of(file.channel, file.channel.size());
            if (now.length() > 0) {
                finishedRotated.put(file.key, now.withoutHead());
            }
        } catch (IOException e) {
            // unreadable now: not remembered, at worst read again as a missed generation
        }
    }

    private void readFailed(TailedFile file, IOException error) {
        listener.readError(file.input, file.path, error);
        if (!file.errorLogged) {
            file.errorLogged = true;
            LOG.log(System.Logger.Level.WARNING, "Cannot read {0}: {1}; closing the handle and retrying (logged once)", file,
                    error.toString());
        }
        file.retryOpen = true; // reopen on the next scan even if the size did not change
        release(file);
    }

    private void release(TailedFile file) {
        if (file.isOpen()) {
            file.closeChannel();
            openCount--;
            listener.fileClosed(file.input, file.path);
        }
    }

    private void removeClosed() {
        if (files.removeIf(f -> f.finished)) {
            byKey.values().removeIf(f -> f.finished);
            publish();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Truncation

    /**
     * The file shrank below what was read, or its first bytes changed (truncated and written again between two
     * looks). The unread rest of the old content is looked for in a rotated copy (copytruncate leaves it in
     * {@code app.log.1}): if found, the old generation continues there with the same handler and ledger. Then
     * this file restarts at 0 as a new generation.
     */
    private void truncated(TailedFile file, long size, long now) throws IOException {
        listener.fileTruncated(file.input, file.path);
        TailedFile copy = file.rotated ? null : findCopy(file, now);
        if (copy != null) {
            LOG.log(System.Logger.Level.INFO, "{0} was truncated at offset {1}; reading the rest of the old content from {2}",
                    file, file.lineStart, copy.path);
        } else {
            long lost = Math.max(0, file.scannedEnd - file.lineStart);
            LOG.log(System.Logger.Level.INFO, "{0} was truncated (now {1} bytes, read up to {2}); no rotated copy with the "
                    + "unread rest found{3}", file, size, file.lineStart, lost > 0 ? "; an unterminated last line of " + lost
                    + " bytes is lost" : "");
            if (lost > 0) {
                listener.bytesLost(file.input, file.path, lost);
            }
            file.handler.flush();
        }
        long previousBegan = file.generationBeganWallMillis;
        file.previousFingerprint = file.fingerprint;
        file.fingerprint = Fingerprint.of(file.channel, size);
        begin(file, file.generation + 1, 0, now);
        // More than one truncation may have happened since the last look (the reader was blocked by backpressure):
        // the generations in between survive only as copies, modified after the ended generation began.
        adoptMissedCopies(file, previousBegan, now);
    }

    /**
     * Not missed: a sibling that starts like the live file now is the copy of the live generation (logrotate copies
     * before it truncates; the truncation that follows finds it by that fingerprint), and one that starts like the
     * generation before is that one's copy (already read when it ended before what was read: lines written in
     * logrotate's copy-to-truncate window).
     */
    private void adoptMissedCopies(TailedFile file, long sinceWallMillis, long now) {
        adoptMissedGenerations(file.path, file.input, file.sourcePath, sinceWallMillis - 1, now, file.fingerprint,
                file.previousFingerprint);
    }

    private void adoptMissedCopies(TailedFile file) {
        adoptMissedCopies(file, file.generationBeganWallMillis, clock.millis());
    }

    /**
     * The file was modified but is no longer than what was read: written and truncated between two looks (a
     * copytruncate of a whole generation while the reader was blocked). A changed prefix is a truncation; a
     * generation that began empty has no prefix to compare, so its siblings are checked for a copy.
     */
    private void rewrittenInPlace(TailedFile file, long now) throws IOException {
        if (file.fingerprint.length() > 0) {
            if (!file.fingerprint.matches(file.channel, file.channel.size())) {
                truncated(file, file.channel.size(), now);
            }
        } else if (file.generation > 0) {
            adoptMissedCopies(file);
        }
    }

    /** A sibling ({@code <name>.*}) that starts with the same bytes and holds at least what was read. */
    private TailedFile findCopy(TailedFile file, long now) {
        if (file.fingerprint.length() == 0) {
            return null;
        }
        for (Path candidate : siblings(file.path)) {
            try {
                FileStat stat = FileStat.of(candidate);
                if (byKey.containsKey(stat.key()) || stat.size() < file.lineStart) {
                    continue;
                }
                OpenedFile opened = OpenedFile.open(candidate);
                long size = opened.channel().size();
                if (!file.fingerprint.matches(opened.channel(), size)) {
                    opened.channel().close();
                    continue;
                }
                TailedFile copy = new TailedFile(file.input, file.sourcePath, candidate);
                copy.key = opened.key();
                copy.channel = opened.channel();
                copy.fingerprint = file.fingerprint;
                copy.generation = file.generation;
                copy.ledger = file.ledger;
                copy.handler = file.handler;
                copy.lineStart = file.lineStart;
                copy.scannedEnd = file.lineStart;
                copy.afterUnterminated = file.afterUnterminated;
                copy.rotated = true;
                copy.lastGrowthMillis = now;
                track(copy);
                checkpoints.put(copy.newSlot());
                listener.truncatedRestRecovered(file.input, candidate, size - file.lineStart);
                return copy;
            } catch (IOException e) {
                // vanished or unreadable: not our copy
            }
        }
        return null;
    }

    private static List<Path> siblings(Path path) {
        Path directory = path.getParent();
        String name = path.getFileName().toString();
        List<Path> siblings = new ArrayList<>();
        if (directory == null) {
            return siblings;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path entry : stream) {
                String other = entry.getFileName().toString();
                if (other.startsWith(name) && !other.equals(name)) {
                    siblings.add(entry);
                }
            }
        } catch (IOException e) {
            // the directory itself is gone
        }
        siblings.sort(null);
        return siblings;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Discovery

    private void recover() {
        Map<Path, String> found = scanner.scan();
        long now = clock.millis();
        Set<FileKey> seen = new HashSet<>();
        for (Map.Entry<Path, String> match : found.entrySet()) {
            Path path = match.getKey();
            try {
                OpenedFile opened = OpenedFile.open(path);
                if (!seen.add(opened.key())) {
                    opened.channel().close();
                    continue;
                }
                long size = opened.channel().size();
                StartPositions.Start start = startPositions.decide(path, match.getValue(), opened.key(), opened.channel(), size);
                TailedFile file = newFile(match.getValue(), path, path, opened);
                file.fingerprint = Fingerprint.of(opened.channel(), size);
                begin(file, start.generation(), start.offset(), now);
                if (openCount >= config.maxOpenFiles()) {
                    file.closeChannel(); // over the descriptor budget: reopened by identity when its turn comes
                }
                track(file);
            } catch (IOException e) {
                unreadable(path, e);
            }
        }
        for (CheckpointEntry entry : startPositions.unmatched()) {
            resumeRotated(entry, now);
        }
        watch.watch(scanner.roots());
        publish();
    }

    /** A checkpointed file no glob match resumed: find it (or its copy) next to its last path and read the rest. */
    private void resumeRotated(CheckpointEntry entry, long now) {
        if (!inputNames.contains(entry.input())) {
            LOG.log(System.Logger.Level.WARNING, "Checkpointed {0} belongs to input ''{1}'' which is no longer configured; "
                    + "not resuming it", entry.path(), entry.input());
            return;
        }
        Path last = Path.of(entry.path());
        Fingerprint fingerprint = new Fingerprint(entry.fingerprintLength(), entry.fingerprintCrc());
        List<Path> candidates = new ArrayList<>();
        candidates.add(last);
        candidates.addAll(siblings(last));
        // First the file itself under any name (same inode, same first bytes), then a copy (same first bytes).
        for (boolean byIdentity : new boolean[] {true, false}) {
            for (Path candidate : candidates) {
                try {
                    FileStat stat = FileStat.of(candidate);
                    boolean sameIdentity = stat.key().equals(entry.key());
                    if (sameIdentity != byIdentity || byKey.containsKey(stat.key()) || stat.size() < entry.offset()
                            || (!byIdentity && entry.fingerprintLength() == 0)) {
                        continue;
                    }
                    OpenedFile opened = OpenedFile.open(candidate);
                    long size = opened.channel().size();
                    if (!opened.key().equals(stat.key()) || size < entry.offset()
                            || (entry.fingerprintLength() > 0 && !fingerprint.matches(opened.channel(), size))) {
                        opened.channel().close();
                        continue;
                    }
                    if (size == entry.offset()) {
                        opened.channel().close();
                        return; // it was read and acknowledged completely before the restart
                    }
                    long modified = Files.getLastModifiedTime(candidate).toMillis();
                    TailedFile file = newFile(entry.input(), last, candidate, opened);
                    file.fingerprint = fingerprint;
                    file.rotated = true;
                    begin(file, entry.generation(), entry.offset(), now);
                    track(file);
                    LOG.log(System.Logger.Level.INFO, "Resuming rotated {0} (was {1}) at acknowledged offset {2}",
                            candidate, last, entry.offset());
                    if (!candidate.equals(last)) {
                        adoptMissedGenerations(last, entry.input(), last, modified, now);
                    }
                    return;
                } catch (IOException e) {
                    // vanished or unreadable: try the next
                }
            }
        }
        LOG.log(System.Logger.Level.WARNING, "Checkpointed file {0} ({1}, acknowledged up to {2}) is gone and no rotated copy "
                + "was found next to it; whatever it held beyond that offset cannot be sent", last, entry.key(), entry.offset());
        // It was rotated out (deleted) while the shipper was down, so generations after it may have been rotated in
        // and out meanwhile too (logrotate's rotate 1, or a long downtime): a sibling written after the checkpoint
        // holds lines no run has read. A finished file was quiet for a while before the last checkpoint, so it is
        // older; a tie in the file system's coarse clock counts as newer (rather read twice than lose).
        long since = startPositions.checkpointWrittenMillis();
        if (since > 0) {
            adoptMissedGenerations(last, entry.input(), last, since - 1, now);
        }
    }

    private void scan(long now) {
        Map<Path, String> found = scanner.scan();
        Set<FileKey> seen = new HashSet<>();
        List<Map.Entry<Path, String>> fresh = new ArrayList<>();
        for (Map.Entry<Path, String> match : found.entrySet()) {
            Path path = match.getKey();
            FileStat stat;
            try {
                stat = fileKeys.stat(path, scanner.attributesFromLastScan(path));
            } catch (IOException e) {
                continue; // vanished since the walk
            }
            if (!seen.add(stat.key())) {
                continue; // the same file through another link
            }
            TailedFile file = byKey.get(stat.key());
            if (file == null) {
                fresh.add(match);
                continue;
            }
            if (!file.path.equals(path)) {
                file.path = path; // followed a rename that the globs still match
                checkpoints.put(file.newSlot());
            }
            file.rotated = false;
            if (stat.size() != file.scannedEnd) {
                file.quiet = false; // grew or shrank without a reported event: look at it in the next pass
            }
            if (!file.isOpen() && (stat.size() != file.scannedEnd || file.retryOpen)) {
                reopen(file, now);
            } else if (file.isOpen() && stat.modifiedNanos() != file.scannedModifiedNanos && stat.size() == file.scannedEnd) {
                try {
                    rewrittenInPlace(file, now);
                } catch (IOException e) {
                    readFailed(file, e);
                }
            }
            file.scannedModifiedNanos = stat.modifiedNanos();
        }
        for (int i = 0; i < files.size(); i++) {
            TailedFile file = files.get(i);
            if (!file.rotated && !file.finished && !seen.contains(file.key)) {
                pathLost(file, now);
            }
        }
        for (Map.Entry<Path, String> match : fresh) {
            openNew(match.getKey(), match.getValue(), now);
        }
        removeClosed();
        watch.watch(scanner.roots());
        boolean watchedNow = allWatched();
        if (watchedNow && !allWatched) {
            // Events from before the watch covered them were not recorded: look at every file once more.
            files.forEach(f -> f.quiet = false);
        }
        allWatched = watchedNow;
        publish();
    }

    private boolean allWatched() {
        for (int i = 0; i < files.size(); i++) {
            if (!watch.covers(files.get(i).path)) {
                return false;
            }
        }
        return true;
    }

    /** The path no longer leads to this file: renamed away or deleted. */
    private void pathLost(TailedFile file, long now) {
        if (file.isOpen()) {
            file.rotated = true;
            listener.fileRotated(file.input, file.path);
            LOG.log(System.Logger.Level.DEBUG, "{0} was rotated or deleted; reading it to its end through the open handle", file);
            adoptMissedGenerations(file.path, file.input, file.sourcePath, file.trackedSinceWallMillis, now);
            return;
        }
        // Idle-closed: find it again by identity next to where it was.
        for (Path candidate : siblings(file.path)) {
            try {
                if (FileStat.of(candidate).key().equals(file.key)) {
                    file.path = candidate;
                    file.rotated = true;
                    listener.fileRotated(file.input, file.path);
                    reopen(file, now);
                    if (file.isOpen()) {
                        return;
                    }
                }
            } catch (IOException e) {
                // keep looking
            }
        }
        LOG.log(System.Logger.Level.INFO, "{0} disappeared while its descriptor was released (idle); lines appended "
                + "between the release and its removal cannot be read", file);
        file.handler.flush();
        checkpoints.remove(file.key, file.slot);
        file.finished = true;
    }

    /**
     * When a rename rotation is noticed late (the reader was blocked by backpressure, or the shipper was down),
     * the path may have been rotated more than once: generations created and rotated away before any scan saw
     * them sit among the siblings ({@code app.log.1} while the file first tracked is now {@code app.log.2}).
     * They are the untracked siblings written after the rotated file was first seen (or, after a restart, after
     * its own last write), and are read from their start. Compressed siblings are never read. Nor are the
     * {@linkplain #finishedRotated rotated files this loop already read and closed}: an app that reopens its log a
     * moment after the rename writes to the old generation after its successor was first seen, so "written after"
     * alone would take the previous generation for a missed one and send it again in full.
     */
    private void adoptMissedGenerations(Path path, String input, Path sourcePath, long newerThanWallMillis, long now,
            Fingerprint... copiesOfKnown) {
        for (Path sibling : siblings(path)) {
            String name = sibling.getFileName().toString();
            if (name.endsWith(".gz") || name.endsWith(".bz2") || name.endsWith(".xz") || name.endsWith(".zst")
                    || name.endsWith(".zip") || name.endsWith(".tmp")) {
                continue;
            }
            try {
                FileStat stat = FileStat.of(sibling);
                if (byKey.containsKey(stat.key()) || Files.getLastModifiedTime(sibling).toMillis() <= newerThanWallMillis) {
                    continue;
                }
                OpenedFile opened = OpenedFile.open(sibling);
                Fingerprint finished = finishedRotated.get(opened.key());
                long size = opened.channel().size();
                if (byKey.containsKey(opened.key()) || (finished != null && finished.matches(opened.channel(), size))
                        || startsLikeAny(opened, size, copiesOfKnown)) {
                    opened.channel().close(); // tracked, already read to its end and closed, or a known generation's copy
                    continue;
                }
                TailedFile file = newFile(input, sourcePath, sibling, opened);
                file.fingerprint = Fingerprint.of(opened.channel(), size);
                file.rotated = true;
                begin(file, 0, 0, now);
                track(file);
                LOG.log(System.Logger.Level.INFO, "Reading {0} from its start: a generation of {1} that was rotated before "
                        + "a scan saw it", sibling, path);
            } catch (IOException e) {
                // vanished or unreadable: nothing to adopt
            }
        }
    }

    private static boolean startsLikeAny(OpenedFile file, long size, Fingerprint... fingerprints) throws IOException {
        for (Fingerprint fingerprint : fingerprints) {
            if (fingerprint != null && fingerprint.sharesPrefixWith(file.channel(), size)) {
                return true;
            }
        }
        return false;
    }

    private void openNew(Path path, String input, long now) {
        if (!ensureCapacity()) {
            return; // found again by the next scan
        }
        try {
            OpenedFile opened = OpenedFile.open(path);
            if (byKey.containsKey(opened.key())) {
                opened.channel().close();
                return;
            }
            TailedFile file = newFile(input, path, path, opened);
            file.fingerprint = Fingerprint.of(opened.channel(), opened.channel().size());
            begin(file, 0, 0, now); // files appearing while running are read from their head
            track(file);
            warnedUnreadable.remove(path);
            LOG.log(System.Logger.Level.DEBUG, "Tailing new file {0}", file);
        } catch (IOException e) {
            unreadable(path, e);
        }
    }

    private void reopen(TailedFile file, long now) {
        if (!ensureCapacity()) {
            return; // the next scan tries again
        }
        try {
            OpenedFile opened = OpenedFile.open(file.path);
            if (!opened.key().equals(file.key)) {
                opened.channel().close(); // the path now names another file; the next scan sorts it out
                return;
            }
            file.retryOpen = false;
            file.channel = opened.channel();
            openCount++;
            listener.fileOpened(file.input, file.path);
            long size = file.channel.size();
            if (size < file.scannedEnd || (file.fingerprint.length() > 0 && !file.fingerprint.matches(file.channel, size))) {
                truncated(file, size, now); // includes inode reuse: same identity, other content
            }
        } catch (IOException e) {
            file.retryOpen = true;
            unreadable(file.path, e);
        }
    }

    private TailedFile newFile(String input, Path sourcePath, Path path, OpenedFile opened) {
        TailedFile file = new TailedFile(input, sourcePath, path);
        file.key = opened.key();
        file.channel = opened.channel();
        return file;
    }

    /** Registers an opened file with the loop (the channel counts against the descriptor budget). */
    private void track(TailedFile file) {
        files.add(file);
        byKey.put(file.key, file);
        if (file.isOpen()) {
            openCount++;
            listener.fileOpened(file.input, file.path);
        }
    }

    /** Starts a generation: fresh ledger and handler at {@code offset}; the file's fingerprint is already set. */
    private void begin(TailedFile file, long generation, long offset, long now) throws IOException {
        file.generation = generation;
        file.generationBeganWallMillis = System.currentTimeMillis();
        String input = file.input;
        file.ledger = new AckLedger(offset, reason -> listener.recordRejected(input, reason));
        file.handler = factory.open(new SourceFile(file.sourcePath, input), file.ledger);
        file.lineStart = offset;
        file.scannedEnd = offset;
        file.afterUnterminated = offset > 0 && byteAt(file, offset - 1) != '\n';
        file.flushedSinceData = false;
        file.lastGrowthMillis = now;
        file.publish(file.channel == null ? offset : file.channel.size());
        checkpoints.put(file.newSlot());
    }

    private static int byteAt(TailedFile file, long offset) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        return file.channel.read(one, offset) == 1 ? one.get(0) : -1;
    }

    /** Frees a descriptor if the budget is used up, by releasing the live file at its end that grew least recently. */
    private boolean ensureCapacity() {
        if (openCount < config.maxOpenFiles()) {
            return true;
        }
        TailedFile victim = null;
        for (TailedFile file : files) {
            if (file.isOpen() && !file.rotated && !file.hasPartialLine() && file.scannedEnd == file.publishedSize
                    && (victim == null || file.lastGrowthMillis < victim.lastGrowthMillis)) {
                victim = file;
            }
        }
        if (victim == null) {
            if (!capacityWarned) {
                capacityWarned = true;
                LOG.log(System.Logger.Level.WARNING, "tail.maxOpenFiles={0} descriptors are all in use by files with unread "
                        + "data; new files wait until one is read to its end (logged once)", config.maxOpenFiles());
            }
            return false;
        }
        release(victim);
        return true;
    }

    private void unreadable(Path path, IOException error) {
        if (warnedUnreadable.size() < MAX_WARNED_PATHS && warnedUnreadable.add(path)) {
            LOG.log(System.Logger.Level.WARNING, "Cannot open {0}: {1}; retrying every scan (logged once)", path,
                    error.toString());
        }
        listener.readError("", path, error);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Shutdown

    /** Reads every tailed file to the end it has now, hands over partial last lines, and flushes every handler. */
    private void drain() {
        long now = clock.millis();
        LOG.log(System.Logger.Level.INFO, "Draining {0} tailed files", files.size());
        for (int i = 0; i < files.size() && System.nanoTime() - drainDeadlineNanos < 0; i++) {
            TailedFile file = files.get(i);
            busySinceNanos = System.nanoTime() | 1;
            boolean openedHere = false;
            try {
                if (!file.isOpen() && !file.finished) {
                    FileStat stat = FileStat.of(file.path);
                    if (stat.key().equals(file.key) && stat.size() != file.scannedEnd) {
                        OpenedFile opened = OpenedFile.open(file.path);
                        if (opened.key().equals(file.key)) {
                            file.channel = opened.channel();
                            openCount++;
                            openedHere = true;
                        } else {
                            opened.channel().close();
                        }
                    }
                }
                if (file.isOpen()) {
                    long target = file.channel.size();
                    while (file.isOpen() && file.scannedEnd < target && System.nanoTime() - drainDeadlineNanos < 0
                            && service(file, now, false)) {
                        // read on
                    }
                    if (file.isOpen() && file.hasPartialLine()) {
                        emitPartial(file);
                    }
                }
            } catch (IOException e) {
                readFailed(file, e);
            }
            file.handler.flush();
            if (openedHere) {
                release(file);
            }
        }
        publish();
    }
}
