package dev.logshipper.e2e;

import dev.logshipper.testing.FakeCloudWatchLogs;
import dev.logshipper.testing.LogsOperation;
import dev.logshipper.testing.TestSdkClients;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sidecar's life: the shipper jar is SIGKILLed {@value #KILLS} times at random moments and started again at once, while
 * the app writes 2,000 lines a second and the real {@code logrotate} rotates its log every 256 KiB, in both modes,
 * keeping every rotated file. Batches stay in flight a while (the endpoint answers after 100 ms), so kills catch some.
 *
 * <p>What must hold, line by line, from the writer's record and the endpoint's events:
 * <ul>
 *   <li>every line still in a file at the end arrived - in {@code create} mode that is every line written;</li>
 *   <li>duplicates stay within the delivery guarantee's bound, summed over the kills: the batches in flight at the kill
 *       (4 x 10,000 events) plus the events acknowledged in the checkpoint interval before it (1 s, plus 250 ms for the
 *       write and the acknowledgement), as measured at the endpoint;</li>
 *   <li>nothing arrives that was never written, but for at most one fragment per rotation (copytruncate can copy a
 *       line half-written).</li>
 * </ul>
 * Lines in no file at the end were written in logrotate's copy-to-truncate window (copytruncate) and not read before the
 * truncation; they are counted and printed. Each run prints a {@code [crash-loop]} line with the figures and the seed of
 * its kill times ({@code -Dcrashloop.seed=N} replays them; {@code -Dcrashloop.kills=N} changes their number). With
 * {@code -Dcrashloop.kills=0 -Dcrashloop.rate=20000 -Dcrashloop.seconds=30} it measures what copytruncate's window costs a
 * running shipper ({@code -Dshipper.jar=...} runs another build).
 */
class CrashLoopIT {
    private static final int KILLS = Integer.getInteger("crashloop.kills", 20);
    private static final int LINES_PER_SECOND = Integer.getInteger("crashloop.rate", 2_000);
    /** How long the app writes; by default long enough for the kills. */
    private static final Duration WRITE_FOR = Duration.ofSeconds(Long.getLong("crashloop.seconds", KILLS * 11L / 10 + 2));
    private static final int MAX_IN_FLIGHT = 4;
    private static final int MAX_BATCH_EVENTS = 10_000;
    private static final Duration CHECKPOINT_WINDOW = Duration.ofMillis(1_250);
    private static final String GROUP = "/crash/shop";
    private static final String STREAM = "web-7d4b9/app";

    enum Mode { CREATE, COPYTRUNCATE }

    @TempDir
    Path dir;

    private final FakeCloudWatchLogs fake = FakeCloudWatchLogs.builder()
            .credentials(TestSdkClients.ACCESS_KEY, TestSdkClients.SECRET_KEY).start();
    private final List<ShipperProcess> processes = new ArrayList<>();
    private Path logs;

    @BeforeEach
    void directories() throws IOException {
        Assumptions.assumeTrue(LogrotateLoop.installed(), "logrotate is not installed (.ci/run installs it)");
        logs = Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("podinfo"));
        fake.createStream(GROUP, STREAM);
        fake.faults().addLatency(Duration.ofMillis(100), LogsOperation.PutLogEvents);
    }

    @AfterEach
    void stop() {
        processes.forEach(ShipperProcess::close);
        fake.close();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aCrashLoopLosesNoLineStillInAFileAndDuplicatesWithinTheBound(Mode mode) throws Exception {
        long seed = Long.getLong("crashloop.seed", System.nanoTime());
        Random random = new Random(seed);
        NumberedLines lines = new NumberedLines(100);
        Path log = logs.resolve("app.log");
        Files.createFile(log);
        Path logrotateConfig = LogrotateLoop.writeConfig(dir.resolve("logrotate.conf"), log, "256k", 1_000,
                mode == Mode.CREATE ? "create" : "copytruncate", "nocompress");
        Path config = ShipperProcess.writeConfig(dir, logs, fake.endpoint(), "/crash/{namespace}", "");
        ShipperProcess shipper = start(config);
        await().atMost(Duration.ofSeconds(30)).until(() -> shipper.stderr().contains("Tailing 1 input(s)"));

        LineWriter writer = new LineWriter(log, lines, LINES_PER_SECOND, 1, WRITE_FOR, mode == Mode.CREATE,
                Duration.ofMillis(25));
        LogrotateLoop rotator = new LogrotateLoop(logrotateConfig, dir.resolve("logrotate.state"), log,
                Duration.ofMillis(100), mode == Mode.COPYTRUNCATE, lines, copy -> { });
        AcceptedSampler sampler = new AcceptedSampler(fake);
        writer.start();
        rotator.start(writer::isAlive);
        sampler.start(writer::isAlive);

        long bound = 0;
        ShipperProcess current = shipper;
        for (int kill = 0; kill < KILLS && writer.isAlive(); kill++) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300 + random.nextInt(1_200)));
            long inFlight = fake.requestCount(LogsOperation.PutLogEvents) - fake.batches().size();
            long killedAt = System.nanoTime();
            long acceptedAtKill = fake.store().acceptedEventCount();
            current.kill();
            bound += Math.max(0, inFlight) * MAX_BATCH_EVENTS
                    + acceptedAtKill - sampler.acceptedAt(killedAt - CHECKPOINT_WINDOW.toNanos());
            current = start(config);
        }
        int written = writer.join();
        rotator.join();
        sampler.join();

        BitSet inFiles = new BitSet();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(logs, "app.log*")) {
            for (Path file : files) {
                lines.scan(file, inFiles);
            }
        }
        Arrivals arrivals = new Arrivals(lines);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> arrivals.update(fake.events(GROUP, STREAM)).containsAll(inFiles));
        } catch (ConditionTimeoutException e) {
            // reported below
        }
        assertEquals(0, current.terminate(Duration.ofSeconds(30)), "exit code after SIGTERM; stderr:\n" + current.stderr());
        arrivals.update(fake.events(GROUP, STREAM));

        BitSet missing = (BitSet) inFiles.clone();
        missing.andNot(arrivals.arrived());
        BitSet inNoFile = new BitSet();
        inNoFile.set(0, written);
        inNoFile.andNot(inFiles);
        BitSet lostInNoFile = (BitSet) inNoFile.clone();
        lostInNoFile.andNot(arrivals.arrived());
        String summary = String.format("[crash-loop] %s, %d lines/s, %d SIGKILLs (seed %d), logrotate %d rotations: written %d, in a file "
                        + "at the end %d, arrived %d distinct (%d events), duplicates %d (bound %d), in no file %d (of them "
                        + "delivered %d, lost %d), fragments %d", mode.name().toLowerCase(Locale.ROOT), LINES_PER_SECOND, KILLS, seed,
                rotator.rotations(), written, inFiles.cardinality(), arrivals.arrived().cardinality(), arrivals.events(),
                arrivals.duplicates(), bound, inNoFile.cardinality(), inNoFile.cardinality() - lostInNoFile.cardinality(),
                lostInNoFile.cardinality(), arrivals.fragments());
        System.out.println(summary);
        String context = summary + "\nlast shipper's stderr (end):\n" + tail(current.stderr());
        assertEquals(0, missing.cardinality(), "lines still in a file that never arrived (first: " + first(missing) + ")\n"
                + context);
        assertTrue(arrivals.duplicates() <= bound, "duplicates over the bound\n" + context);
        assertTrue(arrivals.fragments() <= rotator.rotations() * 2, "fragments\n" + context);
        if (mode == Mode.CREATE) {
            assertEquals(written, inFiles.cardinality(), "create mode keeps every line in a file\n" + context);
        }
    }

    private ShipperProcess start(Path config) throws IOException {
        ShipperProcess p = ShipperProcess.startSmall(config, dir);
        processes.add(p);
        return p;
    }

    private static String first(BitSet set) {
        StringBuilder text = new StringBuilder();
        for (int i = set.nextSetBit(0), n = 0; i >= 0 && n < 20; i = set.nextSetBit(i + 1), n++) {
            text.append(i).append(' ');
        }
        return text.toString().trim();
    }

    private static String tail(String text) {
        return text.length() > 6_000 ? "..." + text.substring(text.length() - 6_000) : text;
    }
}
