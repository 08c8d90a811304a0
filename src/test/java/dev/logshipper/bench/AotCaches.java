package dev.logshipper.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JDK 25 AOT caches for the {@code aot} JVM configurations, trained once per benchmark invocation: a training run
 * ships a small raw workload with {@code -XX:AOTCacheOutput=FILE} (JEP 514's one-step workflow: the JVM records
 * during the run and writes the cache at exit, after SIGTERM), then the measured runs start with
 * {@code -XX:AOTCache=FILE}. The training run uses the same flags, as the cache requires.
 */
final class AotCaches {

    private final WorkloadRunner runner;
    private final Path dir;
    private final Map<String, Path> caches = new HashMap<>();

    AotCaches(WorkloadRunner runner, Path workDir) {
        this.runner = runner;
        this.dir = workDir.resolve("aot");
    }

    List<String> flagsFor(JvmConfig jvm) throws IOException, InterruptedException {
        Path cache = caches.get(jvm.name());
        if (cache == null) {
            cache = train(jvm);
            caches.put(jvm.name(), cache);
        }
        List<String> flags = new ArrayList<>(jvm.flags());
        flags.add("-XX:AOTCache=" + cache);
        return flags;
    }

    private Path train(JvmConfig jvm) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path cache = dir.resolve(jvm.name() + ".aot").toAbsolutePath();
        Files.deleteIfExists(cache);
        Workload training = new Workload("aot-training", Workload.Kind.PREWRITTEN, Workload.Content.RAW, 20_000_000, 1, 0, 0,
                0, "", "AOT training: 20 MB raw");
        Path data = WorkloadRunner.freshDir(dir.resolve("training-data"));
        WorkloadFiles.Written written = WorkloadFiles.write(training, data);
        List<String> flags = new ArrayList<>(jvm.flags());
        flags.add("-XX:AOTCacheOutput=" + cache);
        Measurement m = runner.run(training, jvm.name() + "-train", flags, 0, data, written);
        if (!Files.isRegularFile(cache)) {
            throw new IOException("AOT training for " + jvm.name() + " wrote no cache " + cache + " (exit " + m.exitCode()
                    + ", " + m.note() + ")");
        }
        return cache;
    }
}
