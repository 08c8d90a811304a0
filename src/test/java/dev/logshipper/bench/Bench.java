package dev.logshipper.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark of issue 6 ({@code bench/run.sh} runs it): starts the fake CloudWatch endpoint in its own process,
 * writes each workload's files, runs the shipper jar as a separate process per JVM configuration, and reports
 * throughput, CPU per GiB, peak RSS, first-ack time, write-to-ack latency and idle CPU as a table and as JSON.
 *
 * <pre>
 * Bench [--smoke] [--workload NAME,...|all] [--jvm NAME,...|all] [--repeat N] [--profile] [--memory]
 *       [--strict-endpoint] [--rotation-rate MIB_PER_S (0 = unpaced)] [--jar FILE | --jar LABEL=FILE,LABEL=FILE...]
 *       [--work DIR] [--out DIR]
 *       [--extra-flags "-XX:A -XX:B" (appended to every configuration, whose name gets a '+x': for experiments)]
 *       [--variants "LABEL: -XX:A NAME=value | LABEL: ..." (each configuration once per variant, named jvm+LABEL;
 *        NAME=value tokens are environment variables, e.g. MALLOC_ARENA_MAX=2)]
 * Bench --wake-up-cost [--smoke] [--repeat N]      (the tailer's wake sources alone: {@link WakeUpCost})
 * </pre>
 * The key measurement (workload {@code raw}) runs 3 times unless {@code --repeat} says otherwise, the others once;
 * tables show medians. Several jars (named {@code jvm@LABEL}) and variants are A/B comparisons: each repetition runs
 * every jar x configuration x variant once, in turn, so that the machine's changing load falls on all of them alike.
 * {@code --memory} adds {@code -XX:NativeMemoryTracking=summary} and prints where the resident memory is
 * ({@link MemoryBreakdown}) after a backlog and at the end of an idle or steady window. Exit code 0 when every run
 * delivered every event, 1 otherwise, 2 for bad arguments.
 */
public final class Bench {

    /** Parsed command line. */
    record Options(boolean smoke, String workloads, String jvms, Integer repeat, boolean profile, boolean strictEndpoint,
                   Map<String, Path> jars, Path work, Path out, Long rotationRate, List<String> extraFlags,
                   Map<String, List<String>> variants, boolean memory, boolean wakeUpCost) {

        /** The first jar: the one the warm-up and profiling runs use. */
        Path jar() {
            return jars.values().iterator().next();
        }

        static Options parse(String... args) {
            boolean smoke = false;
            boolean profile = false;
            boolean strict = false;
            boolean memory = false;
            boolean wakeUpCost = false;
            String workloads = null;
            String jvms = null;
            Integer repeat = null;
            Map<String, Path> jars = Map.of("", Path.of(System.getProperty("shipper.jar", "target/log-shipper.jar")));
            Map<String, List<String>> variants = Map.of("", List.of());
            Path work = Path.of(System.getProperty("java.io.tmpdir"), "log-shipper-bench");
            Path out = Path.of("bench-results");
            Long rotationRate = null;
            List<String> extraFlags = List.of();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--smoke" -> smoke = true;
                    case "--profile" -> profile = true;
                    case "--strict-endpoint" -> strict = true;
                    case "--workload", "--workloads" -> workloads = args[++i];
                    case "--jvm" -> jvms = args[++i];
                    case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                    case "--memory" -> memory = true;
                    case "--wake-up-cost" -> wakeUpCost = true;
                    case "--jar" -> jars = jars(args[++i]);
                    case "--variants" -> variants = variants(args[++i]);
                    case "--work" -> work = Path.of(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--rotation-rate" -> rotationRate = Long.parseLong(args[++i]) << 20;
                    case "--extra-flags" -> extraFlags = List.of(args[++i].trim().split("\\s+"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(smoke, workloads, jvms, repeat, profile, strict, jars, work, out, rotationRate, extraFlags,
                    variants, memory, wakeUpCost);
        }

        /** {@code FILE}, or {@code LABEL=FILE,LABEL=FILE,...} for an A/B comparison of builds. */
        private static Map<String, Path> jars(String value) {
            if (!value.contains("=")) {
                return Map.of("", Path.of(value));
            }
            Map<String, Path> jars = new LinkedHashMap<>();
            for (String item : value.split(",")) {
                int eq = item.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--jar: expected LABEL=FILE, got '" + item + "'");
                }
                jars.put(item.substring(0, eq).trim(), Path.of(item.substring(eq + 1).trim()));
            }
            return jars;
        }

        /** {@code LABEL: tokens | LABEL: tokens}; an empty label is the configuration as it is. */
        private static Map<String, List<String>> variants(String value) {
            Map<String, List<String>> variants = new LinkedHashMap<>();
            for (String item : value.split("\\|")) {
                int colon = item.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("--variants: expected LABEL: FLAGS, got '" + item.trim() + "'");
                }
                String flags = item.substring(colon + 1).trim();
                variants.put(item.substring(0, colon).trim(), flags.isEmpty() ? List.of() : List.of(flags.split("\\s+")));
            }
            return variants;
        }
    }

    private final Options options;
    private final PrintStream out;
    private final List<Measurement> results = new ArrayList<>();

    Bench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage()); // CLI output
            System.exit(2);
            return;
        }
        // Interrupted (Ctrl-C, timeout): end the endpoint and shipper processes this harness started, not only itself.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroy)));
        if (options.wakeUpCost()) {
            Files.createDirectories(options.work());
            new WakeUpCost(options.work(), options.smoke() ? 1 : 5, options.smoke() ? 2 : 20, System.out)
                    .run(options.repeat() == null ? 3 : options.repeat());
            System.exit(0);
        }
        List<Measurement> results = new Bench(options, System.out).run();
        System.exit(results.stream().allMatch(Measurement::allArrived) ? 0 : 1);
    }

    /** Runs everything selected; returns every run's measurement (also written as JSON). */
    List<Measurement> run() throws IOException, InterruptedException {
        for (Path jar : options.jars().values()) {
            if (!Files.isRegularFile(jar)) {
                throw new IOException("the shipper jar " + jar.toAbsolutePath() + " is missing: run `./mvnw package`");
            }
        }
        List<Workload> workloads = Workload.select(options.smoke() ? Workload.smoke() : Workload.full(), options.workloads())
                .stream().map(w -> w.kind() == Workload.Kind.ROTATION && options.rotationRate() != null
                        ? w.withWriteRate(options.rotationRate()) : w).toList();
        List<JvmConfig> jvms = JvmConfig.select(options.jvms()).stream()
                .map(j -> j.withExtraFlags(options.extraFlags()))
                .flatMap(j -> options.variants().entrySet().stream().map(v -> j.withVariant(v.getKey(), v.getValue())))
                .map(j -> options.memory() ? j.withVariant("", List.of("-XX:NativeMemoryTracking=summary")) : j)
                .toList();
        Files.createDirectories(options.work());
        Map<String, Object> environment = environment();
        out.println("log-shipper benchmark " + environment);
        Path endpointLog = options.work().resolve("endpoint.log");
        try (FakeEndpoint endpoint = FakeEndpoint.start(!options.strictEndpoint(), endpointLog)) {
            WorkloadRunner runner = new WorkloadRunner(endpoint, options.work(), options.memory());
            Map<String, AotCaches> aot = new LinkedHashMap<>();
            options.jars().forEach((label, jar) -> aot.put(label, new AotCaches(jar, options.work().resolve("aot" + label))));
            Report.printHeader(out);
            if (!options.smoke()) {
                warmUp(runner);
            }
            for (Workload workload : workloads) {
                if (workload.kind() == Workload.Kind.ROTATION && !Logrotate.available()) {
                    out.println("skipping " + workload.name() + ": " + Logrotate.BINARY + " is not installed");
                    continue;
                }
                Path data = options.work().resolve("data").resolve(workload.name());
                WorkloadFiles.Written written = prepare(workload, data);
                int repeats = options.repeat() != null ? options.repeat() : workload.name().equals("raw") ? 3 : 1;
                for (int r = 1; r <= repeats; r++) {
                    for (Map.Entry<String, Path> jar : options.jars().entrySet()) {
                        for (JvmConfig jvm : jvms) {
                            List<String> flags = jvm.aot() ? aot.get(jar.getKey()).flagsFor(jvm) : jvm.flags();
                            String name = jar.getKey().isEmpty() ? jvm.name() : jvm.name() + "@" + jar.getKey();
                            Measurement m = runner.run(workload, new WorkloadRunner.Launch(jar.getValue(), name, flags,
                                    jvm.env()), r, data, written);
                            results.add(m);
                            Report.printRow(out, m, Integer.toString(r));
                            Report.printThreads(out, m);
                        }
                    }
                }
                if (options.profile() && workload.kind() == Workload.Kind.PREWRITTEN) {
                    profile(runner, workload, data, written);
                }
            }
        }
        Report.printSummary(out, results);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path json = options.out().resolve("bench-" + stamp + ".json");
        Report.writeJson(json, environment, results);
        Files.copy(json, options.out().resolve("latest.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        out.println("\nwritten: " + json.toAbsolutePath());
        return results;
    }

    /**
     * One unrecorded 20 MB run first: the endpoint is a fresh JVM whose request path is still interpreted, and the jar
     * is not yet in the page cache; without this the first measured run of an invocation is the slowest.
     */
    private void warmUp(WorkloadRunner runner) throws IOException, InterruptedException {
        Workload warmUp = new Workload("warm-up", Workload.Kind.PREWRITTEN, Workload.Content.RAW, 20_000_000, 1, 0, 0, 0,
                "", "endpoint warm-up, not recorded");
        Path data = options.work().resolve("data").resolve(warmUp.name());
        WorkloadFiles.Written written = prepare(warmUp, data);
        Measurement m = runner.run(warmUp, new WorkloadRunner.Launch(options.jar(), JvmConfig.baseline().name(),
                JvmConfig.baseline().flags(), Map.of()), 0, data, written);
        Report.printRow(out, m, "-");
    }

    /** Writes the workload's files once per invocation (the runs only read them). */
    private WorkloadFiles.Written prepare(Workload workload, Path data) throws IOException {
        if (workload.kind() == Workload.Kind.LATENCY || workload.kind() == Workload.Kind.STEADY) {
            return null; // written while the shipper runs
        }
        WorkloadRunner.freshDir(data);
        long t0 = System.nanoTime();
        WorkloadFiles.Written written = WorkloadFiles.write(workload, data);
        out.printf("# %s: %s - wrote %,d bytes, %,d events in %d file(s) in %.1f s%n", workload.name(),
                workload.description(), written.bytes(), written.events(), workload.files(), (System.nanoTime() - t0) / 1e9);
        return written;
    }

    /**
     * One more run of {@code raw} with JFR (settings=profile, execution samples every 1 ms, and JDK 25's CPU-time
     * sampler, which also sees time spent in native code such as socket writes), summarised; not a measurement.
     */
    private void profile(WorkloadRunner runner, Workload workload, Path data, WorkloadFiles.Written written)
            throws IOException, InterruptedException {
        Files.createDirectories(options.out());
        Path jfr = options.out().resolve("profile-" + workload.name() + ".jfr").toAbsolutePath();
        JvmConfig jvm = JvmConfig.baseline();
        List<String> flags = new ArrayList<>(jvm.flags());
        flags.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true,"
                + "jdk.ExecutionSample#period=1ms,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=1ms");
        Measurement m = runner.run(workload, new WorkloadRunner.Launch(options.jar(), jvm.name() + "+jfr", flags, Map.of()), 0,
                data, written);
        results.add(m);
        Report.printRow(out, m, "jfr");
        Report.printThreads(out, m);
        String summary = JfrSummary.read(jfr).format(15);
        Files.writeString(options.out().resolve("profile-" + workload.name() + ".txt"), summary);
        out.println("\nProfile of " + workload.name() + " (" + jvm.name() + ", JFR; " + jfr + "):");
        out.println(summary);
    }

    private Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("date", LocalDateTime.now().toString());
        env.put("cpus", Runtime.getRuntime().availableProcessors());
        env.put("cpuModel", cpuModel());
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("load", ProcStats.loadAverages());
        env.put("endpoint", options.strictEndpoint() ? "strict" : "fast");
        env.put("smoke", options.smoke());
        env.put("jars", options.jars().entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "" : e.getKey() + "=") + e.getValue().toAbsolutePath()).toList());
        return env;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
