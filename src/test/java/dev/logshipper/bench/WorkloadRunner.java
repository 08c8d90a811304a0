package dev.logshipper.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs one workload once with one JVM configuration against the already running endpoint, and measures it.
 *
 * <p>Completion is observed from outside: the endpoint's accepted-event count reaching the number of events written.
 * Times come from the endpoint's own first/last acceptance stamps (so the polling period does not enter them), CPU and
 * peak RSS from {@code /proc/<pid>} of the shipper at that moment.
 */
final class WorkloadRunner {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final double MIB = 1 << 20;
    private static final double GIB = 1 << 30;

    private final FakeEndpoint endpoint;
    private final Path workDir;
    private final boolean memory;

    /**
     * What is started: the shipper jar with JVM flags (configuration plus anything added, such as JFR or NMT) and
     * environment variables beyond the pod's ({@link ShipperSetup#environment}), under a name for the tables.
     */
    record Launch(Path jar, String name, List<String> flags, Map<String, String> env) {
    }

    /** @param memory take a {@link MemoryBreakdown} at each measurement point (the flags must enable NMT) */
    WorkloadRunner(FakeEndpoint endpoint, Path workDir, boolean memory) {
        this.endpoint = endpoint;
        this.workDir = workDir;
        this.memory = memory;
    }

    /**
     * @param data the prewritten files for PREWRITTEN and IDLE workloads (ignored otherwise)
     * @param written what {@code data} holds
     */
    Measurement run(Workload workload, Launch launch, int run, Path data, WorkloadFiles.Written written)
            throws IOException, InterruptedException {
        Path runDir = freshDir(workDir.resolve("runs").resolve(workload.name() + "-" + launch.name() + "-" + run));
        endpoint.reset();
        return switch (workload.kind()) {
            case PREWRITTEN -> prewritten(workload, launch, run, data, written, runDir);
            case ROTATION -> rotation(workload, launch, run, data.resolve(WorkloadFiles.ROTATION_SOURCE), written, runDir);
            case LATENCY -> latency(workload, launch, run, runDir);
            case IDLE -> idle(workload, launch, run, data, written, runDir);
            case STEADY -> steady(workload, launch, run, runDir);
        };
    }

    /** A run whose lines are written while the shipper runs: its empty log, its config, the figures taken first. */
    private record LiveRun(Path log, Path config, String load, double endpointCpu) {
    }

    private LiveRun live(Workload workload, Path runDir) throws IOException {
        Path logDir = Files.createDirectories(runDir.resolve("logs"));
        Path log = Files.createFile(logDir.resolve("app.log"));
        return new LiveRun(log, ShipperSetup.write(runDir, logDir, workload, endpoint.endpoint()), ProcStats.loadAverages(),
                endpoint.cpuSeconds());
    }

    private ShipperUnderTest start(Launch launch, Path config, Path runDir) throws IOException {
        Map<String, String> env = new java.util.HashMap<>(ShipperSetup.environment());
        env.putAll(launch.env());
        return ShipperUnderTest.start(launch.jar(), launch.flags(), config, runDir, env);
    }

    // ---------------------------------------------------------------- kinds

    private Measurement prewritten(Workload workload, Launch launch, int run, Path data, WorkloadFiles.Written written,
                                   Path runDir) throws IOException, InterruptedException {
        String load = ProcStats.loadAverages();
        double endpointCpu = endpoint.cpuSeconds();
        Path config = ShipperSetup.write(runDir, data, workload, endpoint.endpoint());
        try (ShipperUnderTest shipper = start(launch, config, runDir)) {
            boolean multiline = workload.content() == Workload.Content.JAVA_MIX;
            Completion done = awaitAll(shipper, written.events(), timeoutFor(written.bytes()), multiline);
            if (memory) {
                done = done.withMemory(MemoryBreakdown.of(shipper.pid())); // right after the backlog: the heap at its fullest
            }
            return finish(workload, launch.name(), run, load, written, shipper, shipper.startedAtMillis(), done,
                    endpoint.cpuSeconds() - endpointCpu, null,
                    multiline ? "timed to the last-but-one record (the last waits for multiline.flushTimeout)" : null);
        }
    }

    private Measurement rotation(Workload workload, Launch launch, int run, Path source, WorkloadFiles.Written written,
                                 Path runDir) throws IOException, InterruptedException {
        LiveRun live = live(workload, runDir);
        Logrotate logrotate = Logrotate.copytruncate(runDir, live.log());
        try (ShipperUnderTest shipper = start(launch, live.config(), runDir)) {
            shipper.awaitStarted(START_TIMEOUT);
            long writeStart = System.currentTimeMillis();
            RotatingWriter writer = new RotatingWriter(source, live.log(), workload.rotateEveryBytes(), workload.writeRate(),
                    logrotate);
            writer.writeAll();
            Completion done = awaitAll(shipper, written.events(), timeoutFor(written.bytes()), false);
            String note = "rotations " + logrotate.rotations() + ", written in " + writer.writeMillis() + " ms, last ack "
                    + (done.lastAck() - writeStart - writer.writeMillis()) + " ms after the last write";
            return finish(workload, launch.name(), run, live.load(), written, shipper, writeStart, done,
                    endpoint.cpuSeconds() - live.endpointCpu(), null, note);
        }
    }

    private Measurement latency(Workload workload, Launch launch, int run, Path runDir)
            throws IOException, InterruptedException {
        LiveRun live = live(workload, runDir);
        try (ShipperUnderTest shipper = start(launch, live.config(), runDir)) {
            shipper.awaitStarted(START_TIMEOUT);
            PacedWriter writer = new PacedWriter(live.log(), workload.writeRate());
            long start = System.currentTimeMillis();
            writer.write(Duration.ofSeconds(workload.warmUpSeconds()), false);
            double cpuBefore = ProcStats.cpuSeconds(shipper.pid());
            long measuredStart = System.nanoTime();
            writer.write(Duration.ofSeconds(workload.seconds()), true);
            double measuredSeconds = (System.nanoTime() - measuredStart) / 1e9;
            double cpuDuring = ProcStats.cpuSeconds(shipper.pid()) - cpuBefore;
            WorkloadFiles.Written written = writer.written();
            Completion done = awaitAll(shipper, written.events(), Duration.ofSeconds(60), false);
            return finish(workload, launch.name(), run, live.load(), written, shipper, start, done,
                    endpoint.cpuSeconds() - live.endpointCpu(), 100.0 * cpuDuring / measuredSeconds,
                    "written at " + String.format("%.1f", writer.achievedMiBPerSecond())
                            + " MiB/s; throughput figures are the write rate, not the shipper's limit");
        }
    }

    private Measurement idle(Workload workload, Launch launch, int run, Path data, WorkloadFiles.Written written,
                             Path runDir) throws IOException, InterruptedException {
        String load = ProcStats.loadAverages();
        double endpointCpu = endpoint.cpuSeconds();
        Path config = ShipperSetup.write(runDir, data, workload, endpoint.endpoint());
        try (ShipperUnderTest shipper = start(launch, config, runDir)) {
            Completion done = awaitAll(shipper, written.events(), Duration.ofSeconds(120), false);
            double settled = settle(shipper.pid(), workload.seconds() >= 10);
            CpuWindow window = CpuWindow.open(shipper.pid());
            Thread.sleep(workload.seconds() * 1000L); // the measured idle window: nothing to wait for but time
            CpuWindow.Result idle = window.close();
            done = done.inWindow(idle, memory ? MemoryBreakdown.of(shipper.pid()) : null);
            return finish(workload, launch.name(), run, load, written, shipper, shipper.startedAtMillis(), done,
                    endpoint.cpuSeconds() - endpointCpu, idle.percentOfCore(),
                    workload.files() + " files idle for " + workload.seconds() + " s after " + Math.round(settled)
                            + " s of settling; cpu by thread is the idle window's");
        }
    }

    /**
     * A trickle written line by line: unstamped lines for the warm-up and until the JIT has settled, then stamped lines
     * for the measured window, whose CPU (all and per thread), RSS and write-to-ack latency are the result; then the
     * writer stops and the run ends when every line was acknowledged.
     */
    private Measurement steady(Workload workload, Launch launch, int run, Path runDir)
            throws IOException, InterruptedException {
        LiveRun live = live(workload, runDir);
        try (ShipperUnderTest shipper = start(launch, live.config(), runDir)) {
            shipper.awaitStarted(START_TIMEOUT);
            long start = System.currentTimeMillis();
            LineByLineWriter writer = new LineByLineWriter(live.log(), workload.writeRate());
            writer.start();
            CpuWindow.Result window;
            long peakInWindowKiB = 0;
            double warmUp;
            try {
                Thread.sleep(workload.steadyWarmUpSeconds() * 1000L); // the warm-up: nothing to wait for but time
                warmUp = workload.steadyWarmUpSeconds() + settle(shipper.pid(), workload.seconds() >= 10);
                writer.stamping(true);
                CpuWindow measuring = CpuWindow.open(shipper.pid());
                long end = System.nanoTime() + workload.seconds() * 1_000_000_000L;
                while (System.nanoTime() - end < 0) {
                    Thread.sleep(Math.max(1, Math.min(1_000, (end - System.nanoTime()) / 1_000_000))); // RSS once a second
                    peakInWindowKiB = Math.max(peakInWindowKiB, ProcStats.rssKiB(shipper.pid()));
                }
                window = measuring.close();
            } finally {
                writer.stop();
            }
            Map<String, Double> parts = memory ? MemoryBreakdown.of(shipper.pid()) : null;
            WorkloadFiles.Written written = writer.written();
            Completion done = awaitAll(shipper, written.events(), Duration.ofSeconds(60), false).inWindow(window, parts);
            return finish(workload, launch.name(), run, live.load(), written, shipper, start, done,
                    endpoint.cpuSeconds() - live.endpointCpu(), window.percentOfCore(),
                    String.format("written at %.1f KiB/s line by line; window %.0f s after %.0f s of warm-up; highest RSS "
                            + "in the window %.1f MiB; cpu by thread is the window's", writer.achievedKiBPerSecond(),
                            window.seconds(), warmUp, peakInWindowKiB / 1024.0));
        }
    }

    /**
     * Waits until the shipper is idle in the steady sense before the idle window: the last checkpoint written, and the JIT
     * compilers done with the backlog of the busy start (C2 compiles what the start made hot for tens of seconds after
     * it, a one-time cost per process, which the idle figure would otherwise mostly be). Settled = the compiler threads
     * used under 20 ms of CPU in 30 s: three default watched scan intervals (10 s), whose scans keep making code hot for
     * a minute or two after start, so a quiet stretch between scans is not taken for the end of compiling; at most
     * 180 s. Returns the seconds waited.
     */
    static double settle(long pid, boolean full) throws InterruptedException {
        long t0 = System.nanoTime();
        if (!full) {
            Thread.sleep(1_000);
            return 1;
        }
        double before = compilerCpu(pid);
        do {
            Thread.sleep(30_000);
            double now = compilerCpu(pid);
            if (now - before < 0.02) {
                break;
            }
            before = now;
        } while (System.nanoTime() - t0 < 180_000_000_000L);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double compilerCpu(long pid) {
        return ProcStats.cpuByThread(pid).entrySet().stream().filter(e -> e.getKey().contains("Compiler"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    // ---------------------------------------------------------------- measuring

    /** The moment every event was accepted, with the shipper's CPU then and at the first acknowledgement. */
    private record Completion(boolean allArrived, FakeEndpoint.Stats stats, long firstAck, long lastAck, double cpuAtEnd,
                              long peakRssKiB, double cpuAtFirstAck, long eventsAtFirstAck, Map<String, Double> threads, double systemCpu,
                              String failure, Long rssKiB, Map<String, Double> memory) {
        /** The figures of a measured window instead: its threads' CPU, the RSS at its end, the breakdown taken then. */
        Completion inWindow(CpuWindow.Result window, Map<String, Double> parts) {
            return new Completion(allArrived, stats, firstAck, lastAck, cpuAtEnd, peakRssKiB, cpuAtFirstAck, eventsAtFirstAck,
                    window.threads(), systemCpu, failure, window.rssKiB(), parts);
        }

        Completion withMemory(Map<String, Double> parts) {
            return new Completion(allArrived, stats, firstAck, lastAck, cpuAtEnd, peakRssKiB, cpuAtFirstAck, eventsAtFirstAck,
                    threads, systemCpu, failure, rssKiB, parts);
        }
    }

    /**
     * Waits until {@code expected} events were accepted. With {@code lastHeldBack} (multiline workloads) the timing and
     * CPU figures are taken when all but the last event are in: the last record is complete only after
     * {@code multiline.flushTimeout} without a new line, by design, and that wait is not throughput. Completeness is
     * still judged on every event.
     */
    private Completion awaitAll(ShipperUnderTest shipper, long expected, Duration timeout, boolean lastHeldBack)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        double cpuAtFirstAck = -1;
        long eventsAtFirstAck = 0;
        Completion timing = null;
        while (true) {
            double cpu = ProcStats.cpuSeconds(shipper.pid());
            long rss = ProcStats.peakRssKiB(shipper.pid());
            FakeEndpoint.Stats stats = endpoint.stats();
            if (cpuAtFirstAck < 0 && stats.acceptedEvents() > 0) {
                cpuAtFirstAck = cpu;
                eventsAtFirstAck = stats.acceptedEvents();
            }
            long timed = lastHeldBack ? expected - 1 : expected;
            if (timing == null && stats.acceptedEvents() >= timed) {
                timing = new Completion(true, stats, stats.firstAcceptedAtMillis(), stats.lastAcceptedAtMillis(), cpu, rss,
                        cpuAtFirstAck, eventsAtFirstAck, ProcStats.cpuByThread(shipper.pid()),
                        ProcStats.systemCpuSeconds(shipper.pid()), null, null, null);
            }
            if (stats.acceptedEvents() >= expected) {
                return timing;
            }
            String failure = !shipper.isAlive() ? "the shipper exited:\n" + shipper.stderrTail()
                    : System.nanoTime() > deadline ? "timed out after " + timeout + " with " + stats.acceptedEvents()
                    + " of " + expected + " events" : null;
            if (failure != null) {
                return new Completion(false, stats, stats.firstAcceptedAtMillis(), stats.lastAcceptedAtMillis(), cpu, rss,
                        cpuAtFirstAck, eventsAtFirstAck, ProcStats.cpuByThread(shipper.pid()),
                        ProcStats.systemCpuSeconds(shipper.pid()), failure, null, null);
            }
            // Sampling another process (CPU and counters have no change notification): often until the first ack, whose
            // CPU reading splits start-up from steady state, then less often to leave the CPU to the shipper.
            Thread.sleep(cpuAtFirstAck < 0 ? 20 : 50);
        }
    }

    private Measurement finish(Workload workload, String jvm, int run, String load, WorkloadFiles.Written written,
                               ShipperUnderTest shipper, long startMillis, Completion done, double endpointCpu,
                               Double cpuPercent, String note) throws IOException, InterruptedException {
        int exit = shipper.stop(Duration.ofSeconds(30));
        FakeEndpoint.Stats after = endpoint.stats(); // after the drain: duplicates would show here
        boolean throughput = workload.kind() == Workload.Kind.PREWRITTEN || workload.kind() == Workload.Kind.ROTATION;
        // Steady-state figures need the CPU at the first ack, sampled only when the files were written beforehand (a live
        // writer runs before the harness starts sampling).
        boolean steadyKnown = workload.kind() == Workload.Kind.PREWRITTEN;
        Double seconds = done.lastAck > 0 ? (done.lastAck - startMillis) / 1000.0 : null;
        Double steady = done.lastAck > done.firstAck ? (done.lastAck - done.firstAck) / 1000.0 : null;
        double cpu = done.cpuAtEnd;
        Double steadyCpuPerGiB = null;
        Double steadyMiBPerSecond = null;
        if (done.cpuAtFirstAck >= 0 && written.events() > done.eventsAtFirstAck) {
            double steadyBytes = written.bytes() * (double) (written.events() - done.eventsAtFirstAck) / written.events();
            steadyCpuPerGiB = (cpu - done.cpuAtFirstAck) / (steadyBytes / GIB);
            steadyMiBPerSecond = steady == null ? null : steadyBytes / MIB / steady;
        }
        List<String> notes = new ArrayList<>();
        if (note != null) {
            notes.add(note);
        }
        if (done.failure != null) {
            notes.add(done.failure);
        }
        if (after.acceptedEvents() > written.events()) {
            notes.add((after.acceptedEvents() - written.events()) + " events more than written ("
                    + (workload.content() == Workload.Content.JAVA_MIX ? "records split by a multiline flush, or duplicates"
                    : "duplicates") + ")");
        }
        FakeEndpoint.Stats s = done.stats;
        boolean latency = workload.kind() == Workload.Kind.LATENCY || workload.kind() == Workload.Kind.STEADY;
        return new Measurement(workload.name(), jvm, run, load + " -> " + ProcStats.loadAverages(), written.bytes(),
                written.events(), after.acceptedEvents(), done.allArrived && after.acceptedEvents() == written.events(),
                throughput ? seconds : null, steadyKnown ? steady : null,
                throughput && seconds != null ? written.bytes() / MIB / seconds : null,
                steadyKnown ? steadyMiBPerSecond : null,
                throughput && seconds != null ? written.events() / seconds : null,
                cpu, done.systemCpu, throughput ? cpu / (written.bytes() / GIB) : null, steadyKnown ? steadyCpuPerGiB : null,
                done.peakRssKiB / 1024.0, done.rssKiB == null ? null : done.rssKiB / 1024.0,
                done.firstAck > 0 && workload.kind() != Workload.Kind.ROTATION && !latency
                        ? done.firstAck - shipper.startedAtMillis() : null,
                latency ? s.latencyP50Millis() : null, latency ? s.latencyP99Millis() : null,
                latency ? s.latencyMaxMillis() : null, latency ? s.latencyCount() : null,
                cpuPercent, endpointCpu, endpoint.fast() ? "fast" : "strict", after.putRequests(), exit,
                String.join("; ", notes), done.threads, done.memory);
    }

    private static Duration timeoutFor(long bytes) {
        return Duration.ofSeconds(Math.max(60, bytes / (2L << 20)));
    }

    static Path freshDir(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
