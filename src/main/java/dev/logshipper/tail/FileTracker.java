package dev.logshipper.tail;

import dev.logshipper.checkpoint.AckLedger;
import dev.logshipper.checkpoint.CheckpointWriter;
import dev.logshipper.config.ShipperConfig.TailConfig;
import dev.logshipper.record.LineHandlerFactory;
import dev.logshipper.record.SourceFile;
import dev.logshipper.tail.TailedFile.State;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Every file the inputs concern and what is done with it: the readers ({@link TailedFile}, one per generation being
 * read), the {@link FileCatalogue} of known identities, and the descriptor budget. It is driven in steps - {@link #scan},
 * {@link #pass}, {@link #tick}, {@link #drain} - by the reader thread ({@link ReaderLoop}), or by a test on its own
 * thread; everything here is confined to that one thread. Discovery of new files ({@link Discovery}), start-up
 * recovery ({@link Recovery}), truncation ({@link Truncations}) and reading ({@link FileReading}) are its parts.
 */
final class FileTracker {
    private static final System.Logger LOG = System.getLogger(FileTracker.class.getName());
    private static final long TICK_MILLIS = 100;
    /** How long the reader polls a live file without pause after a copy of it appeared (copytruncate is under way). */
    static final long HOT_MILLIS = 2_000;

    final TailConfig config;
    final InstantSource clock;
    final TailListener listener;
    final CheckpointWriter checkpoints;
    final FileCatalogue catalogue;
    final LineReader lineReader;
    private final LineHandlerFactory factory;
    private final GlobScanner scanner;
    private final FileKeys fileKeys = new FileKeys();
    final Discovery discovery;
    final Truncations truncations;
    private final FileReading reading;

    private final List<TailedFile> files = new ArrayList<>();
    /** See {@link #ended}: a copy is found at most a few scans after the truncation that ended its generation. */
    private final ArrayDeque<TailedFile> ended = new ArrayDeque<>();
    private static final int MAX_ENDED = 16;
    final Descriptors descriptors;
    private long lastTickMillis;
    private volatile List<TailedFile> published = List.of();

    FileTracker(TailConfig config, GlobScanner scanner, LineHandlerFactory factory, InstantSource clock, TailListener listener,
            CheckpointWriter checkpoints, long historyBeforeMillis) {
        this.config = config;
        this.scanner = scanner;
        this.factory = factory;
        this.clock = clock;
        this.listener = listener;
        this.checkpoints = checkpoints;
        this.catalogue = new FileCatalogue(historyBeforeMillis);
        this.descriptors = new Descriptors(config.maxOpenFiles(), config.idleCloseAfter().toMillis(), listener, files,
                catalogue);
        this.lineReader = new LineReader(config.readBufferBytes(), config.maxLineBytes(), listener);
        this.discovery = new Discovery(this);
        this.truncations = new Truncations(this);
        this.reading = new FileReading(this);
    }

    GlobScanner scanner() {
        return scanner;
    }

    FileKeys fileKeys() {
        return fileKeys;
    }

    List<TailedFile> files() {
        return files;
    }

    /** The readers as last published (safe from any thread). */
    List<TailedFile> published() {
        return published;
    }

    // ---------------------------------------------------------------------------------------------------------- steps

    /**
     * Lists the watched directories and brings the catalogue up to date: renames followed by identity, files gone,
     * files changed, and new files discovered. Then tells the checkpoint writer which listing the slots reflect.
     */
    void scan() {
        scan(UnaryOperator.identity());
    }

    /** {@link #scan()}, with the listing passed through {@code listing} first (tests: a listing that misses a file). */
    void scan(UnaryOperator<List<GlobScanner.Listed>> listing) {
        long started = System.currentTimeMillis();
        long heatedSince = clock.millis();
        discovery.apply(listing.apply(scanner.scan()));
        reading.readFilesHeatedSince(files, heatedSince, clock.millis());
        checkpoints.listed(started);
        removeFinished();
        publish();
    }

    /**
     * One pass over the readers: at most one buffer of each. A live file read to its end is skipped while
     * {@code skipQuiet} (the watch covers every file) unless {@code modified} reports a write to it. Returns true
     * when something was read or emitted.
     */
    boolean pass(Set<Path> modified, boolean skipQuiet) {
        boolean progress = false;
        for (int i = 0; i < files.size(); i++) {
            TailedFile file = files.get(i);
            if (file.state == State.FINISHED) {
                continue; // its holder may have passed to the next generation's reader
            }
            long now = clock.millis();
            boolean reported = modified.contains(file.path());
            if (reported && file.state == State.RELEASED) {
                reopen(file, now); // released for idleness and written again: not only at the next scan
            }
            if (file.state == State.QUIET && skipQuiet && !reported && now - file.hotUntilMillis >= 0) {
                descriptors.releaseIfIdle(file, now);
                continue;
            }
            if (file.state == State.QUIET) {
                file.state = State.LIVE;
            }
            progress |= reading.service(file, now, true);
        }
        removeFinished();
        return progress;
    }

    /** Bytes read by passes since the last call. */
    long takeBytesRead() {
        return reading.takeBytesRead();
    }

    /** True while a live file is polled without pause (a copy of it appeared: its truncation is coming). */
    boolean hot(long now) {
        for (int i = 0; i < files.size(); i++) {
            if (now - files.get(i).hotUntilMillis < 0) {
                return true;
            }
        }
        return false;
    }

    /** Gives handlers the time (multiline timeouts), at most every {@value #TICK_MILLIS} ms unless {@code force}. */
    void tick(boolean force) {
        long now = clock.millis();
        if (!force && now - lastTickMillis < TICK_MILLIS) {
            return;
        }
        lastTickMillis = now;
        for (int i = 0; i < files.size(); i++) {
            TailedFile file = files.get(i);
            // Time passes for a file's pending records only while it has nothing more to read: after the reader was
            // held up (back-pressure), the next lines are on disk already and a stack trace must not be cut there.
            if (file.state != State.FINISHED && (!file.isOpen() || file.scannedEnd >= file.publishedSize)) {
                file.handler.onTick(now);
            }
        }
        publish();
    }

    /** Reads every reader's file to the end it has now, hands over partial last lines, and flushes every handler. */
    void drain(long deadlineNanos) {
        LOG.log(System.Logger.Level.INFO, "Draining {0} tailed files", files.size());
        reading.drain(deadlineNanos);
        publish();
    }

    /** Closes every descriptor (after the reader thread ended, or a test's kill). */
    void closeAll() {
        for (KnownFile file : catalogue.files()) {
            file.closeChannel();
        }
    }

    // ------------------------------------------------------------------------------------------ readers and files

    /**
     * Starts reading {@code holder}'s generation at {@code offset}: a fresh ledger and handler, the holder becomes
     * READING, and its slot is registered. The holder is catalogued if it was not.
     */
    TailedFile startReader(KnownFile holder, State state, Fingerprint fingerprint, long generation, long offset) {
        if (!holder.isOpen() && (state == State.LIVE || state == State.QUIET)) {
            state = State.RELEASED; // its descriptor went to another file meanwhile: reopened when it changes
        }
        TailedFile reader = new TailedFile(holder.input, holder.source, holder, state);
        reader.fingerprint = fingerprint;
        holder.role = KnownFile.Role.READING;
        holder.reader = reader;
        holder.fingerprint = null;
        begin(reader, generation, offset);
        catalogue.add(holder);
        files.add(reader);
        return reader;
    }

    /** (Re)starts {@code reader}'s generation at {@code offset}: new ledger and handler, slot registered. */
    void begin(TailedFile reader, long generation, long offset) {
        reader.generation = generation;
        String input = reader.input;
        reader.ledger = new AckLedger(offset, reason -> listener.recordRejected(input, reason));
        reader.handler = factory.open(new SourceFile(reader.sourcePath, input), reader.ledger);
        reader.lineStart = offset;
        reader.scannedEnd = offset;
        reader.afterUnterminated = offset > 0 && byteAt(reader, offset - 1) != '\n';
        reader.lastGrowthMillis = clock.millis();
        reader.publish(reader.holder.size);
        putSlot(reader.holder);
    }

    private static int byteAt(TailedFile reader, long offset) {
        if (!reader.isOpen()) {
            return '\n';
        }
        try {
            ByteBuffer one = ByteBuffer.allocate(1);
            return reader.channel().read(one, offset) == 1 ? one.get(0) : -1;
        } catch (IOException e) {
            return '\n';
        }
    }

    /** {@code file} holds nothing more to read: everything below {@code offset} is done (read, or history). */
    void makeDone(KnownFile file, Fingerprint fingerprint, long offset) {
        if (file.role == KnownFile.Role.STANDBY && file.reader != null) {
            file.reader.standbys.remove(file);
        }
        file.role = KnownFile.Role.DONE;
        file.reader = null;
        file.size = offset;
        file.fingerprint = fingerprint.withoutHead();
        descriptors.close(file);
        catalogue.add(file);
        file.slot = new CheckpointWriter.Slot(file.key, fingerprint.length(), fingerprint.crc(), 0, file.path.toString(),
                file.input, new AckLedger(offset), Long.MAX_VALUE, file.source.toString());
        checkpoints.put(file.slot);
    }

    /** {@code copy} holds a prefix of {@code reader}'s generation: kept in case that generation ends before it is read. */
    void makeStandby(KnownFile copy, Fingerprint fingerprint, TailedFile reader) {
        if (fingerprint.length() > reader.fingerprint.length() && fingerprint.head() != null
                && reader.state != State.FINISHED && reader.holder.path.equals(reader.sourcePath)) {
            // The app's file starts with the copy's bytes, more than its reader fingerprinted itself (it may not have
            // read at all yet): held to them, the file is found truncated even when it is written past them again.
            reader.fingerprint = fingerprint;
            putSlot(reader.holder);
        }
        copy.role = KnownFile.Role.STANDBY;
        copy.reader = reader;
        copy.fingerprint = fingerprint.withoutHead();
        reader.standbys.add(copy);
        catalogue.add(copy);
        putSlot(copy);
    }

    /** Registers (or replaces) the checkpoint slot of a READING or STANDBY file. */
    void putSlot(KnownFile file) {
        TailedFile reader = file.reader;
        Fingerprint fingerprint = file.role == KnownFile.Role.READING ? reader.fingerprint : file.fingerprint;
        long limit = file.role == KnownFile.Role.STANDBY ? file.size : Long.MAX_VALUE;
        file.slot = new CheckpointWriter.Slot(file.key, fingerprint.length(), fingerprint.crc(), reader.generation,
                file.path.toString(), reader.input, reader.ledger, limit, file.source.toString());
        checkpoints.put(file.slot);
    }

    /** {@code file} was found under another name: its slot says so (a restart finds it by identity anyway). */
    void repath(KnownFile file) {
        if (file.role == KnownFile.Role.DONE) {
            makeDone(file, file.fingerprint, file.size);
        } else {
            putSlot(file);
        }
    }

    /** The file is gone for good (or its identity now names other content): no longer known, no slot. */
    void forget(KnownFile file) {
        if (file.role == KnownFile.Role.STANDBY && file.reader != null) {
            file.reader.standbys.remove(file);
        }
        descriptors.close(file);
        catalogue.remove(file);
        if (file.slot != null) {
            checkpoints.remove(file.key, file.slot);
        }
    }

    /** The reader is done: removed from the list after the current pass. Its holder's fate is the caller's. */
    void finish(TailedFile reader) {
        reader.state = State.FINISHED;
        reader.hotUntilMillis = 0;
    }

    /**
     * {@code reader}'s file lost its generation before a copy of it was known (truncated, or deleted while released):
     * remembered for a while, so that a copy found later is recognised as that generation's - read on from where the
     * reader stopped, or kept until what the reader read is acknowledged - instead of being read as a new one.
     */
    void ended(TailedFile reader) {
        finish(reader);
        ended.addFirst(reader);
        while (ended.size() > MAX_ENDED) {
            ended.removeLast();
        }
    }

    /** Readers whose generation ended without a copy known, newest first. */
    List<TailedFile> endedReaders() {
        return List.copyOf(ended);
    }

    /** An ended reader goes on in {@code copy}, found later: it is a reader again. */
    void resume(TailedFile reader, KnownFile copy) {
        ended.remove(reader);
        copy.role = KnownFile.Role.READING;
        copy.reader = reader;
        copy.fingerprint = null;
        reader.holder = copy;
        reader.state = State.ROTATED;
        reader.lastGrowthMillis = clock.millis();
        reader.fingerprint = reader.fingerprint.prefix(copy.size);
        catalogue.add(copy);
        putSlot(copy);
        files.add(reader);
        listener.truncatedRestRecovered(reader.input, copy.path, copy.size - reader.lineStart);
    }

    private void removeFinished() {
        if (files.removeIf(f -> f.state == State.FINISHED)) {
            publish();
        }
    }

    void publish() {
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

    /** Reopens a released or failed live reader's file by identity. */
    void reopen(TailedFile reader, long now) {
        if (!descriptors.ensureCapacity()) {
            return; // the next scan tries again
        }
        try {
            OpenedFile opened = OpenedFile.open(reader.path());
            if (!opened.key().equals(reader.key())) {
                opened.channel().close(); // the path now names another file; the next scan sorts it out
                return;
            }
            reader.holder.channel = opened.channel();
            descriptors.opened(reader.holder);
            reader.state = State.LIVE;
            long size = opened.channel().size();
            if (size < reader.scannedEnd || (reader.fingerprint.length() > 0 && !reader.fingerprint.matches(opened.channel(), size))) {
                truncations.truncated(reader, size, now); // includes inode reuse: same identity, other content
            } else {
                reader.publish(size); // not at its end: no candidate for the next release
            }
        } catch (IOException e) {
            reader.state = State.FAILED;
            descriptors.unreadable(reader.path(), e);
        }
    }
}
